// A runtime version no ffidlc of this tree writes glue for: the glue built
// against it must stop at its static_assert (test glue_refuses_another_runtime).
#pragma once

#define FFIDL_RUNTIME_VERSION_MAJOR 0
#define FFIDL_RUNTIME_VERSION_MINOR 99
#define FFIDL_RUNTIME_VERSION_PATCH 0
#define FFIDL_RUNTIME_VERSION "0.99.0"
