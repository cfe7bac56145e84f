'use strict';
// Moderation: does the effect of public capital (lpcap) on output (lgsp) depend on
// unemployment (unemp)? State and year fixed effects, standard errors clustered by state
// (plm's small-sample convention), the interaction lpcap x unemp with simple slopes at
// mean - 1 SD, mean, mean + 1 SD of unemp and the Johnson-Neyman interval (Produc data;
// docs/methods/moderation.md).
//   node moderation.js [tests/reference/data/produc_logs.csv]
// Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).

const gm = require('@govmetrics/client');

async function main(csvPath) {
  const panel = gm.readPanelCsv(csvPath, {entity: 'state', period: 'year'});
  const modeling = new gm.ModelingClient(process.env.GOVMETRICS_MODELING_TARGET || '127.0.0.1:50052', {deadlineSeconds: 60});
  try {
    const fit = await modeling.fitPanelModel({
      panel, dependent: 'lgsp', regressors: ['lpcap', 'lpc', 'lemp', 'unemp'],
      model: {estimator: 'ESTIMATOR_WITHIN', fixed_effects: 'FIXED_EFFECTS_TWO_WAY',
        variance: {type: 'VARIANCE_TYPE_CLUSTER', cluster_by: ['entity'], small_sample: 'SMALL_SAMPLE_PLM'}},
      moderation: {interactions: [{focal: 'lpcap', moderator: 'unemp'}]},
    });
    for (const c of fit.coefficients) {
      console.log(`${c.name.padEnd(12)} ${c.estimate.toFixed(6).padStart(10)} ${c.std_error.toFixed(6).padStart(9)}`);
    }
    const result = fit.moderation[0];
    for (const s of result.simple_slopes) {
      console.log(`slope of ${result.focal} at ${result.moderator} = ${s.at_label} (${s.at.toFixed(3)}): ` +
          `${s.slope.toFixed(4)} (SE ${s.std_error.toFixed(4)}, p = ${s.p_value.toPrecision(3)})`);
    }
    const jn = result.johnson_neyman;
    console.log(`Johnson-Neyman: significant ${jn.region} [${jn.lower.toFixed(3)}, ${jn.upper.toFixed(3)}], ` +
        `sample range [${jn.observed_min.toFixed(2)}, ${jn.observed_max.toFixed(2)}]`);
  } catch (error) {
    console.error(String(error));
    process.exitCode = 1;
  } finally {
    modeling.close();
  }
}

main(process.argv[2] || 'tests/reference/data/produc_logs.csv');
