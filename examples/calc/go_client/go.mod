// Built by CMake (ffidl_go_client) through a go.work that points calc at the
// package ffidlc generates beside libcalc.so.
module calc_go_client

go 1.19

require calc v0.0.0
