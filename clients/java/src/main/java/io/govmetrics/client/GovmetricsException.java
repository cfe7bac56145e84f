package io.govmetrics.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.PreconditionFailure;
import com.google.rpc.QuotaFailure;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * A failed call with its google.rpc details decoded (the serialized google.rpc.Status in the
 * {@code grpc-status-details-bin} trailer): BadRequest field violations, QuotaFailure and
 * PreconditionFailure violations. A StatusRuntimeException, so it can be caught as one.
 *
 * <pre>
 * try {
 *   GovmetricsException.call(() -> index.computeIndex(request));
 * } catch (GovmetricsException e) {
 *   e.getFieldViolations();   // [indicators[1].column: no column 'no_such' in panel]
 * }
 * </pre>
 */
public final class GovmetricsException extends StatusRuntimeException {
  private static final long serialVersionUID = 1L;

  /** Trailer carrying a serialized google.rpc.Status with the error details. */
  public static final Metadata.Key<byte[]> STATUS_DETAILS_KEY =
      Metadata.Key.of("grpc-status-details-bin", Metadata.BINARY_BYTE_MARSHALLER);

  /** One entry of a google.rpc.BadRequest: request path with the row, and the problem. */
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

  /** One entry of a google.rpc.QuotaFailure: a configured limit. */
  public static final class QuotaViolation {
    public final String subject;
    public final String description;

    QuotaViolation(String subject, String description) {
      this.subject = subject;
      this.description = description;
    }

    @Override
    public String toString() {
      return "quota " + subject + ": " + description;
    }
  }

  /** One entry of a google.rpc.PreconditionFailure. */
  public static final class PreconditionViolation {
    public final String type;
    public final String subject;
    public final String description;

    PreconditionViolation(String type, String subject, String description) {
      this.type = type;
      this.subject = subject;
      this.description = description;
    }

    @Override
    public String toString() {
      return "precondition " + type + " " + subject + ": " + description;
    }
  }

  private final List<FieldViolation> fieldViolations = new ArrayList<>();
  private final List<QuotaViolation> quotaViolations = new ArrayList<>();
  private final List<PreconditionViolation> preconditionViolations = new ArrayList<>();

  private GovmetricsException(Status status, Metadata trailers) {
    super(status, trailers);
    if (trailers != null && trailers.containsKey(STATUS_DETAILS_KEY)) {
      try {
        for (Any detail : com.google.rpc.Status.parseFrom(trailers.get(STATUS_DETAILS_KEY)).getDetailsList()) {
          addDetail(detail);
        }
      } catch (InvalidProtocolBufferException e) {
        // A malformed details trailer carries no usable violations; the status itself stands.
      }
    }
  }

  private void addDetail(Any detail) throws InvalidProtocolBufferException {
    if (detail.is(BadRequest.class)) {
      for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
        fieldViolations.add(new FieldViolation(v.getField(), v.getDescription()));
      }
    } else if (detail.is(QuotaFailure.class)) {
      for (QuotaFailure.Violation v : detail.unpack(QuotaFailure.class).getViolationsList()) {
        quotaViolations.add(new QuotaViolation(v.getSubject(), v.getDescription()));
      }
    } else if (detail.is(PreconditionFailure.class)) {
      for (PreconditionFailure.Violation v : detail.unpack(PreconditionFailure.class).getViolationsList()) {
        preconditionViolations.add(new PreconditionViolation(v.getType(), v.getSubject(), v.getDescription()));
      }
    }
  }

  /** The decoded form of any error a stub call threw (itself if it is one already). */
  public static GovmetricsException from(Throwable error) {
    if (error instanceof GovmetricsException) {
      return (GovmetricsException) error;
    }
    return new GovmetricsException(Status.fromThrowable(error).withCause(error), Status.trailersFromThrowable(error));
  }

  /** Runs a stub call; a failure is rethrown as GovmetricsException. */
  public static <T> T call(Supplier<T> rpc) {
    try {
      return rpc.get();
    } catch (StatusRuntimeException e) {
      throw from(e);
    }
  }

  public Status.Code getCode() {
    return getStatus().getCode();
  }

  public List<FieldViolation> getFieldViolations() {
    return Collections.unmodifiableList(fieldViolations);
  }

  public List<QuotaViolation> getQuotaViolations() {
    return Collections.unmodifiableList(quotaViolations);
  }

  public List<PreconditionViolation> getPreconditionViolations() {
    return Collections.unmodifiableList(preconditionViolations);
  }

  /** Code, message and one line per violation. */
  @Override
  public String getMessage() {
    StringBuilder out = new StringBuilder(super.getMessage());
    for (Object v : fieldViolations) {
      out.append("\n  ").append(v);
    }
    for (Object v : quotaViolations) {
      out.append("\n  ").append(v);
    }
    for (Object v : preconditionViolations) {
      out.append("\n  ").append(v);
    }
    return out.toString();
  }
}
