/**
 * The monitor core: samples the target on an interval for a bounded duration, folds each
 * sample into per-metric Argo-style states, and emits events. deploy (post-deploy watch)
 * and incident response call this; runbooks/monitor.ts is only a view of its events.
 */
import type { Config } from '../config/schema';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { httpRequest, abortableSleep, joinUrl } from '../http';
import { formatValue } from '../units';
import type { Exposition } from '../metrics';
import { UNREACHABLE_CODES, isUnreachable, type ProbeDeps } from '../probes/common';
import {
  criteriaFrom,
  evaluate,
  inconclusiveReason,
  initialState,
  metricVerdict,
  METRIC_IDS,
  type Criterion,
  type Measurement,
  type MetricId,
  type MetricState,
  type MetricVerdict,
} from './evaluate';
import { fetchSample, deriveMeasurements } from './sample';
import { RestartTracker } from './restarts';
import { startSynthetic } from './synthetic';
import { sectionRef, type SectionRef } from '../sections/index';

export interface MonitorOptions {
  durationMs: number;
  intervalMs: number;
  /** Minimum time between health polls (default config.healthPollIntervalS). */
  healthIntervalMs?: number;
  /** Keep sampling to the end after a metric failed (default: stop at the first failure, as Argo does). */
  keepGoing?: boolean;
  /** Synthetic journeys (synthetic.ts); off when absent. */
  synthetic?: { intervalMs: number; apiKey: string };
  /** A degraded (or basic) health verdict breaches too. */
  strictHealth?: boolean;
}

export interface MonitorSample {
  index: number;
  at: string;
  elapsedMs: number;
  measurements: Record<MetricId, Measurement>;
  /** Metrics whose value breached its threshold in this sample. */
  breached: MetricId[];
  restarted: boolean;
  notes: string[];
}

export interface MetricSummary extends MetricState {
  label: string;
  unit: string;
  max: number;
  source: string;
  signal: string;
  /** The page section that handles this metric's breach. */
  section: SectionRef;
  verdict: MetricVerdict;
}

export type MonitorVerdict = 'passed' | 'failed' | 'errored' | 'inconclusive' | 'interrupted';

export interface MonitorSummary {
  verdict: MonitorVerdict;
  /** One line: why the verdict. */
  reason: string;
  baseUrl: string;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  plannedDurationMs: number;
  intervalMs: number;
  healthIntervalMs: number;
  samples: number;
  restarts: number;
  /** Samples in which the target could not be reached at all: downtime, never a pass. */
  unreachableSamples: number;
  partial: boolean;
  metrics: MetricSummary[];
  /** Every sample in which some metric breached. */
  breachSamples: MonitorSample[];
  /** The page sections that handle what failed (failed or errored metrics, downtime), in order. */
  sections: SectionRef[];
  /** The synthetic journey's key was refused: the watch stopped there (errored, exit 2), with the error every script gives. */
  keyRefused?: { message: string; hint: string | null };
}

export type MonitorEvent =
  | { type: 'sample'; sample: MonitorSample; states: MetricState[] }
  | {
      type: 'breach';
      metric: MetricId;
      label: string;
      value: number;
      max: number;
      consecutive: number;
      limit: number;
      failed: boolean;
      sample: number;
      section: SectionRef;
    }
  | {
      type: 'error';
      metric: MetricId;
      code: string;
      reason: string;
      consecutive: number;
      limit: number;
      errored: boolean;
      sample: number;
    }
  | { type: 'done'; summary: MonitorSummary };

type Handler<K extends MonitorEvent['type']> = (e: Extract<MonitorEvent, { type: K }>) => void;

export interface Monitor {
  on<K extends MonitorEvent['type']>(type: K, fn: Handler<K>): Monitor;
  /** Runs to the end (duration, first failure, error limit, or the deps' signal); never throws for target trouble. */
  run(): Promise<MonitorSummary>;
}

