package io.govmetrics.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.govmetrics.common.v1.Column;
import io.govmetrics.common.v1.Label;
import io.govmetrics.common.v1.Panel;
import io.grpc.CallCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.SecurityLevel;
import io.grpc.Status;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Java client helpers for the govmetrics services: channels configured like the servers,
 * bearer tokens, mTLS, Panel construction from CSV and decoding of google.rpc.BadRequest
 * error details. The stubs themselves are generated from proto/ by clients/java/build.sh
 * (io.govmetrics.index.v1.IndexServiceGrpc, io.govmetrics.modeling.v1.ModelingServiceGrpc).
 */
public final class Govmetrics {
  /**
   * The servers' default --max_message_mb=64. A smaller client limit rejects large valid
   * panels on the client side; a larger one only moves the refusal to the server.
   */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

  /**
   * gRPC C++ servers accept client pings no more often than every 5 minutes while no data
   * flows; shorter periods get GOAWAY "too_many_pings" during long model fits.
   */
  public static final long KEEPALIVE_SECONDS = 300;

  /** Trailer carrying a serialized google.rpc.Status with the error details. */
  public static final Metadata.Key<byte[]> STATUS_DETAILS_KEY =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /** The `authorization` header for bearer tokens. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private Govmetrics() {}

  private static NettyChannelBuilder configure(NettyChannelBuilder builder) {
    return builder
        .maxInboundMessageSize(MAX_MESSAGE_BYTES)
        .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
        .keepAliveTimeout(20, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(false);
  }

  /** Plaintext channel (loopback, or inside a mesh that provides TLS). */
  public static ManagedChannel plaintextChannel(String target) {
    return configure(NettyChannelBuilder.forTarget(target).usePlaintext()).build();
  }

  /**
   * TLS channel trusting the CA bundle {@code caPem}; with {@code certPem} and {@code keyPem}
   * (PKCS#8 PEM) it also presents a client certificate (mTLS).
   */
  public static ManagedChannel tlsChannel(String target, File caPem, File certPem, File keyPem)
      throws SSLException {
    SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(caPem);
    if (certPem != null) {
      ssl.keyManager(certPem, keyPem);
    }
    SslContext context = ssl.build();
    return configure(NettyChannelBuilder.forTarget(target)
            .negotiationType(NegotiationType.TLS)
            .sslContext(context))
        .build();
  }

  /**
   * `authorization: Bearer TOKEN` on every call of a stub ({@code stub.withCallCredentials});
   * refuses to send the token over a channel without privacy (plaintext).
   */
  public static CallCredentials bearerToken(String token) {
    return new CallCredentials() {
      @Override
      public void applyRequestMetadata(
          RequestInfo info, Executor executor, MetadataApplier applier) {
        if (info.getSecurityLevel() != SecurityLevel.PRIVACY_AND_INTEGRITY) {
          applier.fail(Status.UNAUTHENTICATED.withDescription(
              "bearer token over a plaintext channel; use bearerTokenHeader() to force it"));
          return;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        applier.apply(headers);
      }

      @Override
      public void thisUsesUnstableApi() {}
    };
  }

  /** `authorization: Bearer TOKEN` as a plain header ({@code stub.withInterceptors}), any channel. */
  public static ClientInterceptor bearerTokenHeader(String token) {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, "Bearer " + token);
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  /** One entry of google.rpc.BadRequest. */
  public static final class FieldViolation {
    public final String field;
    public final String description;

    FieldViolation(String field, String description) {
      this.field = field;
      this.description = description;
    }

    @Override
    public String toString() {
      return field + ": " + description;
    }
  }

  /**
   * The BadRequest field violations of an INVALID_ARGUMENT error (a StatusRuntimeException
   * from a stub call), read from the grpc-status-details-bin trailer. Empty when none.
   */
  public static List<FieldViolation> fieldViolations(Throwable error) {
    List<FieldViolation> out = new ArrayList<>();
    Metadata trailers = Status.trailersFromThrowable(error);
    if (trailers == null || !trailers.containsKey(STATUS_DETAILS_KEY)) {
      return out;
    }
    try {
      com.google.rpc.Status status = com.google.rpc.Status.parseFrom(trailers.get(STATUS_DETAILS_KEY));
      for (Any detail : status.getDetailsList()) {
        if (detail.is(BadRequest.class)) {
          for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
            out.add(new FieldViolation(v.getField(), v.getDescription()));
          }
        }
      }
    } catch (InvalidProtocolBufferException e) {
      // A malformed details trailer carries no usable violations; the status itself stands.
    }
    return out;
  }

  /**
   * Reads a long-format CSV (header row, one row per entity-period) into a Panel. Columns
   * whose every non-empty cell parses as a number become numeric columns (empty or "NA" =
   * NaN) unless named in {@code labels}; the others become labels.
   */
  public static Panel readPanelCsv(Path csv, String entity, String period, String... labels)
      throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    List<String> header = splitCsvLine(lines.get(0));
    List<List<String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (!line.isEmpty()) {
        rows.add(splitCsvLine(line));
      }
    }
    int entityAt = header.indexOf(entity);
    int periodAt = header.indexOf(period);
    if (entityAt < 0 || periodAt < 0) {
      throw new IllegalArgumentException("CSV has no column '" + entity + "' or '" + period + "'");
    }
    Set<String> forced = new HashSet<>(Arrays.asList(labels));
    Panel.Builder panel = Panel.newBuilder();
    for (List<String> row : rows) {
      panel.addEntity(row.get(entityAt)).addPeriod(Integer.parseInt(row.get(periodAt).trim()));
    }
    for (int j = 0; j < header.size(); j++) {
      if (j == entityAt || j == periodAt) {
        continue;
      }
      String name = header.get(j);
      if (!forced.contains(name) && isNumeric(rows, j)) {
        Column.Builder column = Column.newBuilder().setName(name);
        for (List<String> row : rows) {
          String cell = row.get(j);
          column.addValues(cell.isEmpty() || cell.equals("NA") ? Double.NaN : Double.parseDouble(cell));
        }
        panel.addColumns(column);
      } else {
        Label.Builder label = Label.newBuilder().setName(name);
        for (List<String> row : rows) {
          label.addValues(row.get(j));
        }
        panel.addLabels(label);
      }
    }
    return panel.build();
  }

  private static boolean isNumeric(List<List<String>> rows, int j) {
    for (List<String> row : rows) {
      String cell = row.get(j);
      if (cell.isEmpty() || cell.equals("NA")) {
        continue;
      }
      try {
        Double.parseDouble(cell);
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return true;
  }

  // RFC 4180 fields of one line (quoted fields with "" escapes; no embedded newlines).
  private static List<String> splitCsvLine(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else if (c != '\r') {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
