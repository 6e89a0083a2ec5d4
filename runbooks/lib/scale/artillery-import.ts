/**
 * `load.ts --import artillery <out.json>`: an Artillery report as the handbook's load
 * report, judged by the thresholds a local run of the same workload would have (the
 * plan's), marked with its engine and instance count. Pure: the command reads the file
 * and writes the result.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { usageError } from '../errors';
import { MIN_RATE_RATIO } from '../load/models';
import { configSnapshot } from '../load/plan';
import { arrivalsBy } from '../load/stages';
import { evaluateThresholds, type MetricSource } from '../load/thresholds';
import type { JourneyTotals, RateCheck, StepResult, WorkloadModel } from '../load/types';
import { baseReport, reportTarget, verdictFailures, type provenance } from '../report/build';
import { sumErrors } from '../load/recorder';
import type { LoadReport } from '../report/load';
import {
  PREFIX,
  percentileOf,
  stepCounts,
  synthHistogram,
  toLatency,
  type StepCounts,
} from './artillery-metrics';
import type { ArtilleryReport, ArtillerySummary } from './artillery-report';
import { series } from './artillery-series';
import { judgedSteps, type ScalePlan } from './plan';

export interface Engine {
  name: string;
  version: string;
  instances: number;
}

export interface ImportInput {
  config: Config;
  plan: ScalePlan;
  /** False when no --users/--rate/--stages was given: the model is inferred from the report. */
  workloadGiven: boolean;
  report: ArtilleryReport;
  /** The report file's text (its hash is the run id) and name, for messages. */
  text: string;
  file: string;
  target: Target;
  prov: ReturnType<typeof provenance>;
  engine: Engine;
}

/** What the imported report cannot say, recorded in its config. */
export const NOT_MEASURED = [
  "the generator's own CPU and event-loop delay (Artillery does not report them: the report cannot be marked invalid by them)",
  'late starts and requests in flight',
  'per-second figures: the time series has one point per 10-second Artillery period',
  'latency from the schedule: Artillery times from the send (first byte), so latency and send latency are the same',
  'bad bodies apart from soft failures: both fail the same expectation',
  'HDR histograms: rebuilt from the percentiles Artillery reports',
];

/**
 * The whole run's workload: `artillery run-fargate --count N` runs the script on each of N
 * workers, so users, rates and the in-flight cap are N times the exported ones.
 */
export function timesInstances(m: WorkloadModel, n: number): WorkloadModel {
  const stages = m.stages?.map((s) => ({ ...s, target: s.target * n }));
  if (m.type === 'closed') return { ...m, users: m.users * n, ...(stages ? { stages } : {}) };
  return {
    ...m,
    rate: Math.round(m.rate * n * 1000) / 1000,
    maxInFlight: m.maxInFlight * n,
    ...(stages ? { stages } : {}),
  };
}

const trend = (s: ArtillerySummary | undefined) =>
  s && s.count > 0
    ? { at: (p: number) => percentileOf(s, p), avg: s.mean, min: s.min, max: s.max, count: s.count }
    : { at: () => 0, avg: 0, min: 0, max: 0, count: 0 };

function source(
  counts: Map<string, StepCounts>,
  judged: Set<string>,
  journey: ArtillerySummary | undefined,
  totals: JourneyTotals,
  requests: number,
  seconds: number,
): MetricSource {
  const steps = [...counts].filter(([id]) => judged.has(id)).map(([, c]) => c);
  return {
    trend(m) {
      if (m === 'journeys.latency' || m === 'journeys.send_latency') return trend(journey);
      const s = /^step\.(.+)\.(latency|send_latency)$/.exec(m);
      return s && counts.has(s[1]!) ? trend(counts.get(s[1]!)!.summary) : undefined;
    },
    rate(m) {
      if (m === 'errors')
        return {
          hits: steps.reduce((a, c) => a + c.requests - c.ok, 0),
          total: steps.reduce((a, c) => a + c.requests, 0),
        };
      if (m === 'journeys.success') return { hits: totals.succeeded, total: totals.completed };
      const s = /^step\.(.+)\.errors$/.exec(m);
      const c = s && counts.get(s[1]!);
      return c ? { hits: c.requests - c.ok, total: c.requests } : undefined;
    },
    counter(m) {
      if (m === 'requests') return { count: requests, seconds };
      if (m === 'journeys.dropped') return { count: totals.dropped, seconds };
      return undefined;
    },
  };
}

