package io.govmetrics.examples;

import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
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
import java.nio.file.Paths;
import java.util.TreeMap;

/**
 * Index scores: entropy weights of four indicators in two dimensions over the demo panel.
 * <pre>java ... io.govmetrics.examples.ComputeIndex [data/demo/study_panel.csv]</pre>
 * Target: $GOVMETRICS_INDEX_TARGET (default 127.0.0.1:50051).
 */
public final class ComputeIndex {
  public static void main(String[] args) throws Exception {
    Panel panel = CsvPanel.read(Paths.get(args.length > 0 ? args[0] : "data/demo/study_panel.csv"), "entity", "year");
    ComputeIndexRequest.Builder request = ComputeIndexRequest.newBuilder().setPanel(panel)
        .setMethod(WeightingMethod.WEIGHTING_METHOD_ENTROPY).setHierarchy(Hierarchy.HIERARCHY_SUMMED_DIVERGENCE);
    String[][] indicators = {{"broadband_ports", "technology"}, {"mobile_penetration", "technology"},
        {"internet_penetration", "environment"}, {"ecommerce_volume", "environment"}};
    for (String[] i : indicators) {
      request.addIndicators(Indicator.newBuilder().setColumn(i[0]).setDimension(i[1]).setDirection(Direction.DIRECTION_POSITIVE));
    }
    String target = System.getenv().getOrDefault("GOVMETRICS_INDEX_TARGET", "127.0.0.1:50051");
    ManagedChannel channel = Govmetrics.channel(target).build();
    try {
      ComputeIndexResponse response =
          GovmetricsException.call(() -> IndexServiceGrpc.newBlockingStub(channel).computeIndex(request.build()));
      for (IndicatorWeight w : response.getWeightsList()) {
        System.out.printf("%-24s %-12s entropy=%.4f weight=%.4f%n", w.getColumn(), w.getDimension(), w.getEntropy(), w.getWeight());
      }
      TreeMap<Integer, double[]> byYear = new TreeMap<>();
      for (int i = 0; i < panel.getPeriodCount(); i++) {
        double[] sumCount = byYear.computeIfAbsent(panel.getPeriod(i), y -> new double[2]);
        sumCount[0] += response.getScores(i);
        sumCount[1] += 1;
      }
      byYear.forEach((year, s) -> System.out.printf("%d: mean score %.4f%n", year, s[0] / s[1]));
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());  // code, message, one line per field violation
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }
}
