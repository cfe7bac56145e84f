package io.govmetrics.client;

import io.govmetrics.common.v1.Column;
import io.govmetrics.common.v1.Panel;
import io.govmetrics.index.v1.ComputeIndexRequest;
import io.govmetrics.index.v1.ComputeIndexResponse;
import io.govmetrics.index.v1.Direction;
import io.govmetrics.index.v1.IndexServiceGrpc;
import io.govmetrics.index.v1.Indicator;
import io.govmetrics.index.v1.IndicatorWeight;
import io.govmetrics.index.v1.MissingPolicy;
import io.govmetrics.modeling.v1.Coefficient;
import io.govmetrics.modeling.v1.Estimator;
import io.govmetrics.modeling.v1.FitPanelModelRequest;
import io.govmetrics.modeling.v1.FitPanelModelResponse;
import io.govmetrics.modeling.v1.FixedEffects;
import io.govmetrics.modeling.v1.ModelingServiceGrpc;
import io.govmetrics.modeling.v1.SmallSample;
import io.govmetrics.modeling.v1.VarianceSpec;
import io.govmetrics.modeling.v1.VarianceType;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end: the real govmetrics-index and govmetrics-modeling binaries on free loopback
 * ports, called through the Java client (netty transport). A plain main (no JUnit on the
 * Debian class path we use): prints PASS/FAIL per check and exits 1 on any failure.
 *
 * <pre>java -cp ... io.govmetrics.client.EndToEnd BUILD_DIR SOURCE_DIR</pre>
 */
public final class EndToEnd {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");
  private static final List<String> failures = new ArrayList<>();
  /**
   * Deadlines are multiplied by this in sanitizer builds (scripts/sanitize.sh sets
   * GOVMETRICS_SANITIZER), where the servers run 5-20 times slower.
   */
  private static final long SLOWDOWN = System.getenv("GOVMETRICS_SANITIZER") != null ? 10 : 1;

  /** A server process and its address. */
  private static final class Service implements AutoCloseable {
    final Process process;
    final String target;

