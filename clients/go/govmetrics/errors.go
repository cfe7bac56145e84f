package govmetrics

import (
	"errors"
	"fmt"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// FieldViolation is one entry of a google.rpc.BadRequest: the request path with the row
// ("panel.columns[2].values[17]") and what is wrong there.
type FieldViolation struct {
	Field       string
	Description string
}

// QuotaViolation is one entry of a google.rpc.QuotaFailure: a configured limit.
type QuotaViolation struct {
	Subject     string
	Description string
}

// PreconditionViolation is one entry of a google.rpc.PreconditionFailure.
type PreconditionViolation struct {
	Type        string
	Subject     string
	Description string
}

// Error is a failed call with its google.rpc details decoded. Calls through Dial's
// connection return it; status.Code(err) and status.FromError(err) work on it as usual.
type Error struct {
	Code                   codes.Code
	Message                string
	FieldViolations        []FieldViolation
	QuotaViolations        []QuotaViolation
	PreconditionViolations []PreconditionViolation
	status                 *status.Status
}

// Error formats the code, the message and one line per violation.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Code, e.Message)
	for _, v := range e.FieldViolations {
		fmt.Fprintf(&b, "\n  %s: %s", v.Field, v.Description)
	}
	for _, v := range e.QuotaViolations {
		fmt.Fprintf(&b, "\n  quota %s: %s", v.Subject, v.Description)
	}
	for _, v := range e.PreconditionViolations {
		fmt.Fprintf(&b, "\n  precondition %s %s: %s", v.Type, v.Subject, v.Description)
	}
	return b.String()
}

// GRPCStatus lets status.FromError and status.Code see the original status.
func (e *Error) GRPCStatus() *status.Status { return e.status }

// AsError returns the *Error in err's chain, decoding a plain gRPC status error if needed.
func AsError(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	if st, ok := status.FromError(err); ok && st.Code() != codes.OK {
		return fromStatus(st), true
	}
	return nil, false
}

func fromStatus(st *status.Status) *Error {
	e := &Error{Code: st.Code(), Message: st.Message(), status: st}
	for _, detail := range st.Details() {
		switch d := detail.(type) {
		case *errdetails.BadRequest:
			for _, v := range d.GetFieldViolations() {
				e.FieldViolations = append(e.FieldViolations, FieldViolation{v.GetField(), v.GetDescription()})
			}
		case *errdetails.QuotaFailure:
			for _, v := range d.GetViolations() {
				e.QuotaViolations = append(e.QuotaViolations, QuotaViolation{v.GetSubject(), v.GetDescription()})
			}
		case *errdetails.PreconditionFailure:
			for _, v := range d.GetViolations() {
				e.PreconditionViolations = append(e.PreconditionViolations,
					PreconditionViolation{v.GetType(), v.GetSubject(), v.GetDescription()})
			}
		}
	}
	return e
}

// wrapError turns a gRPC status error into *Error (other errors, io.EOF included, pass).
func wrapError(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := status.FromError(err); !ok {
		return err
	}
	e, _ := AsError(err)
	return e
}
