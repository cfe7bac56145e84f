package io.govmetrics.client;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.util.JsonFormat;
import io.govmetrics.common.v1.Column;
import io.govmetrics.common.v1.Panel;
import io.govmetrics.index.v1.ComputeCouplingCoordinationRequest;
import io.govmetrics.index.v1.ComputeIndexRequest;
import io.govmetrics.index.v1.ComputeIndexResponse;
import io.govmetrics.index.v1.Direction;
import io.govmetrics.index.v1.IndexServiceGrpc;
import io.govmetrics.index.v1.Indicator;
import io.govmetrics.modeling.v1.AnalyzeMediationRequest;
import io.govmetrics.modeling.v1.Bootstrap;
import io.govmetrics.modeling.v1.Coefficient;
import io.govmetrics.modeling.v1.CompareGroupsRequest;
import io.govmetrics.modeling.v1.DescribeVariablesRequest;
import io.govmetrics.modeling.v1.Estimator;
import io.govmetrics.modeling.v1.FitPanelModelRequest;
import io.govmetrics.modeling.v1.FitPanelModelResponse;
import io.govmetrics.modeling.v1.FixedEffects;
import io.govmetrics.modeling.v1.HausmanTestRequest;
import io.govmetrics.modeling.v1.ModelSpec;
import io.govmetrics.modeling.v1.ModelingServiceGrpc;
import io.govmetrics.modeling.v1.PathEstimate;
import io.govmetrics.modeling.v1.SmallSample;
import io.govmetrics.modeling.v1.VarianceSpec;
import io.govmetrics.modeling.v1.VarianceType;
import io.govmetrics.reporting.v1.Progress;
import io.govmetrics.reporting.v1.ReportingServiceGrpc;
import io.govmetrics.reporting.v1.RunStudyResponse;
import io.govmetrics.reporting.v1.StreamStudyRequest;
import io.govmetrics.reporting.v1.StudySpec;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End to end: the real govmetrics binaries on free loopback ports, called through the Java
 * client built by Maven (netty transport, OpenSSL for TLS). A plain main that prints PASS/FAIL
 * per check and exits 1 on any failure.
 *
 * <pre>java -cp ... io.govmetrics.client.EndToEnd BUILD_DIR SOURCE_DIR</pre>
 */
public final class EndToEnd {
  private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");
  private static final List<String> failures = new ArrayList<>();
  /** Deadlines scale in sanitizer builds (GOVMETRICS_SANITIZER), where servers run slower. */
  private static final long SLOWDOWN = System.getenv("GOVMETRICS_SANITIZER") != null ? 10 : 1;
  private static Path build;
  private static Path source;

  /** A process that prints "listening on HOST:PORT" once bound; its later lines are kept. */
  private static final class Service implements AutoCloseable {
    final Process process;
    final String target;
    final List<String> lines = new ArrayList<>();
    private final Thread drain;

    Service(List<String> command) throws Exception {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String found = null;
      String line;
      while (found == null && (line = out.readLine()) != null) {
        Matcher m = LISTENING.matcher(line);
        if (m.find()) {
          found = "127.0.0.1:" + m.group(2);
        }
      }
      if (found == null) {
        throw new IllegalStateException(command.get(0) + " exited before listening");
      }
      target = found;
      drain = new Thread(() -> {
        try {
          for (String next = out.readLine(); next != null; next = out.readLine()) {
            synchronized (lines) {
              lines.add(next.trim());
            }
          }
        } catch (Exception ignored) {
          // The process is gone; nothing left to drain.
        }
      });
      drain.setDaemon(true);
      drain.start();
    }

    static Service server(String name, String... extra) throws Exception {
      List<String> command = new ArrayList<>(List.of(build.resolve("services/" + name + "/govmetrics-" + name).toString(),
          "--listen=127.0.0.1:0", "--drain_seconds=1"));
      command.addAll(List.of(extra));
      return new Service(command);
    }

    /** tests/clients/flaky_proxy.py in front of upstream, dropping the first connection. */
    static Service flakyProxy(String upstream) throws Exception {
      return new Service(List.of("/usr/bin/python3", source.resolve("tests/clients/flaky_proxy.py").toString(), upstream, "--drop=1"));
    }

