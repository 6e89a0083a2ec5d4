/** Renderers for load runs. They return strings; only the script shell prints. */
import { formatDuration, formatMs, formatPct } from '../units';
import type { LoadReport } from '../report/load';
import type { ThresholdVerdictJson } from '../report/common';
import { formatStages } from './stages';
import type { EngineEvent, WorkloadModel } from './types';
import type { Threshold } from './thresholds';

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = formatMs;
const pad = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
const padR = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));

/** `closed: 20 users, no think time` / `open: 5 journeys/s, ≤ 150 in flight`. */
export function describeModel(m: WorkloadModel): string {
  if (m.type === 'closed') return `closed model: ${m.stages ? `users ramping ${formatStages(m.stages)}` : `${m.users} users`}, ${m.thinkMs ? `${formatDuration(m.thinkMs)} think time` : 'no think time'}`;
  return `open model: ${m.stages ? `arrivals ramping ${formatStages(m.stages)} journeys/s` : `${m.rate} journeys/s`}, at most ${m.maxInFlight} in flight`;
}

/** What is about to happen, printed before anything is sent. */
export function formatPlan(p: { url: string; env: string; model: WorkloadModel; durationMs: number; maxRequests: number; graceMs: number; steps: readonly string[]; thresholds: readonly Threshold[]; apiKey: boolean }): string {
  const lines = [
    `Target:     ${p.url} (${p.env})`,
    `Model:      ${describeModel(p.model)}`,
    `Journey:    ${p.steps.join(' → ')}  (a fresh user id per journey; X-API-Key ${p.apiKey ? 'sent' : 'NOT set'})`,
    `Limits:     ${formatDuration(p.durationMs)} of sending, ≤ ${n0(p.maxRequests)} requests, ${formatDuration(p.graceMs)} grace for requests in flight`,
    `Thresholds: ${p.thresholds.map((t) => `${t.metric}: ${t.expression}${t.excluded ? ' (known broken, excluded)' : ''}${t.abortOnFail ? ' [abort]' : ''}`).join('; ')}`,
  ];
  return lines.join('\n');
}

/** One progress line from a tick (redrawn in place on a TTY). */
export function formatProgress(e: Extract<EngineEvent, { type: 'tick' }>): string {
  const l = e.live;
  const worst = l.steps.filter((s) => !s.knownBroken && s.requests > 0).map((s) => ({ id: s.id, p95: s.p95 })).sort((a, b) => b.p95 - a.p95)[0];
  // Known-broken steps (insights) fail every time; counting them would drown the signal.
  const judged = l.steps.filter((s) => !s.knownBroken);
  const errs = judged.reduce((a, s) => a + s.errors, 0);
  const reqs = judged.reduce((a, s) => a + s.requests, 0);
  const errPct = formatPct(reqs ? (errs / reqs) * 100 : 0);
  // Ticks come once a second: whole seconds, so the line does not read "10s elapsed, 9.97s left".
  const whole = (ms: number) => formatDuration(Math.round(ms / 1000) * 1000);
  return `[${whole(l.elapsedMs)} elapsed, ${whole(e.remainingMs)} left] ${e.second.requests} req/s (avg ${l.rps.toFixed(1)})  p95 ${worst ? `${worst.id} ${ms(worst.p95)}` : '–'}  errors ${errs} (${errPct})  journeys ${l.journeys.completed}/${l.journeys.started}  in flight ${l.inFlight}`;
}

const mark = (s: ThresholdVerdictJson['status']) => ({ pass: '✓', fail: '✗', 'no-data': '·', excluded: '–' })[s];

/** Threshold verdict lines. */
export function formatVerdicts(vs: readonly ThresholdVerdictJson[]): string {
  return vs.map((v) => `  ${mark(v.status)} ${v.name}  observed ${v.observed ?? 'no data'}${v.status === 'excluded' ? '  (known broken: reported, not judged)' : ''}`).join('\n');
}

