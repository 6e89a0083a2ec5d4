/**
 * The scorecard from its inputs: one row per promise of the brief, in the brief's order,
 * the four keys of delivery, and the report around them. Pure: the inputs carry every
 * fact and the time, so a test gives it a ledger fixture and a list of reports.
 */
import { REPORT_SCHEMA_VERSION } from '../report/common';
import type { BaseReport } from '../report/common';
import type { PromiseRow, ScorecardReport, ScorecardSection } from '../report/scorecard';
import { capacityRow, costAccuracyRow, costPerUserRow, baselinesRow, p95Row } from './from-reports';
import { p0Row, resolutionRow } from './incidents';
import { uptimeRow } from './uptime';
import { consistentReleasesRow, dailyDeploysRow, deliveryKeys } from './delivery';
import type { ScorecardInputs } from './types';

/** Every promise row, in the brief's order: its success criteria, then its performance targets. */
export function promiseRows(i: ScorecardInputs): {
  rows: PromiseRow[];
  delivery: ScorecardSection['delivery'];
} {
  const delivery = deliveryKeys(i);
  const rows = [
    capacityRow(i, {
      id: 'load-10-users',
      promise: `Load testing validates ${i.config.scorecard.minConcurrentUsers}+ concurrent users`,
      min: i.config.scorecard.minConcurrentUsers,
      source: 'scorecard.minConcurrentUsers',
    }),
    baselinesRow(i),
    consistentReleasesRow(i, delivery),
    resolutionRow(i),
    costAccuracyRow(i),
    capacityRow(i, {
      id: 'capacity-15-users',
      promise: `${i.config.slo.concurrentUsers} concurrent users on the ${i.config.service.plan.cpu} CPU instance`,
      min: i.config.slo.concurrentUsers,
      source: 'slo.concurrentUsers',
    }),
    p95Row(i),
    uptimeRow(i),
    p0Row(i),
    dailyDeploysRow(i, delivery),
    costPerUserRow(i),
  ];
  return { rows, delivery };
}

/** "7 of 11 promises kept, 2 missed, 2 not measured". */
export function summaryLine(rows: readonly Pick<PromiseRow, 'verdict'>[]): ScorecardSection['summary'] {
  const count = (v: PromiseRow['verdict']) => rows.filter((r) => r.verdict === v).length;
  const kept = count('kept');
  const missed = count('missed');
  const notMeasured = count('not-measured');
  return {
    total: rows.length,
    kept,
    missed,
    notMeasured,
    line: `${kept} of ${rows.length} promises kept, ${missed} missed, ${notMeasured} not measured`,
  };
}

/** The scorecard section. */
export function scorecardSection(i: ScorecardInputs): ScorecardSection {
  const { rows, delivery } = promiseRows(i);
  return {
    environment: i.environment,
    asOf: new Date(i.asOf).toISOString(),
    windowDays: i.config.scorecard.windowDays,
    evidenceMaxAgeDays: i.config.scorecard.evidenceMaxAgeDays,
    summary: summaryLine(rows),
    promises: rows,
    delivery,
    sources: [...i.statuses, ...i.deploys.statuses],
  };
}

/** The whole report: a missed promise fails it (exit 1); not measured is a warning, failing only with --strict. */
export function buildScorecardReport(
  i: ScorecardInputs,
  base: Pick<BaseReport, 'runId' | 'tool' | 'git' | 'host'> & {
    target: Omit<BaseReport['target'], 'sandbox'>;
    startedAt: string;
    endedAt: string;
    config: Record<string, unknown>;
  },
  opts: { strict?: boolean } = {},
): ScorecardReport {
  const section = scorecardSection(i);
  const missed = section.promises.filter((r) => r.verdict === 'missed');
  const unmeasured = section.promises.filter((r) => r.verdict === 'not-measured');
  const failures = [
    ...missed.map(
      (r) => `missed: ${r.promise} (${r.measured?.text ?? 'no figure'}; target ${r.target.text})`,
    ),
    ...(opts.strict ? unmeasured.map((r) => `not measured (--strict): ${r.promise}`) : []),
  ];
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: base.runId,
    tool: base.tool,
    git: base.git,
    // The local environment is the sandbox; every other environment is judged only on its own evidence.
    target: { ...base.target, sandbox: i.environment === 'local' },
    host: base.host,
    startedAt: base.startedAt,
    endedAt: base.endedAt,
    partial: false,
    invalid: false,
    invalidReasons: [],
    config: base.config,
    verdict: { status: failures.length ? 'fail' : 'pass', failures, thresholds: [] },
    kind: 'scorecard',
    scorecard: section,
  };
}
