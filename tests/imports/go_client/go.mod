// Built by CMake (ffidl_go_client with LIBRARIES) through a go.work that
// points atlas and survey at the packages ffidlc generates.
module imports_go_client

go 1.19

require (
	atlas v0.0.0
	survey v0.0.0
)
