'use strict';
// Panel fit: lgsp ~ lpcap + lpc + lemp + unemp, state fixed effects, standard errors clustered
// by state (Munnell's Produc data; the textbook lpc estimate is 0.2920).
//   node fit_panel_model.js [tests/reference/data/produc_logs.csv]
// Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).

const gm = require('@govmetrics/client');

async function main(csvPath) {
  const panel = gm.readPanelCsv(csvPath, {entity: 'state', period: 'year'});
  const modeling = new gm.ModelingClient(process.env.GOVMETRICS_MODELING_TARGET || '127.0.0.1:50052', {deadlineSeconds: 60});
  try {
    const fit = await modeling.fitPanelModel({
      panel, dependent: 'lgsp', regressors: ['lpcap', 'lpc', 'lemp', 'unemp'],
      fixed_effects: 'FIXED_EFFECTS_ENTITY', estimator: 'ESTIMATOR_WITHIN',
      variance: {type: 'VARIANCE_TYPE_CLUSTER', cluster_by: ['entity']},
    });
    console.log(`N = ${fit.n_obs}, entities = ${fit.n_entities}, within R2 = ${fit.r_squared_within.toFixed(4)}`);
    for (const c of fit.coefficients) {
      console.log(`${c.name.padEnd(8)} ${c.estimate.toFixed(6).padStart(10)} ${c.std_error.toFixed(6).padStart(9)} ${c.p_value.toExponential(2).padStart(9)}`);
    }
  } catch (error) {
    console.error(String(error));
    process.exitCode = 1;
  } finally {
    modeling.close();
  }
}

main(process.argv[2] || 'tests/reference/data/produc_logs.csv');