    List<String> stopAndCollect() throws Exception {
      close();
      drain.join(5000);
      synchronized (lines) {
        return new ArrayList<>(lines);
      }
    }

    @Override
    public void close() throws Exception {
      process.destroy();  // SIGTERM: a server drains and exits 0
      if (!process.waitFor(30 * SLOWDOWN, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static void check(boolean ok, String what) {
    System.out.println((ok ? "PASS " : "FAIL ") + what);
    if (!ok) {
      failures.add(what);
    }
  }

  /** Runs a call expected to fail; returns its decoded error, or null (a FAIL) if it succeeded. */
  private static GovmetricsException failure(String what, Supplier<?> rpc) {
    try {
      GovmetricsException.call(rpc);
      check(false, what + " (the call succeeded)");
      return null;
    } catch (GovmetricsException e) {
      return e;
    }
  }

  private static ComputeIndexRequest smallIndexRequest() {
    Panel panel = Panel.newBuilder()
        .addAllEntity(List.of("北京", "北京", "上海", "上海", "广东", "广东"))
        .addAllPeriod(List.of(2020, 2021, 2020, 2021, 2020, 2021))
        .addColumns(Column.newBuilder().setName("broadband").addAllValues(List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0)))
        .addColumns(Column.newBuilder().setName("pm25").addAllValues(List.of(60.0, 55.0, 40.0, 35.0, 30.0, 28.0)))
        .build();
    return ComputeIndexRequest.newBuilder().setPanel(panel)
        .addIndicators(Indicator.newBuilder().setColumn("broadband").setDirection(Direction.DIRECTION_POSITIVE).setDimension("数字技术"))
        .addIndicators(Indicator.newBuilder().setColumn("pm25").setDirection(Direction.DIRECTION_NEGATIVE).setDimension("环境"))
        .build();
  }

  private static final ModelSpec TWO_WAY_IID = ModelSpec.newBuilder()
      .setFixedEffects(FixedEffects.FIXED_EFFECTS_TWO_WAY).setEstimator(Estimator.ESTIMATOR_WITHIN)
      .setVariance(VarianceSpec.newBuilder().setType(VarianceType.VARIANCE_TYPE_IID).setSmallSample(SmallSample.SMALL_SAMPLE_NONE))
      .build();

  private static JsonObject json(String relative) throws Exception {
    return JsonParser.parseString(new String(Files.readAllBytes(source.resolve(relative)), StandardCharsets.UTF_8)).getAsJsonObject();
  }

  private static JsonObject named(JsonArray array, String name) {
    for (JsonElement e : array) {
      if (e.getAsJsonObject().get("name").getAsString().equals(name)) {
        return e.getAsJsonObject();
      }
    }
    throw new IllegalStateException("golden case " + name + " missing");
  }

  private static boolean near(double got, double want) {
    return Math.abs(got - want) < 1e-8 * Math.max(1, Math.abs(want));
  }

  private static void csvConformance() throws Exception {
    Path dir = source.resolve("tests/clients/csv_conformance");
    JsonArray cases = json("tests/clients/csv_conformance/cases.json").getAsJsonArray("cases");
    check(cases.size() >= 5, "CSV fixture has its cases");
    for (JsonElement element : cases) {
      JsonObject c = element.getAsJsonObject();
      String file = c.get("file").getAsString();
      String what = "CSV fixture " + file + " (" + c.get("entity").getAsString() + ")";
      try {
        Panel got = CsvPanel.read(dir.resolve(file), c.get("entity").getAsString(), c.get("period").getAsString());
        Panel.Builder want = Panel.newBuilder();
        JsonFormat.parser().merge(c.has("panel") ? c.get("panel").toString() : "{}", want);
        // toString() compares NaN as text ("NaN"): the missing-value marker, equal to itself.
        check(!c.has("error") && got.toString().equals(want.build().toString()), what);
      } catch (CsvPanel.CsvException e) {
        check(c.has("error") && e.getMessage().contains(c.get("error").getAsString()), what + ": " + e.getMessage());
      }
    }
  }

  private static void computeServices() throws Exception {
    try (Service index = Service.server("index"); Service modeling = Service.server("modeling")) {
      ManagedChannel ic = Govmetrics.channel(index.target).timeout(Duration.ofSeconds(30 * SLOWDOWN)).build();
      ManagedChannel mc = Govmetrics.channel(modeling.target).timeout(Duration.ofSeconds(60 * SLOWDOWN)).build();
      try {
        indexChecks(IndexServiceGrpc.newBlockingStub(ic));
        modelingChecks(ModelingServiceGrpc.newBlockingStub(mc));
        retryChecks(index.target);
      } finally {
        ic.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        mc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static void indexChecks(IndexServiceGrpc.IndexServiceBlockingStub index) {
    ComputeIndexResponse r = index.computeIndex(smallIndexRequest());
    check(r.getScoresCount() == 6 && Math.abs(r.getWeights(0).getWeight() + r.getWeights(1).getWeight() - 1) < 1e-12,
        "ComputeIndex: six scores, weights sum to 1");
    Panel coupled = Panel.newBuilder().addAllEntity(List.of("a", "a", "b", "b")).addAllPeriod(List.of(1, 2, 1, 2))
        .addColumns(Column.newBuilder().setName("u1").addAllValues(List.of(0.2, 0.4, 0.6, 0.8)))
        .addColumns(Column.newBuilder().setName("u2").addAllValues(List.of(0.3, 0.3, 0.5, 0.9))).build();
    check(index.computeCouplingCoordination(ComputeCouplingCoordinationRequest.newBuilder().setPanel(coupled)
        .setFirst("u1").setSecond("u2").build()).getCouplingCount() == 4, "ComputeCouplingCoordination");
    ComputeIndexRequest.Builder bad = smallIndexRequest().toBuilder();
    bad.getIndicatorsBuilder(1).setColumn("no_such");
    GovmetricsException e = failure("unknown column", () -> index.computeIndex(bad.build()));
    check(e != null && e.getCode() == Status.Code.INVALID_ARGUMENT && e.getFieldViolations().size() == 1
            && e.getFieldViolations().get(0).field.equals("indicators[1].column")
            && e.getMessage().contains("indicators[1].column: no column 'no_such' in panel"),
        "INVALID_ARGUMENT decoded into GovmetricsException: " + (e == null ? "" : e.getFieldViolations()));
  }

  private static void modelingChecks(ModelingServiceGrpc.ModelingServiceBlockingStub modeling) throws Exception {
    Panel produc = CsvPanel.read(source.resolve("tests/reference/data/produc_logs.csv"), "state", "year");
    JsonObject want = named(json("tests/reference/golden/panel_produc.json").getAsJsonArray("cases"), "within_entity_cluster_entity_stata");
    FitPanelModelResponse fit = modeling.fitPanelModel(FitPanelModelRequest.newBuilder().setPanel(produc).setDependent("lgsp")
        .addAllRegressors(List.of("lpcap", "lpc", "lemp", "unemp")).setFixedEffects(FixedEffects.FIXED_EFFECTS_ENTITY)
        .setEstimator(Estimator.ESTIMATOR_WITHIN).setVariance(VarianceSpec.newBuilder().setType(VarianceType.VARIANCE_TYPE_CLUSTER)
            .addClusterBy("entity").setSmallSample(SmallSample.SMALL_SAMPLE_STATA)).build());
    boolean same = fit.getNObs() == 816;
    JsonArray coefficients = want.getAsJsonArray("coefficients");
    for (int i = 0; i < coefficients.size(); i++) {
      JsonObject w = coefficients.get(i).getAsJsonObject();
      Coefficient g = fit.getCoefficients(i);
      same &= near(g.getEstimate(), w.get("estimate").getAsDouble()) && near(g.getStdError(), w.get("std_error").getAsDouble());
    }
    check(same, "FitPanelModel on Produc matches R plm (estimates and clustered SEs to 1e-8)");
    JsonObject path = named(json("tests/reference/golden/mediation_produc.json").getAsJsonArray("mediations"), "mediator_lpc_iid")
        .getAsJsonObject("paths").getAsJsonObject("a");
    PathEstimate a = modeling.analyzeMediation(AnalyzeMediationRequest.newBuilder().setPanel(produc).setTreatment("lpcap")
        .addMediators("lpc").setOutcome("lgsp").addControls("unemp").setModel(TWO_WAY_IID)
        .setBootstrap(Bootstrap.newBuilder().setReplications(49).setSeed(7)).build()).getMediators(0).getA();
    check(near(a.getEstimate(), path.get("estimate").getAsDouble()) && near(a.getStdError(), path.get("std_error").getAsDouble()),
        "AnalyzeMediation path a matches R plm");
    check(modeling.hausmanTest(HausmanTestRequest.newBuilder().setPanel(produc).setDependent("lgsp")
        .addAllRegressors(List.of("lpcap", "lpc", "lemp", "unemp")).build()).getDf() > 0, "HausmanTest");
    check(modeling.describeVariables(DescribeVariablesRequest.newBuilder().setPanel(produc).addColumns("lgsp")
        .addColumns("lpcap").build()).getVariablesCount() == 2, "DescribeVariables");
    Panel study = CsvPanel.read(source.resolve("data/produc/produc_study.csv"), "state", "year");
    check(modeling.compareGroups(CompareGroupsRequest.newBuilder().setPanel(study).setDependent("lgsp").addRegressors("lpcap")
        .addRegressors("unemp").setGroupBy("region").addCompare("lpcap").setModel(TWO_WAY_IID).build()).getGroupsCount() == 9,
        "CompareGroups: nine census divisions");
    GovmetricsException late = failure("deadline", () -> modeling.withDeadlineAfter(200, TimeUnit.MILLISECONDS)
        .analyzeMediation(AnalyzeMediationRequest.newBuilder().setPanel(produc).setTreatment("lpcap").addMediators("lpc")
            .addMediators("lemp").setOutcome("lgsp").setModel(TWO_WAY_IID)
            .setBootstrap(Bootstrap.newBuilder().setReplications(20000).setSeed(1)).build()));
    check(late != null && late.getCode() == Status.Code.DEADLINE_EXCEEDED, "a deadline stops a long call");
  }

  // The proxy drops the first connection: with retries the call succeeds, without it fails.
  // grpc-java reconnects after ~1 s (not settable on its public API), so the retries wait
  // longer here (a wait is drawn uniformly below the backoff) to meet the reconnected channel.
  private static void retryChecks(String upstream) throws Exception {
    Service proxy = Service.flakyProxy(upstream);
    ManagedChannel retrying = Govmetrics.channel(proxy.target).retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(5)).build();
    boolean ok;
    try {
      ok = IndexServiceGrpc.newBlockingStub(retrying).computeIndex(smallIndexRequest()).getScoresCount() == 6;
    } finally {
      retrying.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    List<String> events = proxy.stopAndCollect();
    check(ok && events.contains("dropped 1") && events.contains("forwarded 2"), "UNAVAILABLE is retried: " + events);
    try (Service once = Service.flakyProxy(upstream)) {
      ManagedChannel plain = Govmetrics.channel(once.target).withoutRetry().build();
      GovmetricsException e = failure("no retry", () -> IndexServiceGrpc.newBlockingStub(plain).computeIndex(smallIndexRequest()));
      check(e != null && e.getCode() == Status.Code.UNAVAILABLE, "without retries the dropped connection fails the call");
      plain.shutdownNow();
    }
  }

  private static void quotaCheck() throws Exception {
    try (Service limited = Service.server("index", "--max_rows=3")) {
      ManagedChannel channel = Govmetrics.channel(limited.target).build();
      GovmetricsException e = failure("quota", () -> IndexServiceGrpc.newBlockingStub(channel).computeIndex(smallIndexRequest()));
      check(e != null && e.getCode() == Status.Code.RESOURCE_EXHAUSTED && !e.getQuotaViolations().isEmpty(),
          "a configured limit is RESOURCE_EXHAUSTED with a QuotaFailure: " + (e == null ? "" : e.getQuotaViolations()));
      channel.shutdownNow();
    }
  }

  private static void studyCheck() throws Exception {
    try (Service index = Service.server("index"); Service modeling = Service.server("modeling");
        Service reporting = Service.server("reporting", "--index_target=" + index.target, "--modeling_target=" + modeling.target)) {
      StudySpec.Builder spec = StudySpec.newBuilder();
      JsonFormat.parser().merge(new String(Files.readAllBytes(source.resolve("data/demo/study_spec_en.json")), StandardCharsets.UTF_8), spec);
      spec.getBootstrapBuilder().setReplications(49);
      spec.setPermutations(49);
      StreamStudyRequest request = StreamStudyRequest.newBuilder()
          .setPanel(CsvPanel.read(source.resolve("data/demo/study_panel.csv"), "entity", "year")).setSpec(spec).build();
      ManagedChannel channel = Govmetrics.channel(reporting.target).timeout(Duration.ofSeconds(120 * SLOWDOWN)).build();
      List<String> steps = new ArrayList<>();
      RunStudyResponse result = Studies.runWithProgress(ReportingServiceGrpc.newBlockingStub(channel), request,
          (Progress p) -> steps.add(p.getStep()));
      check(steps.equals(List.of("indices", "scores", "descriptives", "baseline", "robustness", "mechanism", "heterogeneity", "moderation", "endogeneity", "spatio_temporal", "spatial", "threshold", "render")),
          "StreamStudy reports every step: " + steps);
      check(result.getDocumentsList().stream().anyMatch(d -> d.getFileName().equals("report.html")), "StreamStudy ends with the report");
      channel.shutdownNow();
    }
  }

  private static void securityChecks() throws Exception {
    Path dir = Files.createTempDirectory("govmetrics-java-tls-");
    Process certs = new ProcessBuilder(source.resolve("tests/clients/make_test_certs.sh").toString(), dir.toString()).inheritIO().start();
    check(certs.waitFor() == 0, "throwaway PKI made");
    File ca = dir.resolve("ca.crt").toFile();
    String token = new String(Files.readAllBytes(dir.resolve("token")), StandardCharsets.UTF_8).trim();
    try (Service secured = Service.server("index", "--tls_cert=" + dir.resolve("server.crt"), "--tls_key=" + dir.resolve("server.key"),
        "--tls_client_ca=" + ca, "--auth_tokens_file=" + dir.resolve("tokens"))) {
      ManagedChannel mtls = Govmetrics.channel(secured.target)
          .mutualTls(ca, dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile()).token(token).build();
      check(GovmetricsException.call(() -> IndexServiceGrpc.newBlockingStub(mtls).computeIndex(smallIndexRequest())).getScoresCount() == 6,
          "mutual TLS + bearer token accepted (netty OpenSSL provider with ALPN)");
      mtls.shutdownNow();
      ManagedChannel noToken = Govmetrics.channel(secured.target)
          .mutualTls(ca, dir.resolve("client.crt").toFile(), dir.resolve("client.key").toFile()).build();
      GovmetricsException e = failure("no token", () -> IndexServiceGrpc.newBlockingStub(noToken).computeIndex(smallIndexRequest()));
      check(e != null && e.getCode() == Status.Code.UNAUTHENTICATED, "a missing token is UNAUTHENTICATED");
      noToken.shutdownNow();
      ManagedChannel noCert = Govmetrics.channel(secured.target).tls(ca).token(token).withoutRetry().build();
      e = failure("no client certificate", () -> IndexServiceGrpc.newBlockingStub(noCert).computeIndex(smallIndexRequest()));
      check(e != null && e.getCode() == Status.Code.UNAVAILABLE, "without a client certificate the handshake fails");
      noCert.shutdownNow();
    }
    try {
      Govmetrics.channel("127.0.0.1:1").token("t").build();
      check(false, "a token over plaintext is refused unless insecureToken()");
    } catch (IllegalStateException expected) {
      check(true, "a token over plaintext is refused unless insecureToken()");
    }
  }

  public static void main(String[] args) throws Exception {
    build = Paths.get(args[0]);
    source = Paths.get(args[1]);
    csvConformance();
    computeServices();
    quotaCheck();
    studyCheck();
    securityChecks();
    if (!failures.isEmpty()) {
      System.out.println(failures.size() + " check(s) failed: " + failures);
      System.exit(1);
    }
    System.out.println("java e2e: all checks passed");
    System.exit(0);  // netty's event loop threads are not daemons
  }
}
