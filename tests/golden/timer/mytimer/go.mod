module mytimer

go 1.19
