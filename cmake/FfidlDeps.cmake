# Third-party dependencies, all from Debian packages (see README.md).
# libcbor and standalone Asio ship no CMake config: libcbor comes through
# pkg-config and Asio is a header-only interface target.

find_package(pegtl 3 REQUIRED CONFIG)
find_package(fmt REQUIRED CONFIG)
find_package(CLI11 REQUIRED CONFIG)
# The language server's JSON-RPC (header-only; docs/decisions.md says why this one).
find_package(nlohmann_json 3 REQUIRED CONFIG)
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBCBOR REQUIRED IMPORTED_TARGET libcbor)
find_package(Threads REQUIRED)

find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
# Named ffidl_asio in the build; the installed package config recreates it as
# ffidl::asio (see cmake/ffidlConfig.cmake.in).
if(NOT TARGET ffidl_asio)
  add_library(ffidl_asio INTERFACE)
  target_include_directories(ffidl_asio SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
  # Standalone (no Boost), C++20 coroutines; clang needs ASIO_HAS_CO_AWAIT.
  # A request keeps several coroutine frames and handlers alive at once;
  # Asio recycles freed ones per thread, two of a kind by default: eight
  # make a call's allocations hits (docs/decisions.md, "Allocations per call").
  # ASIO_DISABLE_STD_ALIGNED_ALLOC: Asio picks aligned_alloc or operator new
  # per translation unit, by whether a standard header came before its own
  # (an ODR violation: one unit's aligned_alloc freed by another's operator
  # delete, which valgrind reports as a mismatched free); one choice for all.
  target_compile_definitions(ffidl_asio INTERFACE ASIO_STANDALONE ASIO_NO_DEPRECATED
                                                  ASIO_HAS_CO_AWAIT=1
                                                  ASIO_RECYCLING_ALLOCATOR_CACHE_SIZE=8
                                                  ASIO_DISABLE_STD_ALIGNED_ALLOC)
  target_link_libraries(ffidl_asio INTERFACE Threads::Threads)
endif()

if(FFIDL_BUILD_TESTS)
  find_package(GTest REQUIRED CONFIG)
endif()
