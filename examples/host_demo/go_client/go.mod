module host_demo_go_client

go 1.19

require hostdemo v0.0.0