/** Creates a monitor of `target` with the config's alert thresholds. */
export function createMonitor(
  config: Config,
  target: { baseUrl: string },
  opts: MonitorOptions,
  deps: ProbeDeps = {},
): Monitor {
  // A plain listener map, not EventEmitter: an 'error' event with no listener must not throw.
  const listeners = new Map<string, ((e: MonitorEvent) => void)[]>();
  const request = deps.request ?? httpRequest;
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? abortableSleep;
  const criteria = criteriaFrom(config).map((c) =>
    c.id === 'health' && opts.strictHealth
      ? { ...c, max: 0, source: 'health body (degraded or critical: --strict)' }
      : c,
  );
  const limits = { breaches: config.alerts.consecutiveBreaches, errors: config.alerts.consecutiveErrors };
  const healthIntervalMs = opts.healthIntervalMs ?? config.healthPollIntervalS * 1000;
  const emit = (e: MonitorEvent) => listeners.get(e.type)?.forEach((fn) => fn(e));
  const handbookUrl = config.handbook.url;
  joinUrl(target.baseUrl, '/metrics'); // a malformed URL is a usage error now, not N sample errors later

  const monitor: Monitor = {
    on(type, fn) {
      listeners.set(type, [...(listeners.get(type) ?? []), fn as (e: MonitorEvent) => void]);
      return monitor;
    },
    async run() {
      const start = now();
      const states = new Map<MetricId, MetricState>(METRIC_IDS.map((id) => [id, initialState(id)]));
      const breachSamples: MonitorSample[] = [];
      const restartTracker = new RestartTracker(Math.max(5_000, opts.intervalMs));
      const synthetic = opts.synthetic
        ? startSynthetic(
            config,
            target.baseUrl,
            { ...opts.synthetic, durationMs: opts.durationMs },
            { ...deps, request },
          )
        : undefined;
      const syntheticOff: Measurement = { kind: 'unavailable', reason: 'synthetic checks off' };
      let baseline: Exposition | undefined;
      let lastHealthAt: number | undefined;
      let previousAt: number | undefined;
      let restarts = 0;
      let unreachableSamples = 0;
      let count = 0;
      try {
        // Bounded in count as well as time: at most one sample per interval of the duration.
        const maxSamples = Math.floor(opts.durationMs / opts.intervalMs) + 1;
        for (let i = 0; i < maxSamples; i++) {
          if (deps.signal?.aborted) break;
          const t = now();
          // Slow samples (a stalled health check) must not stretch the run past its duration.
          if (i > 0 && t - start > opts.durationMs + opts.intervalMs / 2) break;
          // Half an interval of slack, so timer drift does not push health to the next sample.
          const healthDue =
            lastHealthAt === undefined || t - lastHealthAt >= healthIntervalMs - opts.intervalMs / 2;
          if (healthDue) lastHealthAt = t;
          const raw = await fetchSample(config, target.baseUrl, request, healthDue, deps.signal);
          if (deps.signal?.aborted) break; // a sample cut short by Ctrl-C measures nothing
          const d = deriveMeasurements(raw, baseline);
          baseline = d.baseline;
          const restarted = restartTracker.observe({ at: t, previousAt, ...d.restart });
          previousAt = t;
          if (restarted) restarts++;
          const down = 'code' in raw.metrics && isUnreachable(raw.metrics);
          if (down) unreachableSamples++;
          const measurements = {
            ...d.measurements,
            syntheticErrorRate: synthetic?.measurement() ?? syntheticOff,
          };
          const sample: MonitorSample = {
            index: i + 1,
            at: new Date(t).toISOString(),
            elapsedMs: t - start,
            measurements,
            breached: [],
            restarted,
            notes: [...(restarted ? ['target restarted'] : []), ...(down ? ['target unreachable'] : [])],
          };
          count++;
          const pending: MonitorEvent[] = [];
          for (const c of criteria) {
            const m = measurements[c.id];
            const { state, transition } = evaluate(states.get(c.id)!, c, m, limits);
            states.set(c.id, state);
            if ((transition === 'breach' || transition === 'failed') && m.kind === 'value') {
              sample.breached.push(c.id);
              pending.push({
                type: 'breach',
                metric: c.id,
                label: c.label,
                value: m.value,
                max: c.max,
                consecutive: state.consecutiveBreaches,
                limit: limits.breaches,
                failed: state.status === 'failed',
                sample: sample.index,
                section: sectionRef(c.section, handbookUrl),
              });
            }
            if ((transition === 'error' || transition === 'errored') && m.kind === 'error') {
              pending.push({
                type: 'error',
                metric: c.id,
                code: m.code,
                reason: m.reason,
                consecutive: state.consecutiveErrors,
                limit: limits.errors,
                errored: state.status === 'errored',
                sample: sample.index,
              });
            }
          }
          if (sample.breached.length) breachSamples.push(sample);
          emit({ type: 'sample', sample, states: [...states.values()] });
          pending.forEach(emit);
          const all = [...states.values()];
          if (all.some((s) => s.status === 'errored')) break;
          if (synthetic?.keyRefused()) break;
          if (!opts.keepGoing && all.some((s) => s.status === 'failed')) break;
          const next = start + (i + 1) * opts.intervalMs;
          if (i + 1 >= maxSamples) break;
          await sleep(Math.max(0, next - now()), deps.signal);
        }
      } finally {
        await synthetic?.stop();
      }
      const refused = synthetic?.keyRefused();
      const summary = summarize(criteria, states, {
        baseUrl: target.baseUrl,
        start,
        end: now(),
        opts,
        healthIntervalMs,
        count,
        restarts,
        unreachableSamples,
        breachSamples,
        interrupted: Boolean(deps.signal?.aborted),
        handbookUrl,
        keyRefused: refused ? { message: refused.message, hint: refused.hint ?? null } : undefined,
      });
      emit({ type: 'done', summary });
      return summary;
    },
  };
  return monitor;
}

