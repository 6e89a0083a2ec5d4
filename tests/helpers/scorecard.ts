/**
 * What the scorecard's unit tests share: the config, a fixed scorecard time, the committed
 * example reports, the ledger fixture (tests/fixtures/scorecard/ledger.jsonl), inputs with
 * defaults, and one promise's row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './root';
import { loadConfig } from '../../runbooks/lib/config/load';
import type { LedgerRecord } from '../../runbooks/lib/ledger/index';
import type { PromiseRow } from '../../runbooks/lib/report/scorecard';
import {
  promiseRows,
  readPublishedReports,
  type DeploySet,
  type ScorecardInputs,
} from '../../runbooks/lib/scorecard/index';

export const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));
/** The scorecard's time in these tests: the committed examples are days old at it. */
export const AS_OF = Date.parse('2026-12-07T12:00:00Z');
export const DAY = 86_400_000;
export const examples = readPublishedReports(join(ROOT, 'static/reports')).reports;
export const ledger = readFileSync(join(ROOT, 'tests/fixtures/scorecard/ledger.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as LedgerRecord);

const noDeploys: DeploySet = { source: 'ledger', facts: [], statuses: [] };
/** Inputs for production at AS_OF, from the examples, with no deploy and no platform, unless given. */
export const inputs = (o: Partial<ScorecardInputs> = {}): ScorecardInputs => ({
  config,
  environment: 'production',
  asOf: AS_OF,
  reports: examples,
  deploys: noDeploys,
  platform: null,
  statuses: [],
  ...o,
});
/** One promise's row of the scorecard of `i`. */
export const row = (i: ScorecardInputs, id: PromiseRow['id']) =>
  promiseRows(i).rows.find((r) => r.id === id)!;
