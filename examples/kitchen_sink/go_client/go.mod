// Built by CMake (cmake/FfidlGo.cmake) through a go.work that points
// kitchensink at the package ffidlc generates beside libkitchen_sink.so.
module kitchen_sink_go_client

go 1.19

require kitchensink v0.0.0
