package govmetrics

import (
	"context"
	"fmt"

	commonv1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/common/v1"
	workspacev1 "github.com/govmetrics/govmetrics/gen/go/govmetrics/workspace/v1"
	"google.golang.org/genproto/googleapis/longrunning"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// DefaultRowsPerChunk is the rows per CreateDataset message: with ~10 numeric columns a
// chunk stays well under the default 4 MiB message limit.
const DefaultRowsPerChunk = 50000

// PanelChunks splits a panel into row slices of at most rows rows, every column and label
// in each (for the workspace's CreateDataset stream, whose messages must each fit the
// message limit). The slices share the panel's backing arrays.
func PanelChunks(panel *commonv1.Panel, rows int) []*commonv1.Panel {
	if rows <= 0 {
		rows = DefaultRowsPerChunk
	}
	var chunks []*commonv1.Panel
	for first := 0; first < len(panel.GetEntity()); first += rows {
		last := first + rows
		if last > len(panel.GetEntity()) {
			last = len(panel.GetEntity())
		}
		chunk := &commonv1.Panel{Entity: panel.Entity[first:last], Period: panel.Period[first:last]}
		for _, c := range panel.GetColumns() {
			chunk.Columns = append(chunk.Columns, &commonv1.Column{Name: c.GetName(), Values: c.Values[first:last]})
		}
		for _, l := range panel.GetLabels() {
			chunk.Labels = append(chunk.Labels, &commonv1.Label{Name: l.GetName(), Values: l.Values[first:last]})
		}
		chunks = append(chunks, chunk)
	}
	return chunks
}

// UploadPanel stores panel in the workspace as one dataset (a CreateDataset stream of row
// chunks) and returns it. The upload is all-or-nothing on the server: a failed or cut
// stream stores nothing.
func UploadPanel(ctx context.Context, client workspacev1.WorkspaceServiceClient, panel *commonv1.Panel,
	displayName string, rowsPerChunk int) (*workspacev1.Dataset, error) {
	stream, err := client.CreateDataset(ctx)
	if err != nil {
		return nil, err
	}
	for i, chunk := range PanelChunks(panel, rowsPerChunk) {
		request := &workspacev1.CreateDatasetRequest{Chunk: chunk}
		if i == 0 {
			request.DisplayName = displayName
		}
		// On a refused chunk Send returns io.EOF; the status comes from CloseAndRecv.
		if err := stream.Send(request); err != nil {
			break
		}
	}
	response, err := stream.CloseAndRecv()
	if err != nil {
		return nil, wrapError(err)
	}
	return response.GetDataset(), nil
}

// OperationResult unpacks a finished operation's response into result (e.g. a
// *reportingv1.RunStudyResponse for a study); a failed operation returns its status as an
// *Error, an unfinished one an error.
func OperationResult(operation *longrunning.Operation, result proto.Message) error {
	if !operation.GetDone() {
		return fmt.Errorf("operation %s has not finished", operation.GetName())
	}
	if failure := operation.GetError(); failure != nil {
		return fromStatus(status.FromProto(failure))
	}
	return operation.GetResponse().UnmarshalTo(result)
}
