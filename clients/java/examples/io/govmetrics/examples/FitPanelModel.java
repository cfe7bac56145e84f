package io.govmetrics.examples;

import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
import io.govmetrics.modeling.v1.Coefficient;
import io.govmetrics.modeling.v1.Estimator;
import io.govmetrics.modeling.v1.FitPanelModelRequest;
import io.govmetrics.modeling.v1.FitPanelModelResponse;
import io.govmetrics.modeling.v1.FixedEffects;
import io.govmetrics.modeling.v1.ModelingServiceGrpc;
import io.govmetrics.modeling.v1.VarianceSpec;
import io.govmetrics.modeling.v1.VarianceType;
import io.grpc.ManagedChannel;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Panel fit: lgsp ~ lpcap + lpc + lemp + unemp, state fixed effects, standard errors
 * clustered by state (Munnell's Produc data; the textbook lpc estimate is 0.2920).
 * <pre>java ... io.govmetrics.examples.FitPanelModel [tests/reference/data/produc_logs.csv]</pre>
 * Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).
 */
public final class FitPanelModel {
  public static void main(String[] args) throws Exception {
    FitPanelModelRequest request = FitPanelModelRequest.newBuilder()
        .setPanel(CsvPanel.read(Paths.get(args.length > 0 ? args[0] : "tests/reference/data/produc_logs.csv"), "state", "year"))
        .setDependent("lgsp").addRegressors("lpcap").addRegressors("lpc").addRegressors("lemp").addRegressors("unemp")
        .setFixedEffects(FixedEffects.FIXED_EFFECTS_ENTITY).setEstimator(Estimator.ESTIMATOR_WITHIN)
        .setVariance(VarianceSpec.newBuilder().setType(VarianceType.VARIANCE_TYPE_CLUSTER).addClusterBy("entity"))
        .build();
    String target = System.getenv().getOrDefault("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052");
    ManagedChannel channel = Govmetrics.channel(target).timeout(Duration.ofMinutes(1)).build();
    try {
      FitPanelModelResponse fit =
          GovmetricsException.call(() -> ModelingServiceGrpc.newBlockingStub(channel).fitPanelModel(request));
      System.out.printf("N = %d, entities = %d, within R2 = %.4f%n", fit.getNObs(), fit.getNEntities(), fit.getRSquaredWithin());
      for (Coefficient c : fit.getCoefficientsList()) {
        System.out.printf("%-8s %10.6f %9.6f %9.2e%n", c.getName(), c.getEstimate(), c.getStdError(), c.getPValue());
      }
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }
}