/** The load report of an Artillery run. Throws RB_USAGE when it holds none of the journey's steps. */
export function importArtillery(i: ImportInput): LoadReport {
  const { plan, report: art } = i;
  const agg = art.aggregate;
  const judged = new Set(judgedSteps(plan).map((s) => s.id));
  const has = (id: string) =>
    Object.keys(agg.counters).some((k) => k.startsWith(`${PREFIX}.${id}.`)) ||
    `${PREFIX}.response_time.${id}` in agg.summaries;
  if (!plan.steps.some((s) => has(s.id))) {
    throw usageError(
      `${i.file} has no per-step metrics for the journey (${plan.steps.map((s) => s.id).join(', ')}): no ${PREFIX}.<step>… counters or histograms.`,
      'Import the report of a script exported with `npx zx runbooks/load.ts --export artillery` (it names each request after its step), with the same --only as the export.',
    );
  }
  const counts = new Map(plan.steps.map((s) => [s.id, stepCounts(agg, s.id, judged.has(s.id))]));
  const c = (k: string) => agg.counters[k] ?? 0;
  const elapsedMs = Math.max(1, agg.lastMetricAt - agg.firstMetricAt);
  const model: WorkloadModel = i.workloadGiven
    ? timesInstances(plan.model, i.engine.instances)
    : {
        type: 'open',
        rate: Math.round((c('vusers.created') / (elapsedMs / 1000)) * 100) / 100,
        maxInFlight: Math.max(1, c('vusers.created')),
      };
  const totals: JourneyTotals = {
    started: c('vusers.created'),
    completed: c('vusers.completed') + c('vusers.failed'),
    succeeded: c('vusers.completed'),
    failed: c('vusers.failed'),
    interrupted: Math.max(0, c('vusers.created') - c('vusers.completed') - c('vusers.failed')),
    late: 0,
    lateByGenerator: 0,
    dropped: model.type === 'open' ? c('vusers.skipped') : 0,
  };
  const steps: StepResult[] = plan.steps.map((s) => {
    const x = counts.get(s.id)!;
    const h = synthHistogram(x.summary);
    return {
      id: s.id,
      knownBroken: s.knownBroken,
      requests: x.requests,
      ok: x.ok,
      errors: x.errors,
      interrupted: 0,
      latency: x.latency,
      sendLatency: x.latency,
      histogram: h,
      sendHistogram: h,
    };
  });
  const requests = steps.reduce((a, s) => a + s.requests, 0);
  const sendWindowMs = i.workloadGiven ? plan.durationMs : elapsedMs;
  let rate: RateCheck | null = null;
  if (i.workloadGiven && model.type === 'open') {
    const targetJourneys = Math.floor(
      model.stages?.length ? arrivalsBy(model.stages, sendWindowMs) : (model.rate * sendWindowMs) / 1000,
    );
    const ratio = targetJourneys > 0 ? totals.started / targetJourneys : 1;
    const secs = sendWindowMs / 1000;
    rate = {
      targetJourneys,
      startedJourneys: totals.started,
      targetRate: Math.round((targetJourneys / secs) * 100) / 100,
      achievedRate: Math.round((totals.started / secs) * 100) / 100,
      ratio: Math.round(ratio * 1000) / 1000,
      ok: ratio >= MIN_RATE_RATIO,
    };
  }
  const journeySummary = agg.summaries['vusers.session_length'];
  const verdicts = evaluateThresholds(
    plan.thresholds,
    source(counts, judged, journeySummary, totals, requests, elapsedMs / 1000),
  );
  const failures = verdictFailures(verdicts, { rate, stoppedBy: 'duration', steps });
  const runId = `art${createHash('sha256').update(i.text).digest('hex').slice(0, 10)}`;
  const opts = {
    baseUrl: i.target.baseUrl,
    steps: plan.steps,
    model,
    durationMs: sendWindowMs,
    graceMs: plan.graceMs,
    maxRequests: i.config.capacity.maxRequests,
    userIdPrefix: plan.userIdPrefix,
    runId,
    archetypes: plan.archetypes,
  };
  const snapshot = configSnapshot(i.config, opts, plan.thresholds, {
    apiKey: `read by Artillery from ${plan.apiKeyEnv} (not recorded)`,
    ...(plan.timeScale !== 1 ? { timeScale: plan.timeScale } : {}),
    workload: i.workloadGiven
      ? `from the import flags (the export's), times ${i.engine.instances} instance${i.engine.instances > 1 ? 's' : ''}`
      : 'inferred from the report: no --users, --rate or --stages given, so no rate check',
    imported: {
      from: 'artillery',
      file: i.file.split(/[\\/]/).pop(),
      periods: art.intermediate.length,
      skippedArrivals: c('vusers.skipped'),
      notMeasured: NOT_MEASURED,
    },
  });
  const journey = snapshot.journey as { steps: { id: string; auth: boolean }[] };
  for (const s of journey.steps) s.auth = plan.steps.find((x) => x.id === s.id)?.auth ?? false;
  const ctx = {
    runId,
    script: 'load',
    target: reportTarget(i.target),
    config: snapshot,
  };
  // Artillery records no response header, so the sandbox marker cannot be read: the local
  // environment's own URL on loopback is the sandbox by the config's definition (another --url is not).
  const flags = {
    partial: false,
    invalid: false,
    invalidReasons: [],
    sandbox: i.target.loopback && i.target.label.source === 'environment' && i.target.env === 'local',
  };
  const base = baseReport(
    ctx,
    i.prov,
    {
      startedAt: new Date(agg.firstMetricAt).toISOString(),
      endedAt: new Date(agg.lastMetricAt).toISOString(),
    },
    flags,
    verdicts,
    failures,
  );
  const jl = toLatency(journeySummary);
  const jh = synthHistogram(journeySummary);
  const judgedList = plan.steps.map((s) => ({ id: s.id, judged: judged.has(s.id) }));
  return {
    ...base,
    engine: i.engine,
    kind: 'load',
    load: {
      model,
      stoppedBy: 'duration',
      elapsedMs,
      sendWindowMs,
      requests,
      rps: Math.round((requests / elapsedMs) * 100000) / 100,
      journeys: {
        ...totals,
        successRatePct: totals.completed
          ? Math.round((totals.succeeded / totals.completed) * 10000) / 100
          : 0,
        latency: jl,
        sendLatency: jl,
        histogram: jh,
        sendHistogram: jh,
      },
      steps,
      errors: sumErrors(steps.map((s) => s.errors)),
      errorReasons: [...counts]
        .flatMap(([step, x]) => x.reasons.map((r) => ({ step, ...r })))
        .sort((a, b) => b.count - a.count)
        .slice(0, 20),
      ...series(art, judgedList, model),
      rate,
      generator: {
        cpuPctMean: 0,
        cpuPctMax: 0,
        saturatedSecondsPct: 0,
        loopDelayP99Ms: 0,
        loopDelayMaxMs: 0,
        rssStartMb: 0,
        rssEndMb: 0,
      },
    },
  };
}
