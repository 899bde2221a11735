// Built by CMake (ffidl_go_client) through a go.work that points todo at the
// package ffidlc generates beside libtodo.so.
module todo_go_client

go 1.19

require todo v0.0.0
