'use strict';
// Random-effects Tobit: log employment of UK firms, recorded at 0 (1,000 employees) when
// smaller, on wages, capital and output (EmplUK, unbalanced); 12-point adaptive
// Gauss-Hermite quadrature; average marginal effects on E[y|x] at u_i = 0
// (docs/methods/tobit.md).
//   node tobit.js [tests/reference/data/empluk_tobit.csv]
// Target: $GOVMETRICS_MODELING_TARGET (default 127.0.0.1:50052).

const gm = require('@govmetrics/client');

async function main(csvPath) {
  const panel = gm.readPanelCsv(csvPath, {entity: 'firm', period: 'year'});
  const modeling = new gm.ModelingClient(process.env.GOVMETRICS_MODELING_TARGET || '127.0.0.1:50052', {deadlineSeconds: 120});
  try {
    const fit = await modeling.fitCensoredModel({
      panel, dependent: 'lemp_c', regressors: ['lwage', 'lcapital', 'loutput'], left_limit: 0,
      model: 'CENSORED_MODEL_RANDOM_EFFECTS',
    });
    console.log(`random-effects Tobit: ${fit.observations} rows (${fit.left_censored} left-censored), ${fit.entities} firms`);
    for (const c of fit.coefficients) {
      console.log(`${c.name.padEnd(12)} ${c.estimate.toFixed(6).padStart(10)} ${c.std_error.toFixed(6).padStart(9)}`);
    }
    const re = fit.random_effects;
    console.log(`sigma_u = ${re.sigma_u.toFixed(4)}, sigma_e = ${re.sigma_e.toFixed(4)}, rho = ${re.rho.toFixed(4)}; ` +
        `LR test of sigma_u = 0: ${re.sigma_u_test.statistic.toFixed(2)} (p = ${re.sigma_u_test.p_value.toPrecision(3)})`);
    for (const m of fit.marginal_effects) {
      if (m.at !== 'MARGINAL_EFFECT_AT_AVERAGE' || m.kind !== 'MARGINAL_EFFECT_KIND_UNCONDITIONAL') continue;
      console.log(`average effect of ${m.regressor} on E[y|x] at u_i = 0: ${m.estimate.toFixed(4)} (SE ${m.std_error.toFixed(4)})`);
    }
  } catch (error) {
    console.error(String(error));
    process.exitCode = 1;
  } finally {
    modeling.close();
  }
}

main(process.argv[2] || 'tests/reference/data/empluk_tobit.csv');
