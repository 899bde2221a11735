module kitchen_sink_go_client

go 1.19

require kitchensink v0.0.0
