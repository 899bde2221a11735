# Go: the generated packages' end-to-end tests and the example Go clients.
# Go is Debian's golang-go; no module proxy is used (GOPROXY=off) and the
# generated packages need nothing beyond the standard library and cgo.
#
# Sanitized builds skip Go: a Go binary cannot load a library built with
# ASan/TSan (and `go test -race` brings its own ThreadSanitizer).
find_program(FFIDL_GO_EXECUTABLE go)
find_program(FFIDL_GOFMT_EXECUTABLE gofmt)
if(FFIDL_GO_EXECUTABLE AND NOT FFIDL_SANITIZE)
  set(FFIDL_GO ON)
else()
  set(FFIDL_GO OFF)
endif()

# The environment every go command runs in: caches inside the build tree,
# no network.
set(FFIDL_GO_ENV
    GOCACHE=${CMAKE_BINARY_DIR}/go/cache
    GOPATH=${CMAKE_BINARY_DIR}/go/path
    GOPROXY=off
    GOFLAGS=-mod=mod
    GOTOOLCHAIN=local
    CGO_ENABLED=1)

# ffidl_go_client(<lib>): builds examples/<lib>/go_client against the
# generated package through a go.work file (no replace directives in the
# checked-in go.mod) and runs it as a test.
function(ffidl_go_client name)
  if(NOT FFIDL_GO)
    return()
  endif()
  string(REPLACE "_" "" pkg ${name})
  set(src ${CMAKE_CURRENT_SOURCE_DIR}/go_client)
  set(work ${CMAKE_CURRENT_BINARY_DIR}/go_client.work)
  set(bin ${CMAKE_CURRENT_BINARY_DIR}/go_client/${name}_go_client)
  file(WRITE ${work} "go 1.19\n\nuse (\n\t${CMAKE_CURRENT_BINARY_DIR}/${pkg}\n\t${src}\n)\n")
  add_custom_command(
    OUTPUT ${bin}
    COMMAND ${CMAKE_COMMAND} -E env ${FFIDL_GO_ENV} GOFLAGS= GOWORK=${work}
            ${FFIDL_GO_EXECUTABLE} build -o ${bin} .
    WORKING_DIRECTORY ${src}
    DEPENDS ${src}/main.go ${src}/go.mod ${name}_go ${name}
    COMMENT "go build: ${name} Go client"
    VERBATIM)
  add_custom_target(${name}_go_client ALL DEPENDS ${bin})
  if(FFIDL_BUILD_TESTS)
    add_test(NAME ${name}_go_client COMMAND ${bin})
    set_tests_properties(${name}_go_client PROPERTIES LABELS "go;example")
  endif()
endfunction()
