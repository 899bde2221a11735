# Rust: the generated crates' tests and the example Rust clients. cargo
# comes from rustup (~/.cargo/bin, not on a plain PATH); everything builds
# --offline, since the crates have no dependencies.
#
# Sanitized builds skip Rust, as they skip Go: a cargo-built test binary
# cannot load a library built with ASan/TSan.
find_program(FFIDL_CARGO_EXECUTABLE cargo HINTS $ENV{HOME}/.cargo/bin /root/.cargo/bin)

# Sets FFIDL_RUST and FFIDL_RUST_ENV in the caller's scope (a macro: see
# _ffidl_go_setup).
macro(_ffidl_rust_setup)
  if(FFIDL_CARGO_EXECUTABLE AND NOT FFIDL_SANITIZE)
    set(FFIDL_RUST ON)
    get_filename_component(_cargo_dir ${FFIDL_CARGO_EXECUTABLE} DIRECTORY)
    # One target dir for every crate: std and the test harness build once.
    set(FFIDL_RUST_ENV PATH=${_cargo_dir}:$ENV{PATH}
                       CARGO_TARGET_DIR=${CMAKE_BINARY_DIR}/cargo-target CARGO_TERM_COLOR=never)
  else()
    set(FFIDL_RUST OFF)
  endif()
endmacro()
_ffidl_rust_setup()

# ffidl_rust_client(<lib> [SOURCE_DIR <dir>] [NAME <package>] [LIBRARIES <lib>...])
#
# Builds the Cargo package in SOURCE_DIR (default: ./rust_client) against
# <lib>'s generated crate. The package is copied beside the crate, so its
# Cargo.toml depends on it as `<lib> = { path = "../<lib>-rs" }`; NAME is the
# package's binary name (default: <lib>_rust_client), built --offline in
# release mode into <binary dir>/cargo-target/release/<NAME>. Call it in the
# directory of ffidl_add_library(<lib>). LIBRARIES: more libraries the
# package uses (their crates, generated in the same directory, are
# `../<lib>-rs` too). Target: <NAME>. Without cargo it warns and builds
# nothing.
function(ffidl_rust_client name)
  cmake_parse_arguments(ARG "" "SOURCE_DIR;NAME" "LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCE_DIR)
    set(ARG_SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/rust_client)
  endif()
  if(NOT ARG_NAME)
    set(ARG_NAME ${name}_rust_client)
  endif()
  _ffidl_rust_setup()
  if(FFIDL_SANITIZE)
    message(STATUS "ffidl_rust_client(${name}): skipped in a sanitizer build")
    return()
  endif()
  if(NOT FFIDL_RUST)
    message(WARNING "ffidl_rust_client(${name}): no `cargo` found (on PATH or in "
                    "~/.cargo/bin); ${ARG_NAME} is not built")
    return()
  endif()
  get_filename_component(src ${ARG_SOURCE_DIR} ABSOLUTE)
  get_filename_component(leaf ${src} NAME)
  set(dst ${CMAKE_CURRENT_BINARY_DIR}/${leaf})
  set(FFIDL_RUST_CLIENT_BIN ${CMAKE_BINARY_DIR}/cargo-target/release/${ARG_NAME} PARENT_SCOPE)
  file(GLOB_RECURSE rust_sources ${src}/*.rs ${src}/Cargo.toml)
  set(deps)
  foreach(lib IN ITEMS ${name} ${ARG_LIBRARIES})
    list(APPEND deps ${lib}_rust ${lib})
  endforeach()
  add_custom_command(
    OUTPUT ${dst}/built.stamp
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${src} ${dst}
    COMMAND ${CMAKE_COMMAND} -E env ${FFIDL_RUST_ENV} ${FFIDL_CARGO_EXECUTABLE} build --offline
            --release --quiet --manifest-path ${dst}/Cargo.toml
    COMMAND ${CMAKE_COMMAND} -E touch ${dst}/built.stamp
    DEPENDS ${rust_sources} ${deps}
    COMMENT "cargo build: ${ARG_NAME}"
    VERBATIM)
  add_custom_target(${ARG_NAME} ALL DEPENDS ${dst}/built.stamp)
endfunction()
