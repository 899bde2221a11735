// Built by CMake (cmake/FfidlGo.cmake) through a go.work that points
// echo at the package ffidlc generates beside libecho.so.
module echo_go_client

go 1.19

require echo v0.0.0
