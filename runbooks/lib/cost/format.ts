/** Human summary of a cost report. A string; the shell prints it. */
import type { CostReport } from '../report/cost';
import { formatUsd } from '../units';

const $ = formatUsd;

export function formatCostSummary(r: CostReport): string {
  const c = r.cost;
  const p = c.projection;
  const out = [
    `cost per journey: ${$(c.costPerJourneyUsd)} (${c.lines.map((l) => `${l.step} ${!l.costKey ? 'free' : l.counted ? $(l.perCallUsd) : 'not counted (known broken)'}`).join(', ')})`,
    `projection: ${p.users} users × ${p.journeysPerUserPerDay} journey/day → ${$(p.dailyUsd)}/day, ${$(p.perUserPerDayUsd)} per user per day (target ${$(p.targetPerUserPerDayUsd)}), alert at ${$(p.dailyAlertUsd)}/day (reached at ${p.usersAtDailyAlert ?? '∞'} users)`,
  ];
  const v = c.validation;
  const charged = v?.endpoints.reduce((a, e) => a + (e.projectedUsd > 0 ? e.callsMade : 0), 0) ?? 0;
  const succeeded = v?.endpoints.reduce((a, e) => a + (e.projectedUsd > 0 ? e.okCalls : 0), 0) ?? 0;
  if (v)
    out.push(
      `validation (${v.source}): projected ${$(v.projectedUsd)} for ${charged} charged call(s) of ${v.run.requests} requests, ${succeeded} of them succeeded; target accounted ${$(v.accountedUsd)} → error ${v.errorPct === null ? 'n/a' : `${v.errorPct} %`} (tolerance ±${v.tolerancePct} %): ${v.status.toUpperCase()} — ${v.reason}`,
    );
  out.push(`verdict: ${r.verdict.status.toUpperCase()}${r.partial ? ' (partial)' : ''}`);
  for (const f of [...r.verdict.failures, ...r.invalidReasons]) out.push(`  ✗ ${f}`);
  for (const n of c.notes) out.push(`note: ${n}`);
  return out.join('\n');
}
