// Package govmetrics is the Go client of the govmetrics services. The message and service
// types are generated from proto/ into the module github.com/govmetrics/govmetrics/gen/go
// (clients/go/generate.sh); every RPC of every service is a method of the generated
// clients (indexv1.NewIndexServiceClient(conn), ...). Dial returns a connection whose
// interceptors give every call of every service, generated or added later, the same
// behaviour with no per-RPC code:
//
//   - a default deadline when the caller's context has none;
//   - retries of UNAVAILABLE for idempotent calls (Retryable), with jittered backoff;
//   - failures as *Error, with the google.rpc details decoded (BadRequest field
//     violations, QuotaFailure, PreconditionFailure); status.Code(err) still works.
//
// Options configure TLS, mutual TLS and bearer tokens. ReadPanelCSV reads a CSV with the
// rules every govmetrics client shares; RunStudyWithProgress streams a whole study.
package govmetrics

//go:generate ../generate.sh
