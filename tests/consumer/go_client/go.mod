module greeter_go_client

go 1.19

require greeter v0.0.0
