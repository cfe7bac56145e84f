package io.govmetrics.examples;

import io.govmetrics.client.Govmetrics;
import io.govmetrics.common.v1.Panel;
import io.govmetrics.index.v1.ComputeIndexRequest;
import io.govmetrics.index.v1.ComputeIndexResponse;
import io.govmetrics.index.v1.Direction;
import io.govmetrics.index.v1.Hierarchy;
import io.govmetrics.index.v1.IndexServiceGrpc;
import io.govmetrics.index.v1.Indicator;
import io.govmetrics.index.v1.IndicatorWeight;
import io.govmetrics.index.v1.WeightingMethod;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Example: entropy-weight index of a CSV panel with the Java client.
 *
 * <pre>
 * java -cp "$(cat OUT/classpath)" io.govmetrics.examples.ComputeIndex \
 *     data/demo/study_panel.csv 127.0.0.1:50051 [TOKEN]
 * </pre>
 */
public final class ComputeIndex {
  public static void main(String[] args) throws Exception {
    String csv = args.length > 0 ? args[0] : "data/demo/study_panel.csv";
    String target = args.length > 1 ? args[1] : "127.0.0.1:50051";
    Panel panel = Govmetrics.readPanelCsv(Paths.get(csv), "entity", "year", "region3", "region4");
    ComputeIndexRequest.Builder request = ComputeIndexRequest.newBuilder()
        .setPanel(panel)
        .setMethod(WeightingMethod.WEIGHTING_METHOD_ENTROPY)
        .setHierarchy(Hierarchy.HIERARCHY_SUMMED_DIVERGENCE);
    String[][] indicators = {{"broadband_ports", "technology"}, {"mobile_penetration", "technology"},
        {"internet_penetration", "environment"}, {"ecommerce_volume", "environment"}};
    for (String[] ind : indicators) {
      request.addIndicators(Indicator.newBuilder().setColumn(ind[0]).setDimension(ind[1])
          .setDirection(Direction.DIRECTION_POSITIVE));
    }

    ManagedChannel channel = Govmetrics.plaintextChannel(target);
    try {
      IndexServiceGrpc.IndexServiceBlockingStub stub = IndexServiceGrpc.newBlockingStub(channel)
          .withMaxOutboundMessageSize(Govmetrics.MAX_MESSAGE_BYTES)
          .withDeadlineAfter(30, TimeUnit.SECONDS);
      if (args.length > 2) {
        stub = stub.withInterceptors(Govmetrics.bearerTokenHeader(args[2]));
      }
      ComputeIndexResponse response = stub.computeIndex(request.build());
      for (IndicatorWeight w : response.getWeightsList()) {
        System.out.printf("%-24s %-12s e=%.4f w=%.4f%n", w.getColumn(), w.getDimension(),
            w.getEntropy(), w.getWeight());
      }
      Map<Integer, double[]> byYear = new LinkedHashMap<>();
      for (int i = 0; i < panel.getPeriodCount(); i++) {
        double[] acc = byYear.computeIfAbsent(panel.getPeriod(i), y -> new double[2]);
        acc[0] += response.getScores(i);
        acc[1] += 1;
      }
      byYear.forEach((year, acc) -> System.out.printf("%d mean index %.4f%n", year, acc[0] / acc[1]));
    } catch (StatusRuntimeException e) {
      System.err.println("error: " + e.getStatus());
      Govmetrics.fieldViolations(e).forEach(v -> System.err.println("  " + v));
      System.exit(1);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
