package io.govmetrics.examples;

import com.google.protobuf.util.JsonFormat;
import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
import io.govmetrics.client.Studies;
import io.govmetrics.reporting.v1.Document;
import io.govmetrics.reporting.v1.ReportingServiceGrpc;
import io.govmetrics.reporting.v1.RunStudyResponse;
import io.govmetrics.reporting.v1.StreamStudyRequest;
import io.govmetrics.reporting.v1.StudySpec;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * A whole study with progress: the demo study streamed from the reporting service; each
 * finished step is printed, the documents are written to OUT_DIR.
 * <pre>java ... io.govmetrics.examples.StudyWithProgress [SPEC.json DATA.csv OUT_DIR [REPLICATIONS]]</pre>
 * Target: $GOVMETRICS_REPORTING_TARGET (default 127.0.0.1:50053).
 */
public final class StudyWithProgress {
  public static void main(String[] args) throws Exception {
    String specPath = args.length > 0 ? args[0] : "data/demo/study_spec_en.json";
    Path csv = Paths.get(args.length > 1 ? args[1] : "data/demo/study_panel.csv");
    Path out = Paths.get(args.length > 2 ? args[2] : "out");
    int replications = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    StudySpec.Builder spec = StudySpec.newBuilder();
    JsonFormat.parser().merge(new String(Files.readAllBytes(Paths.get(specPath)), StandardCharsets.UTF_8), spec);
    spec.getBootstrapBuilder().setReplications(replications);
    spec.setPermutations(replications);
    StreamStudyRequest request = StreamStudyRequest.newBuilder()
        .setPanel(CsvPanel.read(csv, "entity", "year")).setSpec(spec).build();
    String target = System.getenv().getOrDefault("GOVMETRICS_REPORTING_TARGET", "127.0.0.1:50053");
    ManagedChannel channel = Govmetrics.channel(target).timeout(Duration.ofMinutes(10)).build();
    try {
      RunStudyResponse result = Studies.runWithProgress(ReportingServiceGrpc.newBlockingStub(channel), request,
          p -> System.out.printf("[%d/%d] %s: %s%n", p.getCompleted(), p.getTotal(), p.getStep(), p.getMessage()));
      for (Document d : result.getDocumentsList()) {
        Path file = out.resolve(d.getFileName());
        Files.createDirectories(file.getParent());
        Files.write(file, d.getContent().getBytes(StandardCharsets.UTF_8));
      }
      System.out.printf("wrote %d documents to %s%n", result.getDocumentsCount(), out);
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }
}
