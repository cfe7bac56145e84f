package io.govmetrics.examples;

import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
import io.govmetrics.modeling.v1.CensoredCoefficient;
import io.govmetrics.modeling.v1.CensoredMarginalEffect;
import io.govmetrics.modeling.v1.CensoredModel;
import io.govmetrics.modeling.v1.FitCensoredModelRequest;
import io.govmetrics.modeling.v1.FitCensoredModelResponse;
import io.govmetrics.modeling.v1.MarginalEffectAt;
import io.govmetrics.modeling.v1.MarginalEffectKind;
import io.govmetrics.modeling.v1.ModelingServiceGrpc;
import io.govmetrics.modeling.v1.RandomEffectsTobit;
import io.grpc.ManagedChannel;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Random-effects Tobit: log employment of UK firms, recorded at 0 (1,000 employees) when
 * smaller, on wages, capital and output (EmplUK, unbalanced); 12-point adaptive
 * Gauss-Hermite quadrature; average marginal effects on E[y|x] at u_i = 0
 * (docs/methods/tobit.md).
 * <pre>java ... io.govmetrics.examples.Tobit [tests/reference/data/empluk_tobit.csv]</pre>
 * Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).
 */
public final class Tobit {
  public static void main(String[] args) throws Exception {
    FitCensoredModelRequest request = FitCensoredModelRequest.newBuilder()
        .setPanel(CsvPanel.read(Paths.get(args.length > 0 ? args[0] : "tests/reference/data/empluk_tobit.csv"), "firm", "year"))
        .setDependent("lemp_c").addRegressors("lwage").addRegressors("lcapital").addRegressors("loutput")
        .setLeftLimit(0).setModel(CensoredModel.CENSORED_MODEL_RANDOM_EFFECTS)
        .build();
    String target = System.getenv().getOrDefault("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052");
    ManagedChannel channel = Govmetrics.channel(target).timeout(Duration.ofMinutes(2)).build();
    try {
      FitCensoredModelResponse fit =
          GovmetricsException.call(() -> ModelingServiceGrpc.newBlockingStub(channel).fitCensoredModel(request));
      System.out.printf("random-effects Tobit: %d rows (%d left-censored), %d firms%n", fit.getObservations(),
          fit.getLeftCensored(), fit.getEntities());
      for (CensoredCoefficient c : fit.getCoefficientsList()) {
        System.out.printf("%-12s %10.6f %9.6f%n", c.getName(), c.getEstimate(), c.getStdError());
      }
      RandomEffectsTobit re = fit.getRandomEffects();
      System.out.printf("sigma_u = %.4f, sigma_e = %.4f, rho = %.4f; LR test of sigma_u = 0: %.2f (p = %.3g)%n",
          re.getSigmaU(), re.getSigmaE(), re.getRho(), re.getSigmaUTest().getStatistic(), re.getSigmaUTest().getPValue());
      for (CensoredMarginalEffect m : fit.getMarginalEffectsList()) {
        if (m.getAt() == MarginalEffectAt.MARGINAL_EFFECT_AT_AVERAGE
            && m.getKind() == MarginalEffectKind.MARGINAL_EFFECT_KIND_UNCONDITIONAL) {
          System.out.printf("average effect of %s on E[y|x] at u_i = 0: %.4f (SE %.4f)%n", m.getRegressor(), m.getEstimate(),
              m.getStdError());
        }
      }
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }
}
