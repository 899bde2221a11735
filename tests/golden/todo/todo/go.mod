module todo

go 1.19
