package io.govmetrics.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * Channels to the govmetrics services, configured like the servers: 64 MiB messages, a
 * 5-minute keepalive, a default deadline on every call, retries of UNAVAILABLE for idempotent
 * RPCs ({@link Contracts}), TLS / mutual TLS and bearer tokens. Use the channel with the
 * generated stubs, which wrap every RPC:
 *
 * <pre>
 * ManagedChannel channel = Govmetrics.channel("govmetrics-index.example.gov:50051")
 *     .mutualTls(new File("ca.crt"), new File("client.crt"), new File("client.key"))
 *     .token(token)
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * ComputeIndexResponse r = IndexServiceGrpc.newBlockingStub(channel).computeIndex(request);
 * </pre>
 */
public final class Govmetrics {
  /** The servers' default --max_message_mb=64. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
  /** gRPC C++ servers accept a client ping at most every 5 minutes while no data flows. */
  public static final long KEEPALIVE_SECONDS = 300;
  /** Deadline of a call that sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  /** The `authorization` header for bearer tokens. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private Govmetrics() {}

  /** A builder for a channel to target (HOST:PORT). */
  public static Builder channel(String target) {
    return new Builder(target);
  }

  /** Options of a channel; build() makes it. */
  public static final class Builder {
    private final String target;
    private File ca;
    private File cert;
    private File key;
    private boolean tls;
    private String token;
    private boolean insecureToken;
    private Duration timeout = DEFAULT_TIMEOUT;
    private boolean retry = true;
    private Duration initialBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private final List<ClientInterceptor> interceptors = new ArrayList<>();

    private Builder(String target) {
      this.target = target;
    }

    /** TLS trusting the CA bundle (PEM); null trusts the JDK's roots. */
    public Builder tls(File caPem) {
      this.tls = true;
      this.ca = caPem;
      return this;
    }

    /** Mutual TLS: trust caPem, present the client certificate and PKCS#8 key (PEM). */
    public Builder mutualTls(File caPem, File certPem, File keyPem) {
      tls(caPem);
      this.cert = certPem;
      this.key = keyPem;
      return this;
    }

    /** `authorization: Bearer TOKEN` on every call (TLS only unless insecureToken()). */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** Allows token() on a plaintext channel (loopback testing only). */
    public Builder insecureToken() {
      this.insecureToken = true;
      return this;
    }

    /** Deadline of calls that set none (null: none). */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Turns off the retries of UNAVAILABLE. */
    public Builder withoutRetry() {
      this.retry = false;
      return this;
    }

    /** Backoff of the retries (0.5 s doubling to 5 s unless set; each wait drawn below it). */
    public Builder retryBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Adds a client interceptor (applied after the package's own). */
    public Builder intercept(ClientInterceptor interceptor) {
      interceptors.add(interceptor);
      return this;
    }

    public ManagedChannel build() throws SSLException {
      if (token != null && !tls && !insecureToken) {
        throw new IllegalStateException(
            "a bearer token over plaintext needs insecureToken() (loopback testing only); use tls()");
      }
      NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target)
          .maxInboundMessageSize(MAX_MESSAGE_BYTES)
          .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS)
          .keepAliveTimeout(20, TimeUnit.SECONDS)
          .keepAliveWithoutCalls(false);
      if (tls) {
        // GrpcSslContexts picks netty's OpenSSL provider (ALPN) when netty-tcnative loads:
        // generate.sh bundles Debian's JNI library where netty finds it.
        SslContextBuilder ssl = GrpcSslContexts.forClient();
        if (ca != null) {
          ssl.trustManager(ca);
        }
        if (cert != null) {
          ssl.keyManager(cert, key);
        }
        builder.negotiationType(NegotiationType.TLS).sslContext(ssl.build());
      } else {
        builder.usePlaintext();
      }
      if (retry) {
        builder.defaultServiceConfig(Contracts.retryServiceConfig(initialBackoff, maxBackoff)).enableRetry();
      } else {
        builder.disableRetry();
      }
      List<ClientInterceptor> chain = new ArrayList<>(interceptors);
      if (token != null) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        chain.add(MetadataUtils.newAttachHeadersInterceptor(headers));
      }
      chain.add(new DefaultDeadline(timeout));  // last added runs first
      return builder.intercept(chain).build();
    }
  }

  /** Gives a call without a deadline the channel's default one. */
  private static final class DefaultDeadline implements ClientInterceptor {
    private final Duration timeout;

    DefaultDeadline(Duration timeout) {
      this.timeout = timeout;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      if (timeout != null && options.getDeadline() == null) {
        options = options.withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
      return next.newCall(method, options.withMaxOutboundMessageSize(MAX_MESSAGE_BYTES));
    }
  }
}
