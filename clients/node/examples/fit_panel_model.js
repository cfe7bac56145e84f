'use strict';
// Example: fixed-effects panel regression with entity-clustered standard errors.
//
//   node clients/node/examples/fit_panel_model.js tests/reference/data/produc_logs.csv 127.0.0.1:50052
//
// Fits lgsp ~ lpcap + lpc + lemp + unemp with state fixed effects (Munnell's Produc data)
// and prints the coefficient table.

const fs = require('node:fs');
const gm = require('..');

async function main(csvPath, target) {
  const rows = gm.parseCsv(fs.readFileSync(csvPath, 'utf8'));
  const client = gm.createModelingClient(target);
  try {
    const response = await gm.unary(client, 'FitPanelModel', {
      // `region` holds digits but is a grouping label, not a number.
      panel: gm.panelFromRows(rows, {entity: 'state', period: 'year', labels: ['region']}),
      dependent: 'lgsp',
      regressors: ['lpcap', 'lpc', 'lemp', 'unemp'],
      fixed_effects: 'FIXED_EFFECTS_ENTITY',
      estimator: 'ESTIMATOR_WITHIN',
      variance: {type: 'VARIANCE_TYPE_CLUSTER', cluster_by: ['entity'], small_sample: 'SMALL_SAMPLE_STATA'},
    }, {deadlineSeconds: 60});
    console.log(`N = ${response.n_obs}, entities = ${response.n_entities}, ` +
        `within R2 = ${response.r_squared_within.toFixed(4)}`);
    console.log('term          estimate   std.err         t       p');
    for (const c of response.coefficients) {
      console.log(`${c.name.padEnd(10)} ${c.estimate.toFixed(6).padStart(11)} ${c.std_error.toFixed(6).padStart(9)} ` +
          `${c.statistic.toFixed(3).padStart(9)} ${c.p_value.toExponential(2).padStart(9)}`);
    }
  } catch (error) {
    console.error(`error: ${error.code} ${error.details}`);
    for (const v of gm.fieldViolations(error)) console.error(`  ${v.field}: ${v.description}`);
    process.exitCode = 1;
  } finally {
    client.close();
  }
}

main(process.argv[2] || 'tests/reference/data/produc_logs.csv', process.argv[3] || '127.0.0.1:50052');
