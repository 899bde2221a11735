# Go: the generated packages' end-to-end tests and the example Go clients.
# Go is Debian's golang-go; no module proxy is used (GOPROXY=off) and the
# generated packages need nothing beyond the standard library and cgo.
#
# Sanitized builds skip Go: a Go binary cannot load a library built with
# ASan/TSan (and `go test -race` brings its own ThreadSanitizer).
find_program(FFIDL_GO_EXECUTABLE go)
find_program(FFIDL_GOFMT_EXECUTABLE gofmt)

# Sets FFIDL_GO (usable here) and FFIDL_GO_ENV (the environment every go
# command runs in: the build cache $GOCACHE, else inside the build tree; no
# network) in the caller's scope. A macro, because variables do not cross
# add_subdirectory scopes while the cached program paths do.
macro(_ffidl_go_setup)
  if(FFIDL_GO_EXECUTABLE AND NOT FFIDL_SANITIZE)
    set(FFIDL_GO ON)
  else()
    set(FFIDL_GO OFF)
  endif()
  if(DEFINED ENV{GOCACHE})
    set(_ffidl_gocache $ENV{GOCACHE})
  else()
    set(_ffidl_gocache ${CMAKE_BINARY_DIR}/go/cache)
  endif()
  set(FFIDL_GO_ENV
      GOCACHE=${_ffidl_gocache}
      GOPATH=${CMAKE_BINARY_DIR}/go/path
      GOPROXY=off
      GOFLAGS=-mod=mod
      GOTOOLCHAIN=local
      CGO_ENABLED=1)
endmacro()
_ffidl_go_setup()

# ffidl_go_client(<lib> [SOURCE_DIR <dir>] [NAME <exe>] [LIBRARIES <lib>...])
#
# Builds the Go program in SOURCE_DIR (default: ./go_client) against <lib>'s
# generated Go package, through a go.work file (so the program's go.mod needs
# only `require <pkg> v0.0.0`, no replace directive), into
# <binary dir>/go-bin/<exe> (default: <lib>_go_client; the path is also left
# in FFIDL_GO_CLIENT_BIN). Call it in the directory of
# ffidl_add_library(<lib>). LIBRARIES: more libraries whose packages the
# program imports (from wherever ffidl_add_library made them). Target: <exe>.
# Without go (Debian: golang-go) it warns and builds nothing.
function(ffidl_go_client name)
  cmake_parse_arguments(ARG "" "SOURCE_DIR;NAME" "LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCE_DIR)
    set(ARG_SOURCE_DIR ${CMAKE_CURRENT_SOURCE_DIR}/go_client)
  endif()
  if(NOT ARG_NAME)
    set(ARG_NAME ${name}_go_client)
  endif()
  _ffidl_go_setup()
  if(FFIDL_SANITIZE)
    message(STATUS "ffidl_go_client(${name}): skipped in a sanitizer build")
    return()
  endif()
  if(NOT FFIDL_GO)
    message(WARNING "ffidl_go_client(${name}): no `go` found (Debian: golang-go); "
                    "${ARG_NAME} is not built")
    return()
  endif()
  get_filename_component(src ${ARG_SOURCE_DIR} ABSOLUTE)
  set(work ${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}.work)
  set(bin ${CMAKE_CURRENT_BINARY_DIR}/go-bin/${ARG_NAME})
  set(FFIDL_GO_CLIENT_BIN ${bin} PARENT_SCOPE)
  # The package of each library, generated where ffidl_add_library ran.
  set(uses "")
  set(deps)
  foreach(lib IN ITEMS ${name} ${ARG_LIBRARIES})
    string(REPLACE "_" "" pkg ${lib})
    get_target_property(lib_dir ${lib} FFIDL_BINARY_DIR)
    string(APPEND uses "\t${lib_dir}/${pkg}\n")
    list(APPEND deps ${lib}_go ${lib})
  endforeach()
  file(WRITE ${work} "go 1.19\n\nuse (\n${uses}\t${src}\n)\n")
  file(GLOB go_sources ${src}/*.go)
  add_custom_command(
    OUTPUT ${bin}
    COMMAND ${CMAKE_COMMAND} -E env ${FFIDL_GO_ENV} GOFLAGS= GOWORK=${work}
            ${FFIDL_GO_EXECUTABLE} build -o ${bin} .
    WORKING_DIRECTORY ${src}
    DEPENDS ${go_sources} ${src}/go.mod ${deps}
    COMMENT "go build: ${ARG_NAME}"
    VERBATIM)
  add_custom_target(${ARG_NAME} ALL DEPENDS ${bin})
endfunction()
