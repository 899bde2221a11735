// Built by CMake (cmake/FfidlGo.cmake) through a go.work that points
// hostdemo at the package ffidlc generates beside libhost_demo.so.
module host_demo_go_client

go 1.19

require hostdemo v0.0.0
