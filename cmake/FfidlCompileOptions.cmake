# Warnings and sanitizers for ffidl's own targets (not imposed on users of
# ffidl_add_library, who get only what their generated code needs).

add_library(ffidl_warnings INTERFACE)
target_compile_options(ffidl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                                                -Wno-unused-parameter)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # g++ 12 misreports Asio's coroutine frame allocator as a new/delete mismatch.
  target_compile_options(ffidl_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-mismatched-new-delete>)
endif()

if(FFIDL_SANITIZE STREQUAL "address")
  set(_san -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # clang 14's function sanitizer misfires on calls through C function
    # pointers; the vptr check needs the C++ UBSan runtime, which the C
    # example clients (linked by the C driver) do not pull in.
    list(APPEND _san -fno-sanitize=function -fno-sanitize=vptr)
  endif()
  add_compile_options(${_san})
  add_link_options(-fsanitize=address,undefined)
elseif(FFIDL_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(NOT FFIDL_SANITIZE STREQUAL "")
  message(FATAL_ERROR "FFIDL_SANITIZE must be '', 'address' or 'thread', not '${FFIDL_SANITIZE}'")
endif()
