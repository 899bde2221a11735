// Built by CMake (ffidl_go_client) through a go.work that points sprites at
// the package ffidlc generates beside libsprites.so.
module sprites_go_client

go 1.19

require sprites v0.0.0
