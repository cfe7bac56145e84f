// Package govmetrics is the Go client for the govmetrics services: channel options that
// match the servers, Panel builders, bearer tokens and decoding of google.rpc.BadRequest
// error details. The message and service types are generated from proto/ by
// clients/go/generate.sh (protoc-gen-go + protoc-gen-go-grpc) into
// github.com/govmetrics/govmetrics/gen/go/govmetrics/<area>/v1.
package govmetrics

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io/ioutil"
	"math"
	"strings"
	"time"

	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
	indexv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/index/v1"
	modelingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/modeling/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// MaxMessageBytes matches the servers' default --max_message_mb=64. A smaller client limit
// rejects large valid panels on the client side; a larger one only moves the refusal to the
// server.
const MaxMessageBytes = 64 * 1024 * 1024

// KeepaliveTime is the shortest ping period the gRPC C++ servers accept by default when no
// data flows (5 minutes); shorter periods get GOAWAY "too_many_pings" during long fits.
const KeepaliveTime = 5 * time.Minute

// DialOptions are the channel options every govmetrics client should use. creds nil means
// plaintext (grpc-go 1.33 has no credentials/insecure: grpc.WithInsecure()).
func DialOptions(creds credentials.TransportCredentials) []grpc.DialOption {
	transport := grpc.WithInsecure()
	if creds != nil {
		transport = grpc.WithTransportCredentials(creds)
	}
	return []grpc.DialOption{
		transport,
		grpc.WithDefaultCallOptions(
			grpc.MaxCallSendMsgSize(MaxMessageBytes),
			grpc.MaxCallRecvMsgSize(MaxMessageBytes)),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{
			Time: KeepaliveTime, Timeout: 20 * time.Second, PermitWithoutStream: false}),
	}
}

// Dial opens a channel to target (HOST:PORT) with DialOptions plus any extra options.
func Dial(target string, creds credentials.TransportCredentials, extra ...grpc.DialOption) (*grpc.ClientConn, error) {
	return grpc.Dial(target, append(DialOptions(creds), extra...)...)
}

// NewIndexClient and NewModelingClient are the generated stubs over a channel.
func NewIndexClient(conn *grpc.ClientConn) indexv1.IndexServiceClient {
	return indexv1.NewIndexServiceClient(conn)
}

// NewModelingClient returns the ModelingService stub over conn.
func NewModelingClient(conn *grpc.ClientConn) modelingv1.ModelingServiceClient {
	return modelingv1.NewModelingServiceClient(conn)
}

// WithToken adds `authorization: Bearer TOKEN` to the outgoing metadata of ctx (works on
// plaintext and TLS channels alike).
func WithToken(ctx context.Context, token string) context.Context {
	return metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer "+token)
}

// BearerToken is per-RPC credentials sending `authorization: Bearer TOKEN` on every call
// (grpc.WithPerRPCCredentials); it refuses plaintext channels so a token never leaks.
type BearerToken string

// GetRequestMetadata implements credentials.PerRPCCredentials.
func (t BearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(t)}, nil
}

// RequireTransportSecurity implements credentials.PerRPCCredentials.
func (t BearerToken) RequireTransportSecurity() bool { return true }

// MutualTLS loads a CA bundle and a client certificate/key pair (PEM files) for mTLS.
func MutualTLS(caFile, certFile, keyFile string) (credentials.TransportCredentials, error) {
	pem, err := ioutil.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s: no PEM certificates", caFile)
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return credentials.NewTLS(&tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair},
		MinVersion: tls.VersionTLS12}), nil
}

// Row is one entity-period of a long-format table: numeric values (math.NaN() = missing)
// and labels ("" = missing).
type Row struct {
	Entity string
	Period int32
	Values map[string]float64
	Labels map[string]string
}

// PanelFromRows builds a Panel from rows; columns and labels list the names to include, in
// order. A name absent from a row's map is missing (NaN or "").
func PanelFromRows(rows []Row, columns, labels []string) *commonv1.Panel {
	panel := &commonv1.Panel{Entity: make([]string, len(rows)), Period: make([]int32, len(rows))}
	for i, r := range rows {
		panel.Entity[i], panel.Period[i] = r.Entity, r.Period
	}
	for _, name := range columns {
		col := &commonv1.Column{Name: name, Values: make([]float64, len(rows))}
		for i, r := range rows {
			v, ok := r.Values[name]
			if !ok {
				v = math.NaN()
			}
			col.Values[i] = v
		}
		panel.Columns = append(panel.Columns, col)
	}
	for _, name := range labels {
		lab := &commonv1.Label{Name: name, Values: make([]string, len(rows))}
		for i, r := range rows {
			lab.Values[i] = r.Labels[name]
		}
		panel.Labels = append(panel.Labels, lab)
	}
	return panel
}

// FieldViolation is one entry of a google.rpc.BadRequest.
type FieldViolation struct {
	Field       string
	Description string
}

// FieldViolations returns the BadRequest field violations carried by an INVALID_ARGUMENT
// error (grpc-status-details-bin); nil when there are none.
func FieldViolations(err error) []FieldViolation {
	st, ok := status.FromError(err)
	if !ok {
		return nil
	}
	var out []FieldViolation
	for _, detail := range st.Details() {
		if bad, ok := detail.(*errdetails.BadRequest); ok {
			for _, v := range bad.GetFieldViolations() {
				out = append(out, FieldViolation{Field: v.GetField(), Description: v.GetDescription()})
			}
		}
	}
	return out
}

// DescribeError formats a gRPC error with its field violations, one per line.
func DescribeError(err error) string {
	st, _ := status.FromError(err)
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", st.Code(), st.Message())
	for _, v := range FieldViolations(err) {
		fmt.Fprintf(&b, "\n  %s: %s", v.Field, v.Description)
	}
	return b.String()
}
