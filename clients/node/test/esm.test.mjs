// The ESM entry point exports the same client as the CommonJS one.
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {test} from 'node:test';

import gm, {GovmetricsError, IndexClient, ReportingClient, readPanelCsv} from '@govmetrics/client';

test('ESM named and default exports are the CommonJS module', () => {
  const cjs = createRequire(import.meta.url)('@govmetrics/client');
  assert.equal(IndexClient, cjs.IndexClient);
  assert.equal(ReportingClient, cjs.ReportingClient);
  assert.equal(readPanelCsv, cjs.readPanelCsv);
  assert.equal(GovmetricsError, cjs.GovmetricsError);
  assert.equal(gm, cjs);
});
