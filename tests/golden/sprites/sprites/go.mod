module sprites

go 1.19
