package io.govmetrics.examples;

import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
import io.govmetrics.modeling.v1.Coefficient;
import io.govmetrics.modeling.v1.Estimator;
import io.govmetrics.modeling.v1.FitPanelModelRequest;
import io.govmetrics.modeling.v1.FitPanelModelResponse;
import io.govmetrics.modeling.v1.FixedEffects;
import io.govmetrics.modeling.v1.InteractionTerm;
import io.govmetrics.modeling.v1.JohnsonNeymanInterval;
import io.govmetrics.modeling.v1.ModelSpec;
import io.govmetrics.modeling.v1.ModelingServiceGrpc;
import io.govmetrics.modeling.v1.ModerationResult;
import io.govmetrics.modeling.v1.ModerationSpec;
import io.govmetrics.modeling.v1.SimpleSlope;
import io.govmetrics.modeling.v1.SmallSample;
import io.govmetrics.modeling.v1.VarianceSpec;
import io.govmetrics.modeling.v1.VarianceType;
import io.grpc.ManagedChannel;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Moderation: does the effect of public capital (lpcap) on output (lgsp) depend on
 * unemployment (unemp)? State and year fixed effects, standard errors clustered by state
 * (plm's small-sample convention), the interaction lpcap x unemp with simple slopes at
 * mean - 1 SD, mean, mean + 1 SD of unemp and the Johnson-Neyman interval (Produc data;
 * docs/methods/moderation.md).
 * <pre>java ... io.govmetrics.examples.Moderation [tests/reference/data/produc_logs.csv]</pre>
 * Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).
 */
public final class Moderation {
  public static void main(String[] args) throws Exception {
    FitPanelModelRequest request = FitPanelModelRequest.newBuilder()
        .setPanel(CsvPanel.read(Paths.get(args.length > 0 ? args[0] : "tests/reference/data/produc_logs.csv"), "state", "year"))
        .setDependent("lgsp").addRegressors("lpcap").addRegressors("lpc").addRegressors("lemp").addRegressors("unemp")
        .setModel(ModelSpec.newBuilder().setEstimator(Estimator.ESTIMATOR_WITHIN).setFixedEffects(FixedEffects.FIXED_EFFECTS_TWO_WAY)
            .setVariance(VarianceSpec.newBuilder().setType(VarianceType.VARIANCE_TYPE_CLUSTER).addClusterBy("entity")
                .setSmallSample(SmallSample.SMALL_SAMPLE_PLM)))
        .setModeration(ModerationSpec.newBuilder().addInteractions(InteractionTerm.newBuilder().setFocal("lpcap").setModerator("unemp")))
        .build();
    String target = System.getenv().getOrDefault("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052");
    ManagedChannel channel = Govmetrics.channel(target).timeout(Duration.ofMinutes(1)).build();
    try {
      FitPanelModelResponse fit =
          GovmetricsException.call(() -> ModelingServiceGrpc.newBlockingStub(channel).fitPanelModel(request));
      for (Coefficient c : fit.getCoefficientsList()) {
        System.out.printf("%-12s %10.6f %9.6f%n", c.getName(), c.getEstimate(), c.getStdError());
      }
      ModerationResult result = fit.getModeration(0);
      for (SimpleSlope s : result.getSimpleSlopesList()) {
        System.out.printf("slope of %s at %s = %s (%.3f): %.4f (SE %.4f, p = %.3g)%n", result.getFocal(), result.getModerator(),
            s.getAtLabel(), s.getAt(), s.getSlope(), s.getStdError(), s.getPValue());
      }
      JohnsonNeymanInterval jn = result.getJohnsonNeyman();
      System.out.printf("Johnson-Neyman: significant %s [%.3f, %.3f], sample range [%.2f, %.2f]%n", jn.getRegion(),
          jn.getLower(), jn.getUpper(), jn.getObservedMin(), jn.getObservedMax());
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }
}
