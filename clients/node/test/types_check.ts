// Compiled with `tsc --noEmit --strict` by tests/clients/node_e2e.sh against the installed
// package: the generated definitions type requests, responses, streams and errors.
import {GovmetricsError, IndexClient, OperationsClient, ReportingClient, WorkspaceClient, govmetrics, operationResult,
  readPanelCsv, runStudyWithProgress, uploadPanel} from '@govmetrics/client';

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
  const workspace = new WorkspaceClient('127.0.0.1:50054', {token: 't'});
  const upload: govmetrics.workspace.v1.CreateDatasetResponse = await uploadPanel(workspace, panel, {displayName: 'p'});
  const operation = await workspace.createStudy({dataset: upload.dataset?.name, spec: {}});
  const done = await new OperationsClient('127.0.0.1:50054').waitOperation({name: operation.name});
  console.log(operationResult(done).documents.length);
  try {
    await index.computeIndex({});
  } catch (error) {
    if (error instanceof GovmetricsError) return error.fieldViolations.length + error.quotaViolations.length;
  }
  return weight + result.documents.length;
}

typed().catch(() => undefined);
