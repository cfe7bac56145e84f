'use strict';
// Index scores: entropy weights of four indicators in two dimensions over the demo panel.
//   node compute_index.js [data/demo/study_panel.csv]
// Target: $GOVMETRICS_INDEX_TARGET (default 127.0.0.1:50051).

const gm = require('@govmetrics/client');

const INDICATORS = [['broadband_ports', 'technology'], ['mobile_penetration', 'technology'],
  ['internet_penetration', 'environment'], ['ecommerce_volume', 'environment']];

async function main(csvPath) {
  const panel = gm.readPanelCsv(csvPath, {entity: 'entity', period: 'year'});
  const index = new gm.IndexClient(process.env.GOVMETRICS_INDEX_TARGET || '127.0.0.1:50051', {deadlineSeconds: 30});
  try {
    const response = await index.computeIndex({
      panel, method: 'WEIGHTING_METHOD_ENTROPY', hierarchy: 'HIERARCHY_SUMMED_DIVERGENCE',
      indicators: INDICATORS.map(([column, dimension]) => ({column, dimension, direction: 'DIRECTION_POSITIVE'})),
    });
    for (const w of response.weights) {
      console.log(`${w.column.padEnd(24)} ${w.dimension.padEnd(12)} entropy=${w.entropy.toFixed(4)} weight=${w.weight.toFixed(4)}`);
    }
    const byYear = new Map();
    panel.period.forEach((year, i) => byYear.set(year, [...(byYear.get(year) || []), response.scores[i]]));
    for (const [year, scores] of [...byYear].sort()) {
      console.log(`${year}: mean score ${(scores.reduce((a, b) => a + b, 0) / scores.length).toFixed(4)}`);
    }
  } catch (error) {
    console.error(String(error));  // code, message, one line per field violation
    process.exitCode = 1;
  } finally {
    index.close();
  }
}

main(process.argv[2] || 'data/demo/study_panel.csv');
