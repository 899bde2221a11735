module my_timer_go_client

go 1.19

require mytimer v0.0.0
