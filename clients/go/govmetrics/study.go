package govmetrics

import (
	"context"
	"errors"
	"io"

	reportingv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/reporting/v1"
)

// RunStudyWithProgress streams a whole study (StreamStudy), calls onProgress after each
// finished step, and returns the final report.
func RunStudyWithProgress(ctx context.Context, client reportingv1.ReportingServiceClient,
	request *reportingv1.StreamStudyRequest, onProgress func(*reportingv1.Progress)) (*reportingv1.RunStudyResponse, error) {
	stream, err := client.StreamStudy(ctx, request)
	if err != nil {
		return nil, err
	}
	for {
		event, err := stream.Recv()
		if err == io.EOF {
			return nil, errors.New("StreamStudy ended without a result")
		}
		if err != nil {
			return nil, err
		}
		if progress := event.GetProgress(); progress != nil && onProgress != nil {
			onProgress(progress)
		}
		if result := event.GetResult(); result != nil {
			return result, nil
		}
	}
}
