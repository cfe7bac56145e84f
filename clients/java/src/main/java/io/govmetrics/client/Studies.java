package io.govmetrics.client;

import io.govmetrics.reporting.v1.Progress;
import io.govmetrics.reporting.v1.ReportingServiceGrpc;
import io.govmetrics.reporting.v1.RunStudyResponse;
import io.govmetrics.reporting.v1.StreamStudyRequest;
import io.govmetrics.reporting.v1.StreamStudyResponse;
import java.util.Iterator;
import java.util.function.Consumer;

/** A whole study with progress: StreamStudy's progress events to a callback. */
public final class Studies {
  private Studies() {}

  /**
   * Streams the study, calls onProgress after each finished step and returns the final
   * report; a failure is thrown as GovmetricsException.
   */
  public static RunStudyResponse runWithProgress(ReportingServiceGrpc.ReportingServiceBlockingStub reporting,
      StreamStudyRequest request, Consumer<Progress> onProgress) {
    return GovmetricsException.call(() -> {
      Iterator<StreamStudyResponse> events = reporting.streamStudy(request);
      while (events.hasNext()) {
        StreamStudyResponse event = events.next();
        if (event.hasProgress() && onProgress != null) {
          onProgress.accept(event.getProgress());
        } else if (event.hasResult()) {
          return event.getResult();
        }
      }
      throw new IllegalStateException("StreamStudy ended without a result");
    });
  }
}
