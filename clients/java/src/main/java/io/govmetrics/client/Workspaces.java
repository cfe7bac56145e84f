package io.govmetrics.client;

import com.google.longrunning.Operation;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.govmetrics.common.v1.Column;
import io.govmetrics.common.v1.Label;
import io.govmetrics.common.v1.Panel;
import io.govmetrics.workspace.v1.CreateDatasetRequest;
import io.govmetrics.workspace.v1.CreateDatasetResponse;
import io.govmetrics.workspace.v1.Dataset;
import io.govmetrics.workspace.v1.WorkspaceServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The workspace's two multi-message patterns, written once: a panel uploaded as a stream of
 * row chunks (CreateDataset), and the result of a finished long-running operation.
 */
public final class Workspaces {
  /** Rows per CreateDataset message: ~10 numeric columns stay well under 4 MiB. */
  public static final int DEFAULT_ROWS_PER_CHUNK = 50_000;

  private Workspaces() {}

  /** The panel in row slices of at most {@code rows} rows, every column and label in each. */
  public static List<Panel> chunks(Panel panel, int rows) {
    int step = rows > 0 ? rows : DEFAULT_ROWS_PER_CHUNK;
    List<Panel> out = new ArrayList<>();
    for (int first = 0; first < panel.getEntityCount(); first += step) {
      int last = Math.min(first + step, panel.getEntityCount());
      Panel.Builder chunk = Panel.newBuilder()
          .addAllEntity(panel.getEntityList().subList(first, last))
          .addAllPeriod(panel.getPeriodList().subList(first, last));
      for (Column c : panel.getColumnsList()) {
        chunk.addColumns(Column.newBuilder().setName(c.getName()).addAllValues(c.getValuesList().subList(first, last)));
      }
      for (Label l : panel.getLabelsList()) {
        chunk.addLabels(Label.newBuilder().setName(l.getName()).addAllValues(l.getValuesList().subList(first, last)));
      }
      out.add(chunk.build());
    }
    return out;
  }

  /**
   * Stores the panel in the workspace as one dataset (a CreateDataset stream of row chunks)
   * and returns it; a failure is thrown as GovmetricsException. The upload is all-or-nothing
   * on the server: a failed or cut stream stores nothing.
   */
  public static Dataset uploadPanel(WorkspaceServiceGrpc.WorkspaceServiceStub workspace, Panel panel,
      String displayName, int rowsPerChunk) {
    CompletableFuture<CreateDatasetResponse> response = new CompletableFuture<>();
    StreamObserver<CreateDatasetRequest> upload = workspace.createDataset(new StreamObserver<CreateDatasetResponse>() {
      @Override public void onNext(CreateDatasetResponse value) { response.complete(value); }
      @Override public void onError(Throwable error) { response.completeExceptionally(error); }
      @Override public void onCompleted() {}
    });
    boolean first = true;
    for (Panel chunk : chunks(panel, rowsPerChunk)) {
      if (response.isDone()) {
        break;  // refused early: the status is in `response`
      }
      upload.onNext(CreateDatasetRequest.newBuilder().setDisplayName(first ? displayName : "").setChunk(chunk).build());
      first = false;
    }
    upload.onCompleted();
    try {
      return response.get().getDataset();
    } catch (ExecutionException e) {
      throw GovmetricsException.from(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GovmetricsException.from(Status.CANCELLED.withDescription("upload interrupted").asRuntimeException());
    }
  }

  /**
   * The response of a finished operation unpacked as {@code type} (a study's is
   * RunStudyResponse); a failed operation is thrown as GovmetricsException with its status.
   */
  public static <T extends Message> T result(Operation operation, Class<T> type) {
    if (!operation.getDone()) {
      throw new IllegalStateException("operation " + operation.getName() + " has not finished");
    }
    if (operation.hasError()) {
      Status status = Status.fromCodeValue(operation.getError().getCode())
          .withDescription(operation.getName() + ": " + operation.getError().getMessage());
      throw GovmetricsException.from(status.asRuntimeException());
    }
    try {
      return operation.getResponse().unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("operation " + operation.getName() + " holds no " + type.getSimpleName(), e);
    }
  }
}
