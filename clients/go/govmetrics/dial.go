package govmetrics

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/keepalive"
)

// MaxMessageBytes matches the servers' default --max_message_mb=64. A smaller client limit
// rejects large valid panels on the client side; a larger one only moves the refusal to the
// server.
const MaxMessageBytes = 64 * 1024 * 1024

// KeepaliveTime is the shortest ping period the gRPC C++ servers accept by default when no
// data flows (5 minutes); shorter periods get GOAWAY "too_many_pings" during long fits.
const KeepaliveTime = 5 * time.Minute

// DefaultTimeout is the deadline of a call whose context has none.
const DefaultTimeout = 60 * time.Second

type options struct {
	tls          *tls.Config
	token        string
	insecureTok  bool
	timeout      time.Duration
	retry        bool
	dialOptions  []grpc.DialOption
	configErrors []error
}

// Option configures Dial.
type Option func(*options)

// WithTLS trusts the CA bundle in caFile (PEM); "" trusts the system roots.
func WithTLS(caFile string) Option {
	return func(o *options) { o.setTLS(caFile, "", "") }
}

// WithMutualTLS trusts caFile and presents the client certificate and key (PEM files).
func WithMutualTLS(caFile, certFile, keyFile string) Option {
	return func(o *options) { o.setTLS(caFile, certFile, keyFile) }
}

// WithToken sends `authorization: Bearer TOKEN` on every call. Dial refuses it on a
// plaintext connection unless WithInsecureToken is also given (loopback testing only).
func WithToken(token string) Option {
	return func(o *options) { o.token = token }
}

// WithInsecureToken allows WithToken on a plaintext connection.
func WithInsecureToken() Option {
	return func(o *options) { o.insecureTok = true }
}

// WithTimeout sets the deadline of calls whose context has none (DefaultTimeout unless set;
// 0 means no default deadline).
func WithTimeout(d time.Duration) Option {
	return func(o *options) { o.timeout = d }
}

// WithoutRetry turns off the retries of UNAVAILABLE.
func WithoutRetry() Option {
	return func(o *options) { o.retry = false }
}

// WithDialOptions adds grpc.DialOptions (applied after the package's own).
func WithDialOptions(extra ...grpc.DialOption) Option {
	return func(o *options) { o.dialOptions = append(o.dialOptions, extra...) }
}

func (o *options) setTLS(caFile, certFile, keyFile string) {
	config := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			o.configErrors = append(o.configErrors, err)
			return
		}
		config.RootCAs = x509.NewCertPool()
		if !config.RootCAs.AppendCertsFromPEM(pem) {
			o.configErrors = append(o.configErrors, fmt.Errorf("%s: no PEM certificates", caFile))
		}
	}
	if certFile != "" || keyFile != "" {
		pair, err := tls.LoadX509KeyPair(certFile, keyFile)
		if err != nil {
			o.configErrors = append(o.configErrors, err)
			return
		}
		config.Certificates = []tls.Certificate{pair}
	}
	o.tls = config
}

// bearerToken is per-RPC credentials: `authorization: Bearer TOKEN` on every call.
type bearerToken struct {
	token  string
	secure bool
}

func (t bearerToken) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + t.token}, nil
}

func (t bearerToken) RequireTransportSecurity() bool { return t.secure }

// DialOptions are the grpc.DialOptions Dial uses (for callers that dial themselves).
func DialOptions(opts ...Option) ([]grpc.DialOption, error) {
	o := &options{timeout: DefaultTimeout, retry: true}
	for _, opt := range opts {
		opt(o)
	}
	if len(o.configErrors) > 0 {
		return nil, o.configErrors[0]
	}
	transport := grpc.WithInsecure() // grpc-go 1.33 (Debian 12) has no credentials/insecure
	if o.tls != nil {
		transport = grpc.WithTransportCredentials(credentials.NewTLS(o.tls))
	}
	dial := []grpc.DialOption{
		transport,
		grpc.WithDefaultCallOptions(grpc.MaxCallSendMsgSize(MaxMessageBytes), grpc.MaxCallRecvMsgSize(MaxMessageBytes)),
		grpc.WithKeepaliveParams(keepalive.ClientParameters{Time: KeepaliveTime, Timeout: 20 * time.Second}),
		grpc.WithChainUnaryInterceptor(unaryInterceptors(o)...),
		grpc.WithChainStreamInterceptor(streamInterceptors(o)...),
	}
	if o.token != "" {
		if o.tls == nil && !o.insecureTok {
			return nil, errors.New("a bearer token over plaintext needs WithInsecureToken (loopback testing only); use WithTLS")
		}
		dial = append(dial, grpc.WithPerRPCCredentials(bearerToken{token: o.token, secure: o.tls != nil}))
	}
	return append(dial, o.dialOptions...), nil
}

// TargetFromEnv is the address in the environment variable `variable` (e.g.
// GOVMETRICS_MODELING_TARGET), or fallback when it is unset or empty.
func TargetFromEnv(variable, fallback string) string {
	if target := os.Getenv(variable); target != "" {
		return target
	}
	return fallback
}

// Dial opens a connection to target (HOST:PORT); use it with the generated clients, e.g.
// indexv1.NewIndexServiceClient(conn).
func Dial(target string, opts ...Option) (*grpc.ClientConn, error) {
	dial, err := DialOptions(opts...)
	if err != nil {
		return nil, err
	}
	return grpc.Dial(target, dial...)
}
