module kitchensink

go 1.19
