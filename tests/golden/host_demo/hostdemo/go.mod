module hostdemo

go 1.19
