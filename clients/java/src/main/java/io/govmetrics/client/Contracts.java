package io.govmetrics.client;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodOptions.IdempotencyLevel;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every service and RPC of the contracts, read from the descriptor set the build stores in
 * the jar (META-INF/govmetrics/descriptors.pb), so retry rules cover a new service or RPC with
 * no hand-written code. The stubs themselves are the grpc-java generated classes.
 */
public final class Contracts {
  /** The compute services: each call is a pure function of its request, safe to repeat. */
  public static final List<String> STATELESS_PACKAGES =
      List.of("govmetrics.index.v1", "govmetrics.modeling.v1", "govmetrics.reporting.v1");

  private static final String DESCRIPTORS = "/META-INF/govmetrics/descriptors.pb";
  private static volatile FileDescriptorSet files;

  private Contracts() {}

  /** The contracts' files (loaded once). */
  public static FileDescriptorSet files() {
    if (files == null) {
      try (InputStream in = Contracts.class.getResourceAsStream(DESCRIPTORS)) {
        if (in == null) {
          throw new IllegalStateException(DESCRIPTORS + " missing from the class path (built by generate.sh)");
        }
        files = FileDescriptorSet.parseFrom(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }

  /**
   * Whether an RPC may be retried on UNAVAILABLE: its contract marks it idempotent
   * (idempotency_level), it belongs to a stateless compute service, or it is an AIP-131/132
   * standard read (Get*, List*).
   */
  static boolean retryable(String packageName, MethodDescriptorProto method) {
    IdempotencyLevel level = method.getOptions().getIdempotencyLevel();
    return level == IdempotencyLevel.NO_SIDE_EFFECTS || level == IdempotencyLevel.IDEMPOTENT
        || STATELESS_PACKAGES.contains(packageName)
        || method.getName().startsWith("Get") || method.getName().startsWith("List");
  }

  /** Full names of the retryable RPCs, as "package.Service/Method". */
  public static List<String> retryableMethods() {
    List<String> out = new ArrayList<>();
    for (FileDescriptorProto file : files().getFileList()) {
      for (ServiceDescriptorProto service : file.getServiceList()) {
        for (MethodDescriptorProto method : service.getMethodList()) {
          if (retryable(file.getPackage(), method)) {
            out.add(file.getPackage() + "." + service.getName() + "/" + method.getName());
          }
        }
      }
    }
    return out;
  }

  /**
   * gRPC service config retrying UNAVAILABLE on every retryable RPC: 5 attempts, waits drawn
   * uniformly below initialBackoff, doubling up to maxBackoff (every govmetrics client uses
   * 0.5 s and 5 s).
   */
  public static Map<String, ?> retryServiceConfig(Duration initialBackoff, Duration maxBackoff) {
    List<Map<String, ?>> names = new ArrayList<>();
    for (String method : retryableMethods()) {
      String[] parts = method.split("/");
      names.add(Map.of("service", parts[0], "method", parts[1]));
    }
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("maxAttempts", 5.0);
    policy.put("initialBackoff", seconds(initialBackoff));
    policy.put("maxBackoff", seconds(maxBackoff));
    policy.put("backoffMultiplier", 2.0);
    policy.put("retryableStatusCodes", List.of("UNAVAILABLE"));
    Map<String, Object> config = Map.of("name", names, "retryPolicy", policy);
    return Map.of("methodConfig", Collections.singletonList(config));
  }

  private static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3fs", d.toMillis() / 1000.0);
  }
}
