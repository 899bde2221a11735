# Rust: the generated crates' tests and the example Rust clients. cargo
# comes from rustup (~/.cargo/bin, not on a plain PATH); everything builds
# --offline, since the crates have no dependencies.
#
# Sanitized builds skip Rust, as they skip Go: a cargo-built test binary
# cannot load a library built with ASan/TSan.
find_program(FFIDL_CARGO_EXECUTABLE cargo HINTS $ENV{HOME}/.cargo/bin /root/.cargo/bin)
if(FFIDL_CARGO_EXECUTABLE AND NOT FFIDL_SANITIZE)
  set(FFIDL_RUST ON)
  get_filename_component(_cargo_dir ${FFIDL_CARGO_EXECUTABLE} DIRECTORY)
  # One target dir for every crate: std and the test harness build once.
  set(FFIDL_RUST_ENV PATH=${_cargo_dir}:$ENV{PATH} CARGO_TARGET_DIR=${CMAKE_BINARY_DIR}/cargo-target
                     CARGO_TERM_COLOR=never)
else()
  set(FFIDL_RUST OFF)
endif()

# ffidl_rust_client(<lib>): copies examples/<lib>/rust_client next to the
# generated crate (its Cargo.toml depends on it as path "../<lib>-rs"),
# builds it and runs it as a test.
function(ffidl_rust_client name)
  if(NOT FFIDL_RUST)
    return()
  endif()
  set(src ${CMAKE_CURRENT_SOURCE_DIR}/rust_client)
  set(dst ${CMAKE_CURRENT_BINARY_DIR}/rust_client)
  set(bin ${CMAKE_BINARY_DIR}/cargo-target/release/${name}_rust_client)
  add_custom_command(
    OUTPUT ${dst}/built.stamp
    COMMAND ${CMAKE_COMMAND} -E copy_directory ${src} ${dst}
    COMMAND ${CMAKE_COMMAND} -E env ${FFIDL_RUST_ENV} ${FFIDL_CARGO_EXECUTABLE} build --offline
            --release --quiet --manifest-path ${dst}/Cargo.toml
    COMMAND ${CMAKE_COMMAND} -E touch ${dst}/built.stamp
    DEPENDS ${src}/Cargo.toml ${src}/build.rs ${src}/src/main.rs ${name}_rust ${name}
    COMMENT "cargo build: ${name} Rust client"
    VERBATIM)
  add_custom_target(${name}_rust_client ALL DEPENDS ${dst}/built.stamp)
  if(FFIDL_BUILD_TESTS)
    add_test(NAME ${name}_rust_client COMMAND ${bin})
    set_tests_properties(${name}_rust_client PROPERTIES LABELS "rust;example")
  endif()
endfunction()
