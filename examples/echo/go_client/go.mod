module echo_go_client

go 1.19

require echo v0.0.0