    Service(Path binary, String... extra) throws Exception {
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--listen=127.0.0.1:0", "--drain_seconds=1"));
      command.addAll(List.of(extra));
      process = new ProcessBuilder(command)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String found = null;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          found = "127.0.0.1:" + m.group(2);
          break;
        }
      }
      if (found == null) {
        throw new IllegalStateException(binary + " exited before listening");
      }
      target = found;
      Thread drain = new Thread(() -> {
        try {
          while (out.readLine() != null) {}
        } catch (Exception ignored) {
          // The process is gone; nothing left to drain.
        }
      });
      drain.setDaemon(true);
      drain.start();
    }

    @Override
    public void close() throws Exception {
      process.destroy();  // SIGTERM: the server drains and exits 0
      if (!process.waitFor(30 * SLOWDOWN, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      check(process.exitValue() == 0, "server exits 0 on SIGTERM (got " + process.exitValue() + ")");
    }
  }

  private static void check(boolean ok, String what) {
    System.out.println((ok ? "PASS " : "FAIL ") + what);
    if (!ok) {
      failures.add(what);
    }
  }

  private static ComputeIndexRequest.Builder smallIndexRequest() {
    String[] entity = {"北京", "北京", "上海", "上海", "广东", "广东"};
    int[] period = {2020, 2021, 2020, 2021, 2020, 2021};
    double[] broadband = {1, 2, 3, 4, 5, 6};
    double[] pm25 = {60, 55, 40, 35, 30, 28};
    Panel.Builder panel = Panel.newBuilder();
    Column.Builder b = Column.newBuilder().setName("broadband");
    Column.Builder p = Column.newBuilder().setName("pm25");
    for (int i = 0; i < entity.length; i++) {
      panel.addEntity(entity[i]).addPeriod(period[i]);
      b.addValues(broadband[i]);
      p.addValues(pm25[i]);
    }
    panel.addColumns(b).addColumns(p);
    return ComputeIndexRequest.newBuilder()
        .setPanel(panel)
        .addIndicators(Indicator.newBuilder().setColumn("broadband")
            .setDirection(Direction.DIRECTION_POSITIVE).setDimension("数字技术"))
        .addIndicators(Indicator.newBuilder().setColumn("pm25")
            .setDirection(Direction.DIRECTION_NEGATIVE).setDimension("环境"));
  }

  private static void indexChecks(Path build) throws Exception {
    try (Service svc = new Service(build.resolve("services/index/govmetrics-index"))) {
      ManagedChannel channel = Govmetrics.plaintextChannel(svc.target);
      try {
        IndexServiceGrpc.IndexServiceBlockingStub stub = IndexServiceGrpc.newBlockingStub(channel)
            .withMaxOutboundMessageSize(Govmetrics.MAX_MESSAGE_BYTES)
            .withDeadlineAfter(20 * SLOWDOWN, TimeUnit.SECONDS);

        ComputeIndexResponse response = stub.computeIndex(smallIndexRequest().build());
        double total = 0;
        for (IndicatorWeight w : response.getWeightsList()) {
          total += w.getWeight();
        }
        check(response.getScoresCount() == 6 && response.getRowsUsed() == 6, "ComputeIndex scores every row");
        check(Math.abs(total - 1) < 1e-12, "weights sum to 1 (" + total + ")");
        boolean ordered = true;
        for (int i = 0; i < 6; i++) {
          double s = response.getScores(i);
          ordered &= s >= response.getScores(0) && s <= response.getScores(5) && s >= 0 && s <= 1;
        }
        check(ordered, "row 0 scores lowest and row 5 highest, all in [0,1]");

        ComputeIndexRequest.Builder missing = smallIndexRequest()
            .setMissingPolicy(MissingPolicy.MISSING_POLICY_LISTWISE);
        missing.getPanelBuilder().getColumnsBuilder(0).setValues(3, Double.NaN);
        ComputeIndexResponse listwise = stub.computeIndex(missing.build());
        check(listwise.getRowsUsed() == 5 && Double.isNaN(listwise.getScores(3)),
            "NaN is missing and dropped listwise");

        // A bearer token as a header works on any channel; as call credentials it is
        // refused before it leaves the client when the channel is plaintext.
        check(stub.withInterceptors(Govmetrics.bearerTokenHeader("t0ken"))
                .computeIndex(smallIndexRequest().build()).getScoresCount() == 6,
            "authorization header accepted by a server without a token requirement");
        try {
          stub.withCallCredentials(Govmetrics.bearerToken("t0ken")).computeIndex(smallIndexRequest().build());
          check(false, "bearer call credentials refuse plaintext");
        } catch (StatusRuntimeException e) {
          check(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED, "bearer call credentials refuse plaintext");
        }

        ComputeIndexRequest.Builder bad = smallIndexRequest();
        bad.getIndicatorsBuilder(1).setColumn("no_such");
        try {
          stub.computeIndex(bad.build());
          check(false, "unknown column is rejected");
        } catch (StatusRuntimeException e) {
          check(e.getStatus().getCode() == Status.Code.INVALID_ARGUMENT, "unknown column -> INVALID_ARGUMENT");
          List<Govmetrics.FieldViolation> v = Govmetrics.fieldViolations(e);
          check(v.size() == 1 && v.get(0).field.equals("indicators[1].column")
                  && v.get(0).description.equals("no column 'no_such' in panel"),
              "BadRequest field violation decoded: " + v);
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  // Values of "within_entity_cluster_entity_stata" in panel_produc.json (R plm + sandwich),
  // read with a regex to stay free of a JSON library.
  private static double[][] golden(Path source) throws Exception {
    String json = new String(Files.readAllBytes(
        source.resolve("tests/reference/golden/panel_produc.json")), StandardCharsets.UTF_8);
    int at = json.indexOf("\"name\": \"within_entity_cluster_entity_stata\"");
    if (at < 0) {
      throw new IllegalStateException("golden case within_entity_cluster_entity_stata missing");
    }
    String block = json.substring(at, json.indexOf("\"n_obs\"", at));
    Matcher m = Pattern.compile("\"estimate\": ([-0-9.eE+]+),\\s*\"std_error\": ([-0-9.eE+]+)").matcher(block);
    List<double[]> out = new ArrayList<>();
    while (m.find()) {
      out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    }
    return out.toArray(new double[0][]);
  }

  private static void modelingChecks(Path build, Path source) throws Exception {
    Panel panel = Govmetrics.readPanelCsv(source.resolve("tests/reference/data/produc_logs.csv"),
        "state", "year", "region");
    double[][] expected = golden(source);
    try (Service svc = new Service(build.resolve("services/modeling/govmetrics-modeling"))) {
      ManagedChannel channel = Govmetrics.plaintextChannel(svc.target);
      try {
        FitPanelModelResponse response = ModelingServiceGrpc.newBlockingStub(channel)
            .withMaxOutboundMessageSize(Govmetrics.MAX_MESSAGE_BYTES)
            .withDeadlineAfter(60 * SLOWDOWN, TimeUnit.SECONDS)
            .fitPanelModel(FitPanelModelRequest.newBuilder()
                .setPanel(panel)
                .setDependent("lgsp")
                .addRegressors("lpcap").addRegressors("lpc").addRegressors("lemp").addRegressors("unemp")
                .setFixedEffects(FixedEffects.FIXED_EFFECTS_ENTITY)
                .setEstimator(Estimator.ESTIMATOR_WITHIN)
                .setVariance(VarianceSpec.newBuilder().setType(VarianceType.VARIANCE_TYPE_CLUSTER)
                    .addClusterBy("entity").setSmallSample(SmallSample.SMALL_SAMPLE_STATA))
                .build());
        check(response.getNObs() == 816 && response.getNEntities() == 48, "Produc: N = 816, 48 states");
        check(response.getCoefficientsCount() == 4 && expected.length == 4, "four slope coefficients");
        Coefficient lpc = response.getCoefficients(1);
        // The textbook within estimate (Baltagi, Econometric Analysis of Panel Data): 0.2920.
        check(lpc.getName().equals("lpc") && Math.abs(lpc.getEstimate() - 0.2920) < 1e-4,
            "lpc = " + lpc.getEstimate() + " ~ 0.2920");
        for (int k = 0; k < Math.min(expected.length, response.getCoefficientsCount()); k++) {
          Coefficient c = response.getCoefficients(k);
          check(Math.abs(c.getEstimate() - expected[k][0]) < 1e-8
                  && Math.abs(c.getStdError() - expected[k][1]) < 1e-8 * Math.max(1, expected[k][1]),
              c.getName() + " matches plm: " + c.getEstimate() + " (" + c.getStdError() + ")");
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  // Bearer tokens against a server that requires them (plaintext, --allow_insecure_tokens).
  private static void tokenChecks(Path build, Path dir) throws Exception {
    String token = new String(Files.readAllBytes(dir.resolve("token")), StandardCharsets.UTF_8).trim();
    try (Service svc = new Service(build.resolve("services/index/govmetrics-index"),
        "--auth_tokens_file=" + dir.resolve("tokens"), "--allow_insecure_tokens")) {
      ManagedChannel channel = Govmetrics.plaintextChannel(svc.target);
      try {
        IndexServiceGrpc.IndexServiceBlockingStub stub = IndexServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(20 * SLOWDOWN, TimeUnit.SECONDS);
        check(stub.withInterceptors(Govmetrics.bearerTokenHeader(token))
                .computeIndex(smallIndexRequest().build()).getScoresCount() == 6,
            "bearer token accepted");
        for (String[] attempt : new String[][] {{"no token", null}, {"wrong token", "not-the-token-0123456789"}}) {
          try {
            IndexServiceGrpc.IndexServiceBlockingStub s = attempt[1] == null ? stub
                : stub.withInterceptors(Govmetrics.bearerTokenHeader(attempt[1]));
            s.computeIndex(smallIndexRequest().build());
            check(false, attempt[0] + " -> UNAUTHENTICATED");
          } catch (StatusRuntimeException e) {
            check(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED, attempt[0] + " -> UNAUTHENTICATED");
          }
        }
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  // A server requiring mTLS and a bearer token (tlsChannel + bearerToken as in docs/clients.md).
  // Debian's netty-handler ships without the JDK ALPN negotiator (and without tcnative), and
  // gRPC over TLS needs ALPN: with those jars tlsChannel cannot be built, which is reported
  // as a NOTE, not a pass. With upstream jars (grpc-netty-shaded) the checks run.
  private static void mtlsChecks(Path build, Path dir) throws Exception {
    String token = new String(Files.readAllBytes(dir.resolve("token")), StandardCharsets.UTF_8).trim();
    ManagedChannel probe;
    try {
      probe = Govmetrics.tlsChannel("127.0.0.1:1", dir.resolve("ca.crt").toFile(),
          dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile());
    } catch (UnsupportedOperationException e) {
      System.out.println("NOTE mTLS not checked: this netty has no JDK ALPN support (" + e.getMessage() + ")");
      return;
    }
    probe.shutdownNow();
    try (Service svc = new Service(build.resolve("services/index/govmetrics-index"),
        "--tls_cert=" + dir.resolve("server.crt"), "--tls_key=" + dir.resolve("server.key"),
        "--tls_client_ca=" + dir.resolve("ca.crt"), "--auth_tokens_file=" + dir.resolve("tokens"))) {
      ManagedChannel mtls = Govmetrics.tlsChannel(svc.target, dir.resolve("ca.crt").toFile(),
          dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile());
      try {
        IndexServiceGrpc.IndexServiceBlockingStub stub = IndexServiceGrpc.newBlockingStub(mtls)
            .withDeadlineAfter(20 * SLOWDOWN, TimeUnit.SECONDS);
        check(stub.withCallCredentials(Govmetrics.bearerToken(token))
                .computeIndex(smallIndexRequest().build()).getScoresCount() == 6,
            "mTLS + bearer token accepted");
        try {
          stub.computeIndex(smallIndexRequest().build());
          check(false, "mTLS without token -> UNAUTHENTICATED");
        } catch (StatusRuntimeException e) {
          check(e.getStatus().getCode() == Status.Code.UNAUTHENTICATED, "mTLS without token -> UNAUTHENTICATED");
        }
      } finally {
        mtls.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static void securedChecks(Path build, Path source) throws Exception {
    Path dir = Files.createTempDirectory("govmetrics-java-tls-");
    try {
      Process certs = new ProcessBuilder(source.resolve("tests/clients/make_test_certs.sh").toString(),
          dir.toString()).inheritIO().start();
      check(certs.waitFor() == 0, "test certificates generated");
      tokenChecks(build, dir);
      mtlsChecks(build, dir);
    } finally {
      try (var files = Files.list(dir)) {
        files.forEach(f -> f.toFile().delete());
      }
      Files.deleteIfExists(dir);
    }
  }

  public static void main(String[] args) throws Exception {
    Path build = Paths.get(args[0]);
    Path source = Paths.get(args[1]);
    indexChecks(build);
    modelingChecks(build, source);
    securedChecks(build, source);
    if (!failures.isEmpty()) {
      System.out.println(failures.size() + " check(s) failed");
      System.exit(1);
    }
    System.out.println("all checks passed");
  }
}
