'use strict';
// Example: entropy-weight index of a CSV panel with the Node client.
//
//   node clients/node/examples/compute_index.js data/demo/study_panel.csv 127.0.0.1:50051 [TOKEN]
//
// Prints the indicator weights and the mean score per year. With a TOKEN the call carries
// `authorization: Bearer TOKEN`.

const fs = require('node:fs');
const gm = require('..');

async function main(csvPath, target, token) {
  const rows = gm.parseCsv(fs.readFileSync(csvPath, 'utf8'));
  const request = {
    panel: gm.panelFromRows(rows, {entity: 'entity', period: 'year'}),
    method: 'WEIGHTING_METHOD_ENTROPY',
    hierarchy: 'HIERARCHY_SUMMED_DIVERGENCE',
    indicators: [
      ['broadband_ports', 'technology'], ['mobile_penetration', 'technology'],
      ['internet_penetration', 'environment'], ['ecommerce_volume', 'environment'],
    ].map(([column, dimension]) => ({column, dimension, direction: 'DIRECTION_POSITIVE'})),
  };
  const client = gm.createIndexClient(target);
  try {
    const metadata = token ? gm.tokenMetadata(token) : undefined;
    const response = await gm.unary(client, 'ComputeIndex', request, {deadlineSeconds: 30, metadata});
    for (const w of response.weights) {
      console.log(`${w.column.padEnd(24)} ${w.dimension.padEnd(12)} e=${w.entropy.toFixed(4)} w=${w.weight.toFixed(4)}`);
    }
    const byYear = new Map();
    rows.forEach((row, i) => {
      const [sum, n] = byYear.get(row.year) || [0, 0];
      byYear.set(row.year, [sum + response.scores[i], n + 1]);
    });
    for (const [year, [sum, n]] of byYear) console.log(`${year} mean index ${(sum / n).toFixed(4)}`);
  } catch (error) {
    console.error(`error: ${error.code} ${error.details}`);
    for (const v of gm.fieldViolations(error)) console.error(`  ${v.field}: ${v.description}`);
    process.exitCode = 1;
  } finally {
    client.close();
  }
}

main(process.argv[2] || 'data/demo/study_panel.csv', process.argv[3] || '127.0.0.1:50051', process.argv[4]);
