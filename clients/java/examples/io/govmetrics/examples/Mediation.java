package io.govmetrics.examples;

import io.govmetrics.client.CsvPanel;
import io.govmetrics.client.Govmetrics;
import io.govmetrics.client.GovmetricsException;
import io.govmetrics.modeling.v1.AnalyzeMediationRequest;
import io.govmetrics.modeling.v1.AnalyzeMediationResponse;
import io.govmetrics.modeling.v1.Bootstrap;
import io.govmetrics.modeling.v1.Estimator;
import io.govmetrics.modeling.v1.FixedEffects;
import io.govmetrics.modeling.v1.MediatorResult;
import io.govmetrics.modeling.v1.ModelSpec;
import io.govmetrics.modeling.v1.ModelingServiceGrpc;
import io.grpc.ManagedChannel;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * Mediation: does public capital (lpcap) raise output (lgsp) through private capital (lpc)?
 * Two-way fixed effects, entity-block bootstrap of the indirect effect (Produc data).
 * <pre>java ... io.govmetrics.examples.Mediation [tests/reference/data/produc_logs.csv]</pre>
 * Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).
 */
public final class Mediation {
  public static void main(String[] args) throws Exception {
    AnalyzeMediationRequest request = AnalyzeMediationRequest.newBuilder()
        .setPanel(CsvPanel.read(Paths.get(args.length > 0 ? args[0] : "tests/reference/data/produc_logs.csv"), "state", "year"))
        .setTreatment("lpcap").addMediators("lpc").setOutcome("lgsp").addControls("unemp")
        .setModel(ModelSpec.newBuilder().setFixedEffects(FixedEffects.FIXED_EFFECTS_TWO_WAY).setEstimator(Estimator.ESTIMATOR_WITHIN))
        .setBootstrap(Bootstrap.newBuilder().setReplications(499).setSeed(20240601))
        .build();
    String target = System.getenv().getOrDefault("GOVMETRICS_MODELING_TARGET", "127.0.0.1:50052");
    ManagedChannel channel = Govmetrics.channel(target).timeout(Duration.ofMinutes(2)).build();
    try {
      AnalyzeMediationResponse result =
          GovmetricsException.call(() -> ModelingServiceGrpc.newBlockingStub(channel).analyzeMediation(request));
      for (MediatorResult m : result.getMediatorsList()) {
        System.out.printf("mediator %s: a = %.4f, b = %.4f, indirect = %.4f, 95%% CI [%.4f, %.4f], Sobel p = %.2e%n",
            m.getMediator(), m.getA().getEstimate(), m.getB().getEstimate(), m.getIndirect(),
            m.getBootstrapCiLower(), m.getBootstrapCiUpper(), m.getSobel().getPValue());
      }
    } catch (GovmetricsException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } finally {
      channel.shutdownNow();
    }
  }
}
