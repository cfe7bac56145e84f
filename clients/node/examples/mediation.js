'use strict';
// Mediation: does public capital (lpcap) raise output (lgsp) through private capital (lpc)?
// Two-way fixed effects, entity-block bootstrap of the indirect effect (Produc data).
//   node mediation.js [tests/reference/data/produc_logs.csv]
// Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).

const gm = require('@govmetrics/client');

async function main(csvPath) {
  const panel = gm.readPanelCsv(csvPath, {entity: 'state', period: 'year'});
  const modeling = new gm.ModelingClient(process.env.GOVMETRICS_MODELING_TARGET || '127.0.0.1:50052', {deadlineSeconds: 120});
  try {
    const result = await modeling.analyzeMediation({
      panel, treatment: 'lpcap', mediators: ['lpc'], outcome: 'lgsp', controls: ['unemp'],
      model: {fixed_effects: 'FIXED_EFFECTS_TWO_WAY', estimator: 'ESTIMATOR_WITHIN'},
      bootstrap: {replications: 499, seed: '20240601'},  // uint64 as a string
    });
    for (const m of result.mediators) {
      console.log(`mediator ${m.mediator}: a = ${m.a.estimate.toFixed(4)}, b = ${m.b.estimate.toFixed(4)}, ` +
          `indirect = ${m.indirect.toFixed(4)}, 95% CI [${m.bootstrap_ci_lower.toFixed(4)}, ${m.bootstrap_ci_upper.toFixed(4)}], ` +
          `Sobel p = ${m.sobel.p_value.toExponential(2)}`);
    }
  } catch (error) {
    console.error(String(error));
    process.exitCode = 1;
  } finally {
    modeling.close();
  }
}

main(process.argv[2] || 'tests/reference/data/produc_logs.csv');