/** The closing summary of a load report. */
export function formatLoadSummary(r: LoadReport): string {
  const L = r.load;
  const open = L.model.type === 'open';
  const head = `${padR('step', 12)}${pad('requests', 9)}${pad('ok', 8)}${pad('errors', 8)}${pad('p50', 9)}${pad('p90', 9)}${pad('p95', 9)}${pad('p99', 9)}${pad('max', 9)}${open ? `${pad('send p50', 10)}${pad('send p99', 10)}` : ''}`;
  const rows = L.steps.map((s) => {
    const errs = s.requests - s.ok;
    return `${padR(s.id + (s.knownBroken ? '*' : ''), 12)}${pad(n0(s.requests), 9)}${pad(n0(s.ok), 8)}${pad(n0(errs), 8)}${pad(ms(s.latency.p50), 9)}${pad(ms(s.latency.p90), 9)}${pad(ms(s.latency.p95), 9)}${pad(ms(s.latency.p99), 9)}${pad(ms(s.latency.max), 9)}${open ? `${pad(ms(s.sendLatency.p50), 10)}${pad(ms(s.sendLatency.p99), 10)}` : ''}`;
  });
  const j = L.journeys;
  const e = L.errors;
  const kinds = (['http', 'soft-failure', 'bad-body', 'timeout', 'connection'] as const).filter((k) => e[k] > 0).map((k) => `${k} ${e[k]}${k === 'http' ? ` (${Object.entries(e.byStatus).map(([s, c]) => `${s}×${c}`).join(', ')})` : ''}`);
  const out = [
    '',
    `${r.partial ? 'PARTIAL ' : ''}load run ${r.runId}: ${describeModel(L.model)}; ${n0(L.requests)} requests in ${formatDuration(L.elapsedMs)} (${L.rps} req/s)${r.target.sandbox ? '  [target is the sandbox]' : ''}`,
    open ? 'Latency from the intended start (the schedule), so stalls count in full; "send" columns time from the actual send.' : 'Latency from the send (closed model: a slow target also slows the arrivals).',
    head,
    ...rows,
    ...(L.steps.some((s) => s.knownBroken) ? ['* known broken in this release: reported, left out of the verdict'] : []),
    `journeys: ${j.completed} completed, ${j.succeeded} succeeded (${j.successRatePct}%), ${j.failed} failed, ${j.interrupted} interrupted${open ? `, ${j.late} late, ${j.dropped} dropped` : ''}; journey p50 ${ms(j.latency.p50)} p95 ${ms(j.latency.p95)} p99 ${ms(j.latency.p99)}`,
    `errors by kind: ${kinds.length ? kinds.join('; ') : 'none'}`,
    ...(L.errorReasons.length ? ['most frequent reasons:', ...L.errorReasons.slice(0, 5).map((x) => `  ${x.count}× ${x.step} ${x.kind}: ${x.reason}`)] : []),
    ...(L.rate ? [`arrival rate: ${L.rate.achievedRate}/s achieved of ${L.rate.targetRate}/s target (${Math.round(L.rate.ratio * 100)}%)${L.rate.ok ? '' : ' — SHORT'}`] : []),
    `generator: CPU mean ${L.generator.cpuPctMean}% max ${L.generator.cpuPctMax}% of a core, event-loop delay p99 ${L.generator.loopDelayP99Ms} ms, RSS ${L.generator.rssStartMb}→${L.generator.rssEndMb} MB`,
    'thresholds:',
    formatVerdicts(r.verdict.thresholds),
    ...(r.invalid ? [`INVALID: ${r.invalidReasons.join('; ')}`] : []),
    r.verdict.status === 'pass' ? 'verdict: pass' : `verdict: ${r.verdict.status.toUpperCase()}${r.verdict.failures.length ? ` — ${r.verdict.failures.join('; ')}` : ''}`,
  ];
  return out.join('\n');
}
