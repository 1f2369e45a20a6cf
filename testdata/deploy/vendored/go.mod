module example.com/vendored

go 1.26

require example.com/greet v1.0.0
