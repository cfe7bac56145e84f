'use strict';
// Instrumental variables with state fixed effects: lgsp ~ lemp + lpc, lpc instrumented by
// lpcap and unemp (Munnell's Produc data), standard errors clustered by state; prints the
// first stage and the instrument diagnostics (docs/methods/iv.md).
//   node iv_diagnostics.js [tests/reference/data/produc_iv.csv]
// Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).

const gm = require('@govmetrics/client');

function showTest(label, test) {
  if (test && test.name) console.log(`${label}: ${test.name} = ${test.statistic.toFixed(4)} (p = ${test.p_value.toPrecision(3)})`);
}

async function main(csvPath) {
  const panel = gm.readPanelCsv(csvPath, {entity: 'state', period: 'year'});
  const modeling = new gm.ModelingClient(process.env.GOVMETRICS_MODELING_TARGET || '127.0.0.1:50052', {deadlineSeconds: 60});
  try {
    const fit = await modeling.fitPanelModel({
      panel, dependent: 'lgsp', regressors: ['lemp'], endogenous: ['lpc'], instruments: ['lpcap', 'unemp'],
      model: {estimator: 'ESTIMATOR_IV', fixed_effects: 'FIXED_EFFECTS_ENTITY',
        variance: {type: 'VARIANCE_TYPE_CLUSTER', cluster_by: ['entity']}},
    });
    for (const c of fit.coefficients) {
      console.log(`${c.name.padEnd(8)} ${c.estimate.toFixed(6).padStart(10)} ${c.std_error.toFixed(6).padStart(9)}`);
    }
    for (const stage of fit.first_stages) {
      console.log(`first stage ${stage.endogenous}: F = ${stage.f_statistic.toFixed(3)}, ` +
          `partial R2 = ${stage.partial_r_squared.toFixed(4)}`);
    }
    const d = fit.iv_diagnostics;
    console.log(`convention: ${d.convention}, clusters: ${d.n_clusters}`);
    showTest('under-identification', d.underidentification);
    console.log(`weak identification: Cragg-Donald F = ${d.cragg_donald_f.toFixed(3)}, ` +
        `Kleibergen-Paap F = ${d.kleibergen_paap_f.toFixed(3)}`);
    for (const cv of d.stock_yogo) {
      console.log(`  Stock-Yogo ${cv.criterion} ${Math.round(cv.threshold * 100)}%: ${cv.critical_value.toFixed(2)}`);
    }
    showTest('over-identification', d.overidentification);
    showTest('endogeneity', d.endogeneity);
    showTest('weak-IV-robust', d.anderson_rubin);
  } catch (error) {
    console.error(String(error));
    process.exitCode = 1;
  } finally {
    modeling.close();
  }
}

main(process.argv[2] || 'tests/reference/data/produc_iv.csv');
