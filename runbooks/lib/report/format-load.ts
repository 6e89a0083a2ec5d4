/** The closing summary of a load report (a string; the shell prints it). */
import { formatDuration, formatMs as ms, formatPercentile, PERCENTILE_LEGEND } from '../units';
import { describeModel, n0, pad, padR } from '../load/format';
import type { ThresholdVerdictJson } from './common';
import type { LoadReport } from './load';

const mark = (s: ThresholdVerdictJson['status']) =>
  ({ pass: '✓', fail: '✗', 'no-data': '·', excluded: '–' })[s];

/** Threshold verdict lines. */
export function formatVerdicts(vs: readonly ThresholdVerdictJson[]): string {
  return vs
    .map(
      (v) =>
        `  ${mark(v.status)} ${v.name}  observed ${v.observed ?? 'no data'}${v.status === 'excluded' ? '  (known broken: reported, not judged)' : ''}`,
    )
    .join('\n');
}

/** The closing summary of a load report. */
export function formatLoadSummary(r: LoadReport): string {
  const L = r.load;
  const open = L.model.type === 'open';
  const head = `${padR('step', 12)}${pad('requests', 9)}${pad('ok', 8)}${pad('errors', 8)}${pad('p50', 9)}${pad('p90', 9)}${pad('p95', 9)}${pad('p99', 9)}${pad('max', 9)}${open ? `${pad('send p50', 10)}${pad('send p99', 10)}` : ''}`;
  let few = false;
  // A percentile is shown only when the step's samples can tell it from its slowest one; "–" without samples.
  const pc = (
    l: { count: number; p50: number; p90: number; p95: number; p99: number },
    p: 50 | 90 | 95 | 99,
  ) => {
    const t = formatPercentile(l.count, p, l[`p${p}`]);
    few ||= t === '·';
    return t;
  };
  const mx = (l: { count: number; max: number }) => (l.count > 0 ? ms(l.max) : '–');
  const rows = L.steps.map((s) => {
    const errs = s.requests - s.ok;
    return `${padR(s.id + (s.knownBroken ? '*' : ''), 12)}${pad(n0(s.requests), 9)}${pad(n0(s.ok), 8)}${pad(n0(errs), 8)}${pad(pc(s.latency, 50), 9)}${pad(pc(s.latency, 90), 9)}${pad(pc(s.latency, 95), 9)}${pad(pc(s.latency, 99), 9)}${pad(mx(s.latency), 9)}${open ? `${pad(pc(s.sendLatency, 50), 10)}${pad(pc(s.sendLatency, 99), 10)}` : ''}`;
  });
  const j = L.journeys;
  const e = L.errors;
  const kinds = (['http', 'soft-failure', 'bad-body', 'timeout', 'connection'] as const)
    .filter((k) => e[k] > 0)
    .map(
      (k) =>
        `${k} ${e[k]}${
          k === 'http'
            ? ` (${Object.entries(e.byStatus)
                .map(([s, c]) => `${s}×${c}`)
                .join(', ')})`
            : ''
        }`,
    );
  const out = [
    '',
    `${r.partial ? 'PARTIAL ' : ''}load run ${r.runId}: ${describeModel(L.model)}; ${n0(L.requests)} requests in ${formatDuration(L.elapsedMs)} (${L.rps} req/s)${r.target.sandbox ? '  [target is the sandbox]' : ''}`,
    open
      ? 'Latency from the intended start (the schedule), so stalls count in full; "send" columns time from the actual send.'
      : 'Latency from the send (closed model: a slow target also slows the arrivals).',
    head,
    ...rows,
    ...(L.steps.some((s) => s.knownBroken)
      ? ['* known broken in this release: reported, left out of the verdict']
      : []),
    `journeys: ${j.completed} completed, ${j.succeeded} succeeded (${j.successRatePct}%), ${j.failed} failed, ${j.interrupted} interrupted${open ? `, ${j.late} late, ${j.dropped} dropped` : ''}; journey p50 ${pc(j.latency, 50)} p95 ${pc(j.latency, 95)} p99 ${pc(j.latency, 99)} max ${mx(j.latency)}`,
    ...(few ? [PERCENTILE_LEGEND] : []),
    `errors by kind: ${kinds.length ? kinds.join('; ') : 'none'}`,
    ...(L.errorReasons.length
      ? [
          'most frequent reasons:',
          ...L.errorReasons.slice(0, 5).map((x) => `  ${x.count}× ${x.step} ${x.kind}: ${x.reason}`),
        ]
      : []),
    ...(L.rate
      ? [
          `arrival rate: ${L.rate.achievedRate}/s achieved of ${L.rate.targetRate}/s target (${Math.round(L.rate.ratio * 100)}%)${L.rate.ok ? '' : ' — SHORT'}`,
        ]
      : []),
    `generator: CPU mean ${L.generator.cpuPctMean}% max ${L.generator.cpuPctMax}% of a core, event-loop delay p99 ${L.generator.loopDelayP99Ms} ms, RSS ${L.generator.rssStartMb}→${L.generator.rssEndMb} MB`,
    'thresholds:',
    formatVerdicts(r.verdict.thresholds),
    ...(r.invalid ? [`INVALID: ${r.invalidReasons.join('; ')}`] : []),
    r.verdict.status === 'pass'
      ? 'verdict: pass'
      : `verdict: ${r.verdict.status.toUpperCase()}${r.verdict.failures.length ? ` — ${r.verdict.failures.join('; ')}` : ''}`,
  ];
  return out.join('\n');
}
