'use strict';
// A whole study with progress: StreamStudy's progress events to a callback, the final report
// (RunStudyResponse) as the resolved value.

async function runStudyWithProgress(reporting, request, {onProgress, ...options} = {}) {
  for await (const event of reporting.streamStudy(request, options)) {
    if (event.event === 'progress') {
      if (onProgress) onProgress(event.progress);
    } else if (event.event === 'result') {
      return event.result;
    }
  }
  throw new Error('StreamStudy ended without a result');
}

module.exports = {runStudyWithProgress};
