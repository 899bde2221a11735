// The version of this runtime (the project's version: `ffidlc --version`
// reports the same). Generated glue checks it at compile time, so glue
// written by one ffidlc never builds against a runtime it does not fit.
#pragma once

#define FFIDL_RUNTIME_VERSION_MAJOR 0
#define FFIDL_RUNTIME_VERSION_MINOR 2
#define FFIDL_RUNTIME_VERSION_PATCH 0
#define FFIDL_RUNTIME_VERSION "0.2.0"
