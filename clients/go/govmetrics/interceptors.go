package govmetrics

import (
	"context"
	"io"
	"time"

	"google.golang.org/grpc"
)

// Unary chain, outermost first: default deadline, *Error, retries.
func unaryInterceptors(o *options) []grpc.UnaryClientInterceptor {
	chain := []grpc.UnaryClientInterceptor{deadlineUnary(o.timeout), errorsUnary}
	if o.retry {
		chain = append(chain, retryUnary)
	}
	return chain
}

func streamInterceptors(o *options) []grpc.StreamClientInterceptor {
	chain := []grpc.StreamClientInterceptor{deadlineStream(o.timeout)}
	if o.retry {
		chain = append(chain, retryStream)
	}
	return chain
}

func deadlineUnary(timeout time.Duration) grpc.UnaryClientInterceptor {
	return func(ctx context.Context, method string, req, reply interface{}, cc *grpc.ClientConn,
		invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
		if _, has := ctx.Deadline(); !has && timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		return invoker(ctx, method, req, reply, cc, opts...)
	}
}

func errorsUnary(ctx context.Context, method string, req, reply interface{}, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	return wrapError(invoker(ctx, method, req, reply, cc, opts...))
}

func retryUnary(ctx context.Context, method string, req, reply interface{}, cc *grpc.ClientConn,
	invoker grpc.UnaryInvoker, opts ...grpc.CallOption) error {
	if !Retryable(method) {
		return invoker(ctx, method, req, reply, cc, opts...)
	}
	var b backoffs
	for {
		err := invoker(ctx, method, req, reply, cc, opts...)
		if err == nil || !b.wait(ctx, err) {
			return err
		}
	}
}

// deadlineStream gives a stream without a deadline the default one (released when the
// stream ends) and turns its errors into *Error.
func deadlineStream(timeout time.Duration) grpc.StreamClientInterceptor {
	return func(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string,
		streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
		cancel := context.CancelFunc(func() {})
		if _, has := ctx.Deadline(); !has && timeout > 0 {
			ctx, cancel = context.WithTimeout(ctx, timeout)
		}
		stream, err := streamer(ctx, desc, cc, method, opts...)
		if err != nil {
			cancel()
			return nil, wrapError(err)
		}
		return &endingStream{ClientStream: stream, cancel: cancel}, nil
	}
}

type endingStream struct {
	grpc.ClientStream
	cancel context.CancelFunc
}

func (s *endingStream) RecvMsg(m interface{}) error {
	err := s.ClientStream.RecvMsg(m)
	if err != nil {
		s.cancel()
	}
	return wrapError(err)
}

// retryStream retries a server-streaming call of a retryable method when it fails with
// UNAVAILABLE before its first response (nothing was delivered, so nothing repeats).
func retryStream(ctx context.Context, desc *grpc.StreamDesc, cc *grpc.ClientConn, method string,
	streamer grpc.Streamer, opts ...grpc.CallOption) (grpc.ClientStream, error) {
	stream, err := streamer(ctx, desc, cc, method, opts...)
	if err != nil || desc.ClientStreams || !Retryable(method) {
		return stream, err
	}
	return &retryingStream{ClientStream: stream, restart: func() (grpc.ClientStream, error) {
		return streamer(ctx, desc, cc, method, opts...)
	}, ctx: ctx}, nil
}

type retryingStream struct {
	grpc.ClientStream
	restart  func() (grpc.ClientStream, error)
	ctx      context.Context
	request  interface{}
	received bool
	backoff  backoffs
}

func (s *retryingStream) SendMsg(m interface{}) error {
	s.request = m
	return s.ClientStream.SendMsg(m)
}

func (s *retryingStream) RecvMsg(m interface{}) error {
	for {
		err := s.ClientStream.RecvMsg(m)
		if err == nil {
			s.received = true
			return nil
		}
		if err == io.EOF || s.received || s.request == nil || !s.backoff.wait(s.ctx, err) {
			return err
		}
		if restartErr := s.reopen(); restartErr != nil {
			return err
		}
	}
}

func (s *retryingStream) reopen() error {
	stream, err := s.restart()
	if err != nil {
		return err
	}
	if err := stream.SendMsg(s.request); err != nil {
		return err
	}
	if err := stream.CloseSend(); err != nil {
		return err
	}
	s.ClientStream = stream
	return nil
}
