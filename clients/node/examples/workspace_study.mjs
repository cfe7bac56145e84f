// Upload a dataset to the workspace, then run a study on it by reference as a long-running
// operation: CreateDataset (a stream of row chunks), CreateStudy, Operations.WaitOperation.
//   node workspace_study.mjs [DATA.csv SPEC.json [REPLICATIONS]]
// Target: $GOVMETRICS_WORKSPACE_TARGET (default 127.0.0.1:50054); token: $GOVMETRICS_TOKEN
// (sent over plaintext only when GOVMETRICS_INSECURE_TOKEN=1, for loopback testing).
import fs from 'node:fs';

import {OperationsClient, WorkspaceClient, fromProtoJson, operationResult, readPanelCsv, uploadPanel} from '@govmetrics/client';

const [csvPath = 'data/demo/study_panel.csv', specPath = 'data/demo/study_spec_en.json', replications = '1000'] =
  process.argv.slice(2);
const spec = fromProtoJson('govmetrics.reporting.v1.StudySpec', JSON.parse(fs.readFileSync(specPath, 'utf8')));
spec.bootstrap.replications = spec.permutations = Number(replications);
const panel = readPanelCsv(csvPath, {entity: 'entity', period: 'year'});

const target = process.env.GOVMETRICS_WORKSPACE_TARGET || '127.0.0.1:50054';
const credentials = {token: process.env.GOVMETRICS_TOKEN, insecureToken: process.env.GOVMETRICS_INSECURE_TOKEN === '1'};
// Operations are served on the workspace's port, under the same token.
const workspace = new WorkspaceClient(target, {...credentials, deadlineSeconds: 600});
const operations = new OperationsClient(target, {...credentials, deadlineSeconds: 600});
try {
  const {dataset} = await uploadPanel(workspace, panel, {displayName: 'demo panel', rowsPerChunk: 100});
  console.log(`uploaded ${dataset.name}: ${dataset.row_count} rows, fingerprint ${dataset.fingerprint.slice(0, 12)}`);
  const operation = await workspace.createStudy({dataset: dataset.name, spec});
  console.log(`study ${operation.name} started`);
  const done = await operations.waitOperation({name: operation.name, timeout: {seconds: 540}});
  const result = operationResult(done);  // throws GovmetricsError if the study failed
  const same = result.provenance.input_fingerprint === dataset.fingerprint;
  console.log(`study done: ${result.documents.length} documents; the study read the uploaded dataset: ${same}`);
  if (!same) process.exitCode = 1;
} catch (error) {
  console.error(String(error));
  process.exitCode = 1;
} finally {
  workspace.close();
  operations.close();
}
