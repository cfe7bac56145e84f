// The Go client of the govmetrics services. It builds offline against Debian's Go packages
// (/usr/share/gocode): every dependency is replaced by its Debian source directory, and
// modules that only appear in the dependency graph (never compiled) by empty stubs under
// debian/stubs. Build with GOFLAGS=-mod=mod GOPROXY=off GOSUMDB=off (docs/clients.md).
module github.com/govmetrics/govmetrics/clients/go

go 1.19

require (
	github.com/govmetrics/govmetrics/gen/go v0.0.0
	google.golang.org/genproto v0.0.0-20200526211855-cb27e3aa2013
	google.golang.org/grpc v1.33.3
	google.golang.org/protobuf v1.28.1
)

require (
	github.com/golang/protobuf v1.5.2 // indirect
	golang.org/x/net v0.3.0 // indirect
	golang.org/x/sys v0.5.0 // indirect
	golang.org/x/text v0.7.0 // indirect
)

replace github.com/govmetrics/govmetrics/gen/go => ./gen

// Debian 12 packages (golang-google-grpc-dev, golang-google-protobuf-dev,
// golang-github-golang-protobuf-1-5-dev, golang-google-genproto-dev, golang-golang-x-*-dev).
replace (
	github.com/golang/protobuf => /usr/share/gocode/src/github.com/golang/protobuf
	github.com/google/go-cmp => /usr/share/gocode/src/github.com/google/go-cmp
	golang.org/x/net => /usr/share/gocode/src/golang.org/x/net
	golang.org/x/oauth2 => /usr/share/gocode/src/golang.org/x/oauth2
	golang.org/x/sys => /usr/share/gocode/src/golang.org/x/sys
	golang.org/x/text => /usr/share/gocode/src/golang.org/x/text
	google.golang.org/genproto => /usr/share/gocode/src/google.golang.org/genproto
	google.golang.org/grpc => /usr/share/gocode/src/google.golang.org/grpc
	google.golang.org/protobuf => /usr/share/gocode/src/google.golang.org/protobuf
)

// Modules named in the dependency graph of the above but never compiled here: empty stubs.
replace (
	cloud.google.com/go/compute/metadata => ./debian/stubs/cloud.google.com/go/compute/metadata
	github.com/cncf/udpa/go => ./debian/stubs/github.com/cncf/udpa/go
	github.com/envoyproxy/go-control-plane => ./debian/stubs/github.com/envoyproxy/go-control-plane
	github.com/golang/glog => ./debian/stubs/github.com/golang/glog
	github.com/google/uuid => ./debian/stubs/github.com/google/uuid
	golang.org/x/lint => ./debian/stubs/golang.org/x/lint
	golang.org/x/mod => ./debian/stubs/golang.org/x/mod
	golang.org/x/term => ./debian/stubs/golang.org/x/term
	golang.org/x/tools => ./debian/stubs/golang.org/x/tools
	google.golang.org/appengine => ./debian/stubs/google.golang.org/appengine
	honnef.co/go/tools => ./debian/stubs/honnef.co/go/tools
)
