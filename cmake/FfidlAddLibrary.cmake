# ffidl_add_library(<name> SCHEMA <file.ffidl> SOURCES <impl.cpp>... [GO_MODULE <path>]
#                   [IMPORT_DIRS <dir>...])
#
# Generates the C header, the C++ service side and the C++ client from the
# schema at build time (again whenever the schema, a schema it imports, or
# ffidlc changes: ffidlc writes a depfile), and
# builds the shared library lib<name>.so from your sources, the generated glue
# and the ffidl runtime. Only the C ABI is exported; everything else has
# hidden visibility, so several ffidl libraries coexist in one process.
#
# Also generates, beside the library in the calling directory's binary dir,
# the Go package <name without underscores>/, the Rust crate <name>-rs/ and
# the Python package <name>-py/ (targets <name>_go, <name>_rust and
# <name>_python; see ffidl_go_client(), ffidl_rust_client() and
# ffidl_python_package() to use them). GO_MODULE sets the Go
# package's module path (default: the package name). IMPORT_DIRS are
# searched for imported schemas (ffidlc -I) after the importing file's
# directory.
#
# <name> is the schema's library name. Targets that link <name> get the
# generated headers (<name>.h, <name>_client.hpp) and the runtime's
# header-only client support on their include path.
#
# Available after find_package(ffidl) or add_subdirectory(<ffidl source>).
function(ffidl_add_library name)
  cmake_parse_arguments(ARG "" "SCHEMA;GO_MODULE" "SOURCES;IMPORT_DIRS" ${ARGN})
  if(NOT ARG_SCHEMA)
    message(FATAL_ERROR "ffidl_add_library(${name}): SCHEMA is required")
  endif()
  if(NOT TARGET ffidl::runtime)
    message(FATAL_ERROR "ffidl_add_library(${name}): ffidl::runtime is missing; use "
                        "find_package(ffidl) or add_subdirectory(<ffidl source dir>) first")
  endif()
  get_filename_component(schema ${ARG_SCHEMA} ABSOLUTE)
  if(TARGET ffidl::ffidlc)
    set(compiler $<TARGET_FILE:ffidl::ffidlc>)
    get_target_property(_imported ffidl::ffidlc IMPORTED)
    if(_imported)
      set(compiler_dep ${compiler})  # the installed binary, as a file
    else()
      get_target_property(compiler_dep ffidl::ffidlc ALIASED_TARGET)  # built in this tree
    endif()
  else()
    find_program(FFIDLC_EXECUTABLE ffidlc REQUIRED)
    set(compiler ${FFIDLC_EXECUTABLE})
    set(compiler_dep ${FFIDLC_EXECUTABLE})
  endif()

  set(import_flags)
  foreach(dir IN LISTS ARG_IMPORT_DIRS)
    get_filename_component(dir ${dir} ABSOLUTE)
    list(APPEND import_flags -I ${dir})
  endforeach()
  set(gen_dir ${CMAKE_CURRENT_BINARY_DIR}/${name}_generated)
  set(outputs ${gen_dir}/${name}.h ${gen_dir}/${name}_types.hpp ${gen_dir}/${name}_service.hpp
              ${gen_dir}/${name}_glue.cpp ${gen_dir}/${name}_client.hpp)
  # The depfile names every schema read (the imported ones too), so editing
  # an imported file regenerates.
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND ${compiler} generate --lang c,cpp-service,cpp ${import_flags} --out ${gen_dir}
            --depfile ${gen_dir}/${name}.d ${schema}
    DEPENDS ${schema} ${compiler_dep}
    DEPFILE ${gen_dir}/${name}.d
    COMMENT "ffidlc: generating ${name} from ${ARG_SCHEMA}"
    VERBATIM)

  add_library(${name} SHARED ${ARG_SOURCES} ${outputs})
  # Where its Go package and Rust crate are (ffidl_go_client LIBRARIES).
  set_target_properties(${name} PROPERTIES FFIDL_BINARY_DIR ${CMAKE_CURRENT_BINARY_DIR})
  # Consumers get <name>.h, <name>_types.hpp and <name>_client.hpp, and the
  # header-only parts of the runtime the C++ client uses (ffidl/result.hpp).
  target_include_directories(${name} PUBLIC ${gen_dir}
                             $<TARGET_PROPERTY:ffidl::runtime,INTERFACE_INCLUDE_DIRECTORIES>)
  target_link_libraries(${name} PRIVATE ffidl::runtime)
  target_compile_features(${name} PRIVATE cxx_std_20)
  set_target_properties(${name} PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
  # Export the C ABI (<name>_*) and nothing else: not the runtime, not the
  # header-only Asio's template statics, which would otherwise be shared
  # (and clash) between two ffidl libraries in one process.
  set(version_script ${gen_dir}/${name}.map)
  file(WRITE ${version_script} "{\n  global:\n    ${name}_*;\n  local:\n    *;\n};\n")
  target_link_options(${name} PRIVATE -Wl,--version-script=${version_script})
  # Report a missing definition (say, a static proc not implemented) at link
  # time, not load time. Sanitizer runtimes live in the executable, so
  # sanitized builds must allow undefined symbols in the library.
  if(NOT FFIDL_SANITIZE AND NOT CMAKE_CXX_FLAGS MATCHES "-fsanitize")
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${version_script})

  # The Go package, the Rust crate and the Python package, beside the
  # library so that cgo's directives, build.rs and the Python loader find it
  # (see FfidlGo.cmake, FfidlRust.cmake, FfidlPython.cmake).
  string(REPLACE "_" "" go_pkg ${name})
  set(go_dir ${CMAKE_CURRENT_BINARY_DIR}/${go_pkg})
  set(binding_flags)
  if(ARG_GO_MODULE)
    set(binding_flags --go-module ${ARG_GO_MODULE})
  endif()
  _ffidl_binding(${name} go "Go package" ${go_dir}/go.mod ${go_dir}/${name}.h ${go_dir}/ffidl.go
                 ${go_dir}/ffidl_host.go
                 ${go_dir}/types.go ${go_dir}/convert.go ${go_dir}/client.go ${go_dir}/exports.go)
  set(rs_dir ${CMAKE_CURRENT_BINARY_DIR}/${name}-rs)
  _ffidl_binding(${name} rust "Rust crate" ${rs_dir}/Cargo.toml ${rs_dir}/build.rs ${rs_dir}/${name}.h
                 ${rs_dir}/src/lib.rs ${rs_dir}/src/client.rs ${rs_dir}/src/ffi.rs ${rs_dir}/src/types.rs
                 ${rs_dir}/src/convert.rs ${rs_dir}/src/support.rs ${rs_dir}/tests/layout.c
                 ${rs_dir}/tests/layout.rs)
  set(py_dir ${CMAKE_CURRENT_BINARY_DIR}/${name}-py)
  _ffidl_binding(${name} python "Python package" ${py_dir}/pyproject.toml ${py_dir}/${name}/__init__.py
                 ${py_dir}/${name}/_ffi.py ${py_dir}/${name}/_support.py ${py_dir}/${name}/_convert.py
                 ${py_dir}/${name}/types.py ${py_dir}/${name}/client.py ${py_dir}/${name}/py.typed)
endfunction()

# _ffidl_binding(<name> <lang> <what> <outputs>...): target <name>_<lang>
# generates one language's binding of <name> into the current binary dir.
# Uses `compiler`, `compiler_dep`, `schema` and `import_flags` from the
# caller's scope.
function(_ffidl_binding name lang what)
  add_custom_command(
    OUTPUT ${ARGN}
    COMMAND ${compiler} generate --lang ${lang} ${binding_flags} ${import_flags}
            --out ${CMAKE_CURRENT_BINARY_DIR} --depfile ${CMAKE_CURRENT_BINARY_DIR}/${name}_${lang}.d
            ${schema}
    DEPENDS ${schema} ${compiler_dep}
    DEPFILE ${CMAKE_CURRENT_BINARY_DIR}/${name}_${lang}.d
    COMMENT "ffidlc: generating the ${name} ${what}"
    VERBATIM)
  add_custom_target(${name}_${lang} ALL DEPENDS ${ARGN} ${name})
endfunction()
