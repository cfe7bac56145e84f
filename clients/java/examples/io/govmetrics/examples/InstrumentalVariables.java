package io.govmetrics.examples;

import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
import io.govmetrics.modeling.v1.Coefficient;
import io.govmetrics.modeling.v1.Estimator;
import io.govmetrics.modeling.v1.FirstStage;
import io.govmetrics.modeling.v1.FitPanelModelRequest;
import io.govmetrics.modeling.v1.FitPanelModelResponse;
import io.govmetrics.modeling.v1.FixedEffects;
import io.govmetrics.modeling.v1.IvDiagnostics;
import io.govmetrics.modeling.v1.IvTest;
import io.govmetrics.modeling.v1.ModelSpec;
import io.govmetrics.modeling.v1.ModelingServiceGrpc;
import io.govmetrics.modeling.v1.StockYogoCriticalValue;
import io.govmetrics.modeling.v1.VarianceSpec;
import io.govmetrics.modeling.v1.VarianceType;
import io.grpc.ManagedChannel;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Instrumental variables with state fixed effects: lgsp ~ lemp + lpc, lpc instrumented by
 * lpcap and unemp (Munnell's Produc data), standard errors clustered by state; prints the
 * first stage and the instrument diagnostics (docs/methods/iv.md).
 * <pre>java ... io.govmetrics.examples.InstrumentalVariables [tests/reference/data/produc_iv.csv]</pre>
 * Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).
 */
public final class InstrumentalVariables {
  public static void main(String[] args) throws Exception {
    FitPanelModelRequest request = FitPanelModelRequest.newBuilder()
        .setPanel(CsvPanel.read(Paths.get(args.length > 0 ? args[0] : "tests/reference/data/produc_iv.csv"), "state", "year"))
        .setDependent("lgsp").addRegressors("lemp").addEndogenous("lpc").addInstruments("lpcap").addInstruments("unemp")
        .setModel(ModelSpec.newBuilder().setEstimator(Estimator.ESTIMATOR_IV).setFixedEffects(FixedEffects.FIXED_EFFECTS_ENTITY)
            .setVariance(VarianceSpec.newBuilder().setType(VarianceType.VARIANCE_TYPE_CLUSTER).addClusterBy("entity")))
        .build();
    String target = System.getenv().getOrDefault("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052");
    ManagedChannel channel = Govmetrics.channel(target).timeout(Duration.ofMinutes(1)).build();
    try {
      FitPanelModelResponse fit =
          GovmetricsException.call(() -> ModelingServiceGrpc.newBlockingStub(channel).fitPanelModel(request));
      for (Coefficient c : fit.getCoefficientsList()) {
        System.out.printf("%-8s %10.6f %9.6f%n", c.getName(), c.getEstimate(), c.getStdError());
      }
      for (FirstStage s : fit.getFirstStagesList()) {
        System.out.printf("first stage %s: F = %.3f, partial R2 = %.4f%n", s.getEndogenous(), s.getFStatistic(),
            s.getPartialRSquared());
      }
      IvDiagnostics d = fit.getIvDiagnostics();
      System.out.printf("convention: %s, clusters: %d%n", d.getConvention(), d.getNClusters());
      showTest("under-identification", d.getUnderidentification());
      System.out.printf("weak identification: Cragg-Donald F = %.3f, Kleibergen-Paap F = %.3f%n", d.getCraggDonaldF(),
          d.getKleibergenPaapF());
      for (StockYogoCriticalValue cv : d.getStockYogoList()) {
        System.out.printf("  Stock-Yogo %s %.0f%%: %.2f%n", cv.getCriterion(), 100 * cv.getThreshold(), cv.getCriticalValue());
      }
      showTest("over-identification", d.getOveridentification());
      showTest("endogeneity", d.getEndogeneity());
      showTest("weak-IV-robust", d.getAndersonRubin());
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }

  private static void showTest(String label, IvTest test) {
    if (!test.getName().isEmpty()) {
      System.out.printf("%s: %s = %.4f (p = %.3g)%n", label, test.getName(), test.getStatistic(), test.getPValue());
    }
  }
}
