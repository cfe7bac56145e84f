// A whole study with progress (ESM): the demo study streamed from the reporting service;
// each finished step is printed, the documents are written to OUT_DIR.
//   node study_with_progress.mjs [SPEC.json DATA.csv OUT_DIR [REPLICATIONS]]
// Target: $GOVMETRICS_REPORTING_TARGET (default 127.0.0.1:50053).
import fs from 'node:fs';
import path from 'node:path';

import {ReportingClient, fromProtoJson, readPanelCsv, runStudyWithProgress} from '@govmetrics/client';

const [specPath = 'data/demo/study_spec_en.json', csvPath = 'data/demo/study_panel.csv', outDir = 'out',
  replications = '1000'] = process.argv.slice(2);
// The spec file is proto3 JSON (camelCase): converted to the client's proto field names.
const spec = fromProtoJson('govmetrics.reporting.v1.StudySpec', JSON.parse(fs.readFileSync(specPath, 'utf8')));
spec.bootstrap.replications = spec.permutations = Number(replications);
const panel = readPanelCsv(csvPath, {entity: 'entity', period: 'year'});

const reporting = new ReportingClient(process.env.GOVMETRICS_REPORTING_TARGET || '127.0.0.1:50053', {deadlineSeconds: 600});
try {
  const result = await runStudyWithProgress(reporting, {panel, spec}, {
    onProgress: (p) => console.log(`[${p.completed}/${p.total}] ${p.step}: ${p.message}`),
  });
  for (const document of result.documents) {
    const file = path.join(outDir, document.file_name);
    fs.mkdirSync(path.dirname(file), {recursive: true});
    fs.writeFileSync(file, document.content);
  }
  console.log(`wrote ${result.documents.length} documents to ${outDir}`);
} catch (error) {
  console.error(String(error));
  process.exitCode = 1;
} finally {
  reporting.close();
}
