/** The scorecard: the brief's promises and DORA's four keys, judged from published reports, the ledger and Render. */
export { runScorecard, type ScorecardOptions, type ScorecardDeps } from './run';
export { buildScorecardReport, promiseRows, scorecardSection, summaryLine } from './build';
export { formatScorecard } from './format';
export { deliveryKeys } from './delivery';
export { deploysFromLedger, deploysFromRender } from './deploys';
export { downtimeFromEvents, uptimeFromMonitorRuns, uptimePct } from './uptime';
export { exclusion, ageDays, judgeRow } from './evidence';
export { readPublishedReports, readPublishedScorecards } from './sources';
export type * from './types';
