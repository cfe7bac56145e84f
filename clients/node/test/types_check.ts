// Compiled with `tsc --noEmit --strict` by tests/clients/node_e2e.sh against the installed
// package: the generated definitions type requests, responses, streams and errors.
import {GovmetricsError, IndexClient, ReportingClient, govmetrics, readPanelCsv, runStudyWithProgress} from '@govmetrics/client';

async function typed(): Promise<number> {
  const index = new IndexClient('127.0.0.1:50051', {ca: 'ca.crt', cert: 'client.crt', key: 'client.key', token: 't'});
  const panel = readPanelCsv('panel.csv', {entity: 'province', period: 'year'});
  const request: govmetrics.index.v1.ComputeIndexRequestInput = {
    panel, indicators: [{column: 'x', direction: 'DIRECTION_POSITIVE'}], method: 'WEIGHTING_METHOD_CRITIC'};
  const response: govmetrics.index.v1.ComputeIndexResponse = await index.computeIndex(request, {deadlineSeconds: 5});
  const weight: number = response.weights[0].weight;
  // @ts-expect-error: not a WeightingMethod
  await index.computeIndex({method: 'WEIGHTING_METHOD_MAGIC'});
  // @ts-expect-error: no such RPC
  index.computeEverything();
  const reporting = new ReportingClient('127.0.0.1:50053');
  for await (const event of reporting.streamStudy({panel})) {
    if (event.progress) console.log(event.progress.step, event.progress.completed);
  }
  const result = await runStudyWithProgress(reporting, {panel}, {onProgress: (p) => console.log(p.step)});
  try {
    await index.computeIndex({});
  } catch (error) {
    if (error instanceof GovmetricsError) return error.fieldViolations.length + error.quotaViolations.length;
  }
  return weight + result.documents.length;
}

typed().catch(() => undefined);
