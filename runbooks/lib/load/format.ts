/** Renderers for load runs. They return strings; only the script shell prints. */
import { labelText } from '../target/label';
import { formatDuration, formatMs, formatPct } from '../units';
import { formatStages } from './stages';
import type { EngineEvent, WorkloadModel } from './types';
import type { Target } from '../target/resolve';
import type { PreparedLoad } from './run';

export const n0 = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = formatMs;
export const pad = (s: string, w: number) => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
export const padR = (s: string, w: number) => (s.length >= w ? s : s + ' '.repeat(w - s.length));

/** `closed: 20 users, no think time` / `open: 5 journeys/s, ≤ 150 in flight`. */
export function describeModel(m: WorkloadModel): string {
  if (m.type === 'closed')
    return `closed model: ${m.stages ? `users ramping ${formatStages(m.stages)}` : `${m.users} users`}, ${m.thinkMs ? `${formatDuration(m.thinkMs)} think time` : 'no think time'}`;
  return `open model: ${m.stages ? `arrivals ramping ${formatStages(m.stages)} journeys/s` : `${m.rate} journeys/s`}, at most ${m.maxInFlight} in flight`;
}

/** What is about to happen, printed before anything is sent: target, model, journey, limits, thresholds, and how long it takes. */
export function formatPlan(target: Pick<Target, 'baseUrl' | 'label' | 'apiKey'>, run: PreparedLoad): string {
  const o = run.opts;
  const lines = [
    `Target:     ${target.baseUrl} (${labelText(target.label)})`,
    `Model:      ${describeModel(o.model)}`,
    `Journey:    ${o.steps.map((s) => s.id).join(' → ')}  (a fresh user id per journey; X-API-Key ${target.apiKey ? 'sent' : 'not needed'})`,
    `Limits:     ${formatDuration(o.durationMs)} of sending, ≤ ${n0(o.maxRequests)} requests, ${formatDuration(o.graceMs)} grace for requests in flight`,
    `Takes:      about ${formatDuration(o.durationMs)}, and up to ${formatDuration(o.durationMs + o.graceMs)} while the last journeys finish`,
    `Thresholds: ${run.thresholds.map((t) => `${t.metric}: ${t.expression}${t.excluded ? ' (known broken, excluded)' : ''}${t.abortOnFail ? ' [abort]' : ''}`).join('; ')}`,
  ];
  return lines.join('\n');
}

/** One progress line from a tick (redrawn in place on a TTY). */
export function formatProgress(e: Extract<EngineEvent, { type: 'tick' }>): string {
  const l = e.live;
  const worst = l.steps
    .filter((s) => !s.knownBroken && s.requests > 0)
    .map((s) => ({ id: s.id, p95: s.p95 }))
    .sort((a, b) => b.p95 - a.p95)[0];
  // Known-broken steps (insights) fail every time; counting them would drown the signal.
  const judged = l.steps.filter((s) => !s.knownBroken);
  const errs = judged.reduce((a, s) => a + s.errors, 0);
  const reqs = judged.reduce((a, s) => a + s.requests, 0);
  const errPct = formatPct(reqs ? (errs / reqs) * 100 : 0);
  // Ticks come once a second: whole seconds, so the line does not read "10s elapsed, 9.97s left".
  const whole = (ms: number) => formatDuration(Math.round(ms / 1000) * 1000);
  return `[${whole(l.elapsedMs)} elapsed, ${whole(e.remainingMs)} left] ${e.second.requests} req/s (avg ${l.rps.toFixed(1)})  p95 ${worst ? `${worst.id} ${ms(worst.p95)}` : '–'}  errors ${errs} (${errPct})  journeys ${l.journeys.completed}/${l.journeys.started}  in flight ${l.inFlight}`;
}
