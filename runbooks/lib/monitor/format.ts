/** Renderers for the monitor: a line per sample, a live table, the summary. Strings only. */
import { formatDuration } from '../units';
import { renderTable } from '../probes/table';
import type { MonitorEvent, MonitorSample, MonitorSummary } from './monitor';
import type { PlatformWatchSummary } from './platform';
import { formatValue as fmt } from '../units';
import type { Measurement, MetricId, MetricState } from './evaluate';

const APP_COLS: { id: MetricId; head: string; unit: string }[] = [
  { id: 'memory', head: 'memory', unit: 'MB' },
  { id: 'errorRate', head: 'errors', unit: '%' },
  { id: 'syntheticErrorRate', head: 'synthetic', unit: '%' },
  { id: 'responseTime', head: 'generate time', unit: 'ms' },
  { id: 'dailyCost', head: 'cost today', unit: 'USD' },
  { id: 'health', head: 'health', unit: '' },
];
/** The platform's columns, shown only where a platform is configured (the app's heads then say "app"). */
const PLATFORM_COLS: { id: MetricId; head: string; unit: string }[] = [
  { id: 'platformMemory', head: 'memory (platform)', unit: 'MB' },
  { id: 'edgeErrorRate', head: '5xx (edge)', unit: '%' },
  { id: 'edgeP95', head: 'p95 (edge)', unit: 'ms' },
];
const ALL_COLS = [...APP_COLS, ...PLATFORM_COLS];

/** The columns of a sample: the platform's when it carries them, each head naming its source then. */
function colsOf(s: Pick<MonitorSample, 'measurements'>) {
  if (!('platformMemory' in s.measurements)) return APP_COLS;
  return [
    ...APP_COLS.map((c) =>
      c.id === 'memory'
        ? { ...c, head: 'memory (app)' }
        : c.id === 'errorRate'
          ? { ...c, head: 'errors (app)' }
          : c,
    ),
    ...PLATFORM_COLS,
  ];
}

function cell(m: Measurement | undefined, unit: string, breached: boolean): string {
  if (!m) return '·';
  switch (m.kind) {
    case 'value':
      return `${m.text ?? fmt(m.value, unit)}${breached ? ' ✗' : ''}`;
    case 'error':
      return `error (${m.code})`;
    case 'missing':
      return 'n/a';
    case 'unavailable':
      return 'not tracked';
    case 'not-due':
      return '·';
  }
}

/** One line per sample, for logs and CI. */
export function formatSampleLine(s: MonitorSample): string {
  const parts = colsOf(s).map(
    (c) => `${c.head} ${cell(s.measurements[c.id], c.unit, s.breached.includes(c.id))}`,
  );
  return `#${s.index} +${formatDuration(s.elapsedMs)}  ${parts.join('  ')}${s.notes.length ? `  [${s.notes.join('; ')}]` : ''}`;
}

/** The live table: the last `rows` samples and each metric's streaks. */
export function formatLiveTable(
  samples: readonly MonitorSample[],
  states: readonly MetricState[],
  header: string,
  rows = 10,
): string {
  const recent = samples.slice(-rows);
  const cols = recent[0] ? colsOf(recent[0]) : APP_COLS;
  const table = renderTable(
    ['#', 't', ...cols.map((c) => c.head), 'notes'],
    recent.map((s) => [
      String(s.index),
      `+${formatDuration(s.elapsedMs)}`,
      ...cols.map((c) => cell(s.measurements[c.id], c.unit, s.breached.includes(c.id))),
      s.notes.join('; '),
    ]),
    40,
  );
  const streaks = states
    .map(
      (st) =>
        `${cols.find((c) => c.id === st.id)?.head ?? st.id}: ${st.status === 'running' ? `${st.consecutiveBreaches} breach / ${st.consecutiveErrors} err in a row` : st.status.toUpperCase()}`,
    )
    .join(' · ');
  return `${header}\n${table}\n${streaks}`;
}

/** Moves the cursor up over the previous frame and clears it (ANSI), for in-place redraws. */
export function redrawFrame(previousLines: number, frame: string): string {
  return (previousLines > 0 ? `\x1b[${previousLines}F\x1b[0J` : '') + frame + '\n';
}

