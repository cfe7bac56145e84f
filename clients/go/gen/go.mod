// The code generated from proto/ (clients/go/generate.sh), at the import path the contracts'
// go_package options name. Only this go.mod is committed.
module github.com/govmetrics/govmetrics/gen/go

go 1.19

require (
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)