function summarize(
  criteria: Criterion[],
  states: Map<MetricId, MetricState>,
  x: {
    baseUrl: string;
    start: number;
    end: number;
    opts: MonitorOptions;
    healthIntervalMs: number;
    count: number;
    restarts: number;
    unreachableSamples: number;
    breachSamples: MonitorSample[];
    interrupted: boolean;
    handbookUrl: string | undefined;
    keyRefused: MonitorSummary['keyRefused'];
  },
): MonitorSummary {
  const metrics: MetricSummary[] = criteria.map((c) => {
    const s = states.get(c.id)!;
    return {
      ...s,
      label: c.label,
      unit: c.unit,
      max: c.max,
      source: c.source,
      signal: c.signal,
      section: sectionRef(c.section, x.handbookUrl),
      verdict: metricVerdict(s),
    };
  });
  const sections = [
    ...(x.unreachableSamples || x.restarts ? [sectionRef('unavailable', x.handbookUrl)] : []),
    ...metrics
      .filter((m) => m.verdict === 'failed' || m.verdict === 'errored' || m.breaches > 0)
      .map((m) => m.section),
  ].filter((s, i, all) => all.findIndex((o) => o.id === s.id) === i);
  const by = (v: MetricVerdict) => metrics.filter((m) => m.verdict === v);
  let verdict: MonitorVerdict;
  let reason: string;
  const down = x.unreachableSamples
    ? [`the target was unreachable in ${x.unreachableSamples} of ${x.count} sample(s)`]
    : [];
  if (x.keyRefused) {
    verdict = 'errored';
    reason = x.keyRefused.message;
  } else if (by('failed').length || (down.length && !by('errored').length && !x.interrupted)) {
    verdict = 'failed';
    reason = [
      ...down,
      ...by('failed').map((m) =>
        m.id === 'health'
          ? `health critical in ${m.consecutiveBreaches} consecutive polls`
          : `${m.label} above ${m.max}${m.unit ? ` ${m.unit}` : ''} in ${m.consecutiveBreaches} consecutive samples (max ${formatValue(m.maxValue, m.unit)})`,
      ),
    ].join('; ');
  } else if (by('errored').length) {
    verdict = 'errored';
    reason = by('errored')
      .map(
        (m) =>
          `${m.label}: ${m.consecutiveErrors} consecutive measurement errors (${m.lastError?.code}: ${m.lastError?.reason})`,
      )
      .join('; ');
  } else if (x.interrupted) {
    verdict = 'interrupted';
    reason = `interrupted after ${x.count} sample(s); no threshold failed so far`;
  } else if (by('inconclusive').length) {
    verdict = 'inconclusive';
    reason = `could not judge ${by('inconclusive')
      .map((m) => `${m.label} (${inconclusiveReason(m)})`)
      .join(', ')}: not a pass`;
  } else {
    verdict = 'passed';
    reason = `every threshold held over ${x.count} sample(s)`;
  }
  return {
    verdict,
    reason,
    baseUrl: x.baseUrl,
    startedAt: new Date(x.start).toISOString(),
    endedAt: new Date(x.end).toISOString(),
    durationMs: x.end - x.start,
    plannedDurationMs: x.opts.durationMs,
    intervalMs: x.opts.intervalMs,
    healthIntervalMs: x.healthIntervalMs,
    samples: x.count,
    restarts: x.restarts,
    unreachableSamples: x.unreachableSamples,
    partial: x.interrupted,
    metrics,
    breachSamples: x.breachSamples,
    sections,
    ...(x.keyRefused ? { keyRefused: x.keyRefused } : {}),
  };
}

/** failed and inconclusive → 1 (a watch that could not judge is not a pass); a refused key → 2; errored → 3 when the target could not be reached, else 1. */
export function monitorExitCode(s: MonitorSummary): ExitCode {
  if (s.keyRefused) return EXIT.USAGE;
  switch (s.verdict) {
    case 'failed':
      return EXIT.FAILED;
    case 'errored':
      return s.metrics.some(
        (m) => m.verdict === 'errored' && m.lastError && UNREACHABLE_CODES.has(m.lastError.code),
      )
        ? EXIT.UNREACHABLE
        : EXIT.FAILED;
    case 'interrupted':
      return EXIT.INTERRUPTED;
    case 'inconclusive':
      return EXIT.FAILED;
    case 'passed':
      return EXIT.OK;
  }
}