/** One line for a breach or measurement-error event. */
export function formatMonitorEvent(e: MonitorEvent): string | undefined {
  if (e.type === 'breach') {
    const what =
      e.metric === 'health'
        ? `health is ${healthText(e.value)}`
        : `${e.label} ${fmt(e.value, unitOf(e.metric))} above ${fmt(e.max, unitOf(e.metric))}`;
    return `breach: ${what} (${e.consecutive}/${e.limit} in a row${e.failed ? ' — FAILED' : ''}) in sample #${e.sample} → ${e.section.title}: ${e.section.url}`;
  }
  if (e.type === 'error')
    return `measurement error: ${e.metric}: [${e.code}] ${e.reason} (${e.consecutive}/${e.limit} in a row${e.errored ? ' — giving up' : ''})`;
  if (e.type === 'platform')
    return e.kind === 'failure'
      ? `platform: ${e.text} in sample #${e.sample} — FAILED → ${e.section.title}: ${e.section.url}`
      : `platform: ${e.text} in sample #${e.sample}`;
  return undefined;
}

const unitOf = (id: MetricId) => ALL_COLS.find((c) => c.id === id)?.unit ?? '';

const VERDICT: Record<MonitorSummary['verdict'], string> = {
  passed: 'PASSED',
  failed: 'FAILED',
  errored: 'ERRORED (measurements failed)',
  inconclusive: 'INCONCLUSIVE (not a pass)',
  interrupted: 'INTERRUPTED (partial)',
};

/** The closing summary: verdict, each threshold's outcome, and the samples that breached. */
export function formatMonitorSummary(s: MonitorSummary): string {
  const out: string[] = [];
  out.push(
    `Monitor of ${s.baseUrl}: ${VERDICT[s.verdict]}${s.partial && s.verdict !== 'interrupted' ? ' (partial: interrupted)' : ''} — ${s.reason}.`,
  );
  out.push(
    `  ${s.samples} sample(s) over ${formatDuration(s.durationMs)} of ${formatDuration(s.plannedDurationMs)}, every ${formatDuration(s.intervalMs)} (health every ${formatDuration(s.healthIntervalMs)})${s.restarts ? `; target restarted ${s.restarts}×` : ''}`,
    '',
  );
  out.push(
    renderTable(
      ['threshold', 'limit', 'last', 'max', 'breaches', 'errors', 'no data', 'verdict'],
      s.metrics.map((m) => [
        s.platform ? `${m.label} [${m.origin}]` : m.label,
        m.id === 'health' ? 'not critical' : `≤ ${fmt(m.max, m.unit)}`,
        m.id === 'health' ? healthText(m.lastValue) : fmt(m.lastValue, m.unit),
        m.id === 'health' ? healthText(m.maxValue) : fmt(m.maxValue, m.unit),
        String(m.breaches),
        String(m.errors),
        String(m.missing),
        m.verdict,
      ]),
    ).replace(/^/gm, '  '),
  );
  out.push('', 'Where each figure comes from:');
  for (const m of s.metrics)
    out.push(
      `  ${m.label}${s.platform ? ` [${m.origin}]` : ''}: ${m.signal}${m.verdict === 'not-tracked' ? ` — not tracked here (${m.lastMissing ?? 'no reading in this watch'}), so not judged` : ''}`,
    );
  if (s.platform) out.push('', ...formatPlatformWatch(s.platform));
  if (s.sections.length) {
    out.push('', 'What to do (the handbook section for each):');
    for (const sec of s.sections) out.push(`  ${sec.title}: ${sec.url}`);
  }
  if (s.breachSamples.length) {
    out.push('', 'Samples that breached:');
    for (const b of s.breachSamples.slice(-20)) out.push(`  ${formatSampleLine(b)}`);
    if (s.breachSamples.length > 20) out.push(`  … and ${s.breachSamples.length - 20} earlier`);
  }
  return out.join('\n');
}

/** What the platform saw during the watch: its failures (each fails it) and the instance's restarts. */
export function formatPlatformWatch(p: PlatformWatchSummary): string[] {
  const out = [
    `Platform (${p.describes}), events since ${p.since.slice(11, 19)} UTC: ${p.events} event(s) in ${p.reads} read(s)${p.limitMb !== null ? `; memory limit ${fmt(p.limitMb, 'MB')}, peak ${fmt(p.peakMb, 'MB')}` : ''}`,
  ];
  if (!p.failures.length) out.push('  no server_failed: no OOM kill, no crash');
  for (const f of p.failures) out.push(`  FAILED: ${f.text}`);
  for (const r of p.restarts.filter((x) => x.cause === 'restart'))
    out.push(`  ${r.at.slice(11, 19)} UTC ${r.why} (${r.eventId})`);
  if (p.readErrors) out.push(`  ${p.readErrors} read(s) failed; the last: ${p.lastError}`);
  return out;
}

const healthText = (v: number | null) =>
  v === null ? '–' : (['healthy', 'degraded', 'critical'][v] ?? String(v));
