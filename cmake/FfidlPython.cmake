# Python: the generated packages need no build (ctypes over the C ABI, the
# standard library only). This finds the interpreter the tests and example
# clients run with, and makes a generated package self-contained.
#
# Debian's /usr/bin/python3 is preferred: a python3 earlier on PATH (say
# pyenv's) may lack the python3-pytest and python3-mypy the tests use.
# Sanitized builds skip Python, as they skip Go and Rust: the interpreter
# cannot load a library built with ASan/TSan unless the sanitizer runtime is
# preloaded.
find_program(FFIDL_PYTHON_EXECUTABLE python3 PATHS /usr/bin NO_DEFAULT_PATH)
find_program(FFIDL_PYTHON_EXECUTABLE python3)

# Sets FFIDL_PYTHON (usable here) in the caller's scope (a macro: see
# _ffidl_go_setup).
macro(_ffidl_python_setup)
  if(FFIDL_PYTHON_EXECUTABLE AND NOT FFIDL_SANITIZE)
    set(FFIDL_PYTHON ON)
  else()
    set(FFIDL_PYTHON OFF)
  endif()
endmacro()
_ffidl_python_setup()

# ffidl_python_package(<lib>)
#
# Copies lib<lib>.so into the generated package (<binary dir>/<lib>-py/<lib>/),
# where the package looks first, so the folder <lib>-py is complete on its
# own: `pip install <binary dir>/<lib>-py` installs the library with it, and
# PYTHONPATH=<binary dir>/<lib>-py runs programs against it. Call it in the
# directory of ffidl_add_library(<lib>). Target: <lib>_python_package; the
# folder to put on PYTHONPATH is left in FFIDL_PYTHON_PATH.
function(ffidl_python_package name)
  set(pkg ${CMAKE_CURRENT_BINARY_DIR}/${name}-py)
  add_custom_command(
    OUTPUT ${pkg}/${name}/lib${name}.so
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${name}> ${pkg}/${name}/lib${name}.so
    DEPENDS ${name} ${name}_python
    COMMENT "Copying lib${name}.so into the Python package ${name}-py"
    VERBATIM)
  add_custom_target(${name}_python_package ALL DEPENDS ${pkg}/${name}/lib${name}.so)
  set(FFIDL_PYTHON_PATH ${pkg} PARENT_SCOPE)
endfunction()
