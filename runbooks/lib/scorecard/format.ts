/** The scorecard for a terminal: the one-line state, then each promise with its evidence, then delivery. Returns a string. */
import type { PromiseRow, ScorecardReport } from '../report/scorecard';

const VERDICT: Record<PromiseRow['verdict'], string> = {
  kept: 'KEPT',
  missed: 'MISSED',
  'not-measured': 'NOT MEASURED',
};

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - s.length));

/** One piece of evidence in words: what, where, how old, on what, and whether it counted. */
function evidenceLine(e: PromiseRow['evidence'][number]): string {
  const where = e.file ? `report ${e.file}` : e.source;
  const age = e.ageDays === null ? 'age unknown' : `${e.ageDays} day${e.ageDays === 1 ? '' : 's'} old`;
  const tags = [
    e.environment ?? 'no environment',
    ...(e.sandbox ? ['sandbox'] : []),
    ...(e.example ? ['example'] : []),
  ];
  return `${e.label} — ${where}, ${age}, ${tags.join(', ')}${e.counted ? '' : ` — not counted: ${e.excludedBecause}`}`;
}

/** The whole scorecard as text. */
export function formatScorecard(r: ScorecardReport): string {
  const s = r.scorecard;
  const lines = [
    `Scorecard for ${s.environment}${s.environment === 'local' ? ' (the sandbox)' : ''}, as of ${s.asOf.slice(0, 16).replace('T', ' ')} UTC — evidence counts when at most ${s.evidenceMaxAgeDays} days old; deploys and incidents over the last ${s.windowDays} days`,
    s.summary.line,
    '',
  ];
  const w = Math.max(...Object.values(VERDICT).map((v) => v.length)) + 2;
  for (const row of s.promises) {
    lines.push(`${pad(VERDICT[row.verdict], w)}${row.promise}`);
    const ind = ' '.repeat(w);
    lines.push(`${ind}target   ${row.target.text} (${row.target.source})`);
    lines.push(`${ind}measured ${row.measured?.text ?? '–'} [source: ${row.source}]`);
    for (const e of row.evidence.slice(0, 3)) lines.push(`${ind}evidence ${evidenceLine(e)}`);
    lines.push(`${ind}${row.reason}`);
  }
  const d = s.delivery;
  lines.push('', 'Delivery (the four keys):');
  for (const [label, k] of [
    ['deployment frequency', d.deploymentFrequency],
    ['lead time for changes', d.leadTime],
    ['change failure rate', d.changeFailureRate],
    ['time to restore', d.timeToRestore],
  ] as const)
    lines.push(`  ${pad(label, 22)} ${k.text} [source: ${k.source}] — ${k.detail}`);
  lines.push('', 'Sources:');
  for (const x of s.sources) lines.push(`  ${pad(x.source, 16)} ${x.status}`);
  return lines.join('\n');
}
