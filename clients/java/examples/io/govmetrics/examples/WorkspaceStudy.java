package io.govmetrics.examples;

import com.google.longrunning.Operation;
import com.google.longrunning.OperationsGrpc;
import com.google.longrunning.WaitOperationRequest;
import com.google.protobuf.util.JsonFormat;
import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
import io.govmetrics.client.Workspaces;
import io.govmetrics.reporting.v1.RunStudyResponse;
import io.govmetrics.reporting.v1.StudySpec;
import io.govmetrics.workspace.v1.CreateStudyRequest;
import io.govmetrics.workspace.v1.Dataset;
import io.govmetrics.workspace.v1.WorkspaceServiceGrpc;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Upload a dataset to the workspace, then run a study on it by reference as a long-running
 * operation: CreateDataset (a stream of row chunks), CreateStudy, Operations.WaitOperation.
 * <pre>java ... io.govmetrics.examples.WorkspaceStudy [DATA.csv SPEC.json [REPLICATIONS]]</pre>
 * Target: $GOVMETRICS_WORKSPACE_TARGET (default 127.0.0.1:50054); token: $GOVMETRICS_TOKEN
 * (sent over plaintext only when GOVMETRICS_INSECURE_TOKEN=1, for loopback testing).
 */
public final class WorkspaceStudy {
  public static void main(String[] args) throws Exception {
    String csv = args.length > 0 ? args[0] : "data/demo/study_panel.csv";
    String specPath = args.length > 1 ? args[1] : "data/demo/study_spec_en.json";
    int replications = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    StudySpec.Builder spec = StudySpec.newBuilder();
    JsonFormat.parser().merge(new String(Files.readAllBytes(Paths.get(specPath)), StandardCharsets.UTF_8), spec);
    spec.getBootstrapBuilder().setReplications(replications);
    spec.setPermutations(replications);

    Govmetrics.Builder builder = Govmetrics.channel(System.getenv().getOrDefault("GOVMETRICS_WORKSPACE_TARGET", "127.0.0.1:50054"))
        .timeout(Duration.ofMinutes(10)).token(System.getenv("GOVMETRICS_TOKEN"));
    if ("1".equals(System.getenv("GOVMETRICS_INSECURE_TOKEN"))) {
      builder.insecureToken();
    }
    ManagedChannel channel = builder.build();  // Operations are served on the same channel
    try {
      Dataset dataset = Workspaces.uploadPanel(WorkspaceServiceGrpc.newStub(channel),
          CsvPanel.read(Paths.get(csv), "entity", "year"), "demo panel", 100);
      System.out.printf("uploaded %s: %d rows, fingerprint %s%n", dataset.getName(), dataset.getRowCount(),
          dataset.getFingerprint().substring(0, 12));
      Operation operation = GovmetricsException.call(() -> WorkspaceServiceGrpc.newBlockingStub(channel).createStudy(
          CreateStudyRequest.newBuilder().setDataset(dataset.getName()).setSpec(spec).build()));
      System.out.printf("study %s started%n", operation.getName());
      Operation done = GovmetricsException.call(() -> OperationsGrpc.newBlockingStub(channel).waitOperation(
          WaitOperationRequest.newBuilder().setName(operation.getName())
              .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(540)).build()));
      RunStudyResponse result = Workspaces.result(done, RunStudyResponse.class);
      boolean same = result.getProvenance().getInputFingerprint().equals(dataset.getFingerprint());
      System.out.printf("study done: %d documents; the study read the uploaded dataset: %b%n",
          result.getDocumentsCount(), same);
      if (!same) {
        System.exit(1);
      }
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }
}
