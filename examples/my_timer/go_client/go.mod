// Built by CMake (cmake/FfidlGo.cmake) through a go.work that points
// mytimer at the package ffidlc generates beside libmy_timer.so.
module my_timer_go_client

go 1.19

require mytimer v0.0.0
