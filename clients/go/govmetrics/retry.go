package govmetrics

import (
	"context"
	"math/rand"
	"strings"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
)

// Retries of UNAVAILABLE: 5 attempts, waits drawn uniformly below 0.5 s doubling to 5 s (the
// gRPC retry policy the other clients set through the service config; grpc-go 1.33 applies
// service-config retries only with GRPC_GO_RETRY=on, so the interceptors do it here).
const (
	maxAttempts    = 5
	initialBackoff = 500 * time.Millisecond
	maxBackoff     = 5 * time.Second
)

// StatelessPackages are the compute services: each of their calls is a pure function of the
// request, so every RPC in them may run twice.
var StatelessPackages = []string{"govmetrics.index.v1", "govmetrics.modeling.v1", "govmetrics.reporting.v1"}

// Retryable reports whether the RPC fullMethod ("/pkg.Service/Method") may be retried on
// UNAVAILABLE: its contract marks it idempotent (idempotency_level), it belongs to a
// stateless compute service, or it is an AIP-131/132 standard read (Get*, List*). The
// descriptor comes from the generated code linked into the program.
func Retryable(fullMethod string) bool {
	parts := strings.Split(strings.TrimPrefix(fullMethod, "/"), "/")
	if len(parts) != 2 {
		return false
	}
	service, method := parts[0], parts[1]
	if strings.HasPrefix(method, "Get") || strings.HasPrefix(method, "List") {
		return true
	}
	for _, p := range StatelessPackages {
		if strings.HasPrefix(service, p+".") {
			return true
		}
	}
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(service))
	if err != nil {
		return false
	}
	sd, ok := d.(protoreflect.ServiceDescriptor)
	if !ok || sd.Methods().ByName(protoreflect.Name(method)) == nil {
		return false
	}
	opts, _ := sd.Methods().ByName(protoreflect.Name(method)).Options().(*descriptorpb.MethodOptions)
	level := opts.GetIdempotencyLevel()
	return level == descriptorpb.MethodOptions_NO_SIDE_EFFECTS || level == descriptorpb.MethodOptions_IDEMPOTENT
}

// backoffs yields the wait before each retry; ok is false when no attempt is left or ctx ends.
type backoffs struct {
	attempt int
	next    time.Duration
}

func (b *backoffs) wait(ctx context.Context, err error) bool {
	b.attempt++
	if status.Code(err) != codes.Unavailable || b.attempt >= maxAttempts {
		return false
	}
	if b.next == 0 {
		b.next = initialBackoff
	}
	timer := time.NewTimer(time.Duration(rand.Int63n(int64(b.next))))
	defer timer.Stop()
	if b.next *= 2; b.next > maxBackoff {
		b.next = maxBackoff
	}
	select {
	case <-ctx.Done():
		return false
	case <-timer.C:
		return true
	}
}
