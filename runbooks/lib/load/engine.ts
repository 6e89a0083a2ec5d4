/**
 * The load engine. It runs journeys under a closed or an open workload model, records
 * every response in HDR histograms, emits `tick` / `response` / `done` events and
 * returns a plain `LoadResult`. It never prints and never exits (autocannon's run.js is
 * the model); the schedulers live in ./models.
 */
import { EventEmitter } from 'node:events';
import type { Client } from 'undici';
import { classifyResponse, SANDBOX_HEADER } from '../checks/response-rules';
import {
  createClient as defaultCreateClient,
  classifyError,
  dispatch,
  dispatchOptions,
  hasFlagHeader,
  InterruptedError,
  type RawHandler,
} from './http';
import { compileSteps, prepare, userIdFor, type CompiledStep } from './journey';
import { Recorder } from './recorder';
import { SelfMonitor, invalidReasons } from './self-monitor';
import { ConnectWatch } from './reachability';
import { summarize, percentileMs, encodeHistogram, type Histogram } from './hist';
import { ClosedScheduler, OpenScheduler, type Scheduler } from './models';
import type {
  EngineEvent,
  EngineOptions,
  ErrorKind,
  JourneyEnd,
  JourneyTotals,
  LiveLatency,
  LiveView,
  LoadResult,
  SchedulerHost,
  StopReason,
} from './types';

export interface EngineDeps {
  now?: () => number;
  createClient?: (origin: string) => Client;
}

/** Responses whose headers are searched for the sandbox marker (it is the same on all). */
const SANDBOX_WATCH_RESPONSES = 20;

/**
 * Answers 401/403 to requests carrying the API key, with none accepted, after which the
 * run stops: the key is wrong, and every further request would be refused too.
 */
export const AUTH_REFUSED_LIMIT = 3;

/**
 * One journey in flight: its steps in order on one connection. It is itself undici's
 * dispatch handler for the request in flight, so a request allocates no extra objects.
 */
class JourneyRun implements RawHandler {
  private i = 0;
  private ok = true;
  private cut = false;
  private abort: ((err: Error) => void) | undefined;
  private userId: string | undefined;
  private readonly archetype: string;
  private sendAt = 0;
  private intended = 0;
  private status = 0;
  private chunks: Buffer[] | undefined;
  private watch = false;
  /** The connection failed: the rest of the journey is not sent. */
  private lost = false;

  constructor(
    private readonly engine: LoadEngine,
    readonly client: Client,
    private readonly n: number,
    readonly scheduledAt: number,
    readonly startedAt: number,
    private readonly onEnd: JourneyEnd,
  ) {
    this.archetype = engine.opts.archetypes[n % engine.opts.archetypes.length] ?? '';
  }

  /**
   * Sends the next step, or ends the journey. `at` is the clock reading the caller just
   * took: one reading per response, so a request's end, the next step's send and the
   * journey's end (and, closed model, the next journey's start) are the same instant.
   */
  next(at: number): void {
    const e = this.engine;
    if (this.i >= e.compiled.length) return this.finish(false, at);
    if (e.halted) return this.finish(true, at);
    if (e.requests >= e.opts.maxRequests) {
      e.stop(
        'max-requests',
        `reached the cap of ${e.opts.maxRequests} requests (config.capacity.maxRequests)`,
      );
      return this.finish(true, at);
    }
    const c = e.compiled[this.i]!;
    let opts = c.fixedOpts;
    if (opts === undefined) {
      this.userId ??= userIdFor(e.opts.userIdPrefix, e.opts.runId, this.n);
      opts = dispatchOptions(prepare(c, this.userId, this.archetype, undefined));
      if (c.fixed) c.fixedOpts = opts;
    }
    this.sendAt = at;
    // Open model: the first step counts from the journey's schedule, so time spent
    // waiting to start shows in the percentiles; later steps follow at once.
    this.intended = this.i === 0 ? this.scheduledAt : this.sendAt;
    this.status = 0;
    this.chunks = c.step.expect === 'status' ? undefined : [];
    this.watch = e.watchLeft > 0 && (e.watchLeft--, true);
    e.requests++;
    dispatch(this.client, opts, this);
  }

  onConnect(abort: (err: Error) => void): void {
    this.abort = abort;
  }

  onHeaders(status: number, raw: Buffer[]): boolean {
    this.status = status;
    if (this.watch && hasFlagHeader(raw, this.engine.sandboxHeader)) this.engine.sandbox = true;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.chunks !== undefined) this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    const ch = this.chunks;
    const body =
      ch === undefined
        ? undefined
        : ch.length === 1
          ? ch[0]!.toString('utf8')
          : Buffer.concat(ch).toString('utf8');
    this.chunks = undefined;
    this.done(this.engine.judge(this.engine.compiled[this.i]!, this.status, body, this.i), undefined);
  }

  onError(err: Error): void {
    this.chunks = undefined;
    this.done(classifyError(err), err);
  }

  /**
   * Records the request that just ended and moves on. The move is deferred to a microtask:
   * this runs inside undici's completion or error callback, and a request dispatched there
   * inherits the finished one's timeout (undici re-arms the parser's timer after the
   * callback returns), while after a failed connect undici asserts that its queue is empty.
   * Sent once the callback has returned, every request keeps its own rules.
   */
  private done(outcome: 'ok' | ErrorKind | 'interrupted', err: Error | undefined): void {
    const e = this.engine;
    this.abort = undefined;
    const end = e.now();
    const idx = this.i;
    if (outcome === 'interrupted') {
      e.recorder.interrupted(idx);
      this.cut = true;
      queueMicrotask(() => this.finish(true, end));
      return;
    }
    if (err && outcome !== 'ok')
      e.recorder.reason(idx, outcome, `${(err as { code?: string }).code ?? 'error'}: ${err.message}`);
    e.connects.record(this.status > 0, err);
    e.recorder.record(idx, end - this.intended, end - this.sendAt, outcome, this.status);
    const c = e.compiled[idx]!;
    if (outcome !== 'ok' && !c.step.knownBroken) this.ok = false;
    if (c.authed) e.authAnswer(this.status, outcome === 'ok');
    if (e.responseListeners)
      e.emit('response', {
        type: 'response',
        step: c.step.id,
        status: this.status,
        latencyMs: end - this.intended,
        sendLatencyMs: end - this.sendAt,
        outcome,
      } satisfies EngineEvent);
    this.i++;
    // A refused or broken connection fails every later step the same way: the journey
    // ends here (failed), and its user backs off before the next one (models.ts).
    if (outcome === 'connection') this.lost = true;
    queueMicrotask(() => (this.lost ? this.finish(false, end) : this.next(end)));
  }

  cancel(): void {
    this.abort?.(new InterruptedError('interrupted by a stop'));
  }

  private finish(cut: boolean, end: number): void {
    const e = this.engine;
    if (cut || this.cut) e.totals.interrupted++;
    else {
      e.totals.completed++;
      if (this.ok) e.totals.succeeded++;
      else e.totals.failed++;
      // A journey that never reached the service has no latency worth a percentile.
      if (!this.lost) e.recorder.journey(end - this.scheduledAt, end - this.startedAt);
    }
    e.journeyEnded(this);
    this.onEnd(end, this.lost);
    e.maybeFinish();
  }
}

export class LoadEngine extends EventEmitter implements SchedulerHost {
  readonly compiled: CompiledStep[];
  readonly recorder: Recorder;
  readonly now: () => number;
  readonly totals: JourneyTotals = {
    started: 0,
    completed: 0,
    succeeded: 0,
    failed: 0,
    interrupted: 0,
    late: 0,
    lateByGenerator: 0,
    dropped: 0,
  };
  readonly inFlight = new Set<JourneyRun>();
  readonly sandboxHeader: string;
  requests = 0;
  watchLeft = SANDBOX_WATCH_RESPONSES;
  sandbox = false;
  /** No new journeys. */
  stopping = false;
  /** No new requests at all (interrupt, cap, abort-on-fail, or the grace period ran out). */
  halted = false;
  responseListeners = false;
  t0 = 0;
  private authRefused = 0;
  private authAccepted = 0;
  /** Whether anything connected: a target that never does stops the run (reachability.ts). */
  readonly connects = new ConnectWatch();
  private readonly origin: string;
  private readonly makeClient: (origin: string) => Client;
  private readonly clients = new Set<Client>();
  private readonly monitor = new SelfMonitor();
  private readonly scheduler: Scheduler;
  private stoppedBy: StopReason = 'duration';
  private stopDetail: string | undefined;
  private interrupted = false;
  private sendWindowMs = 0;
  private timers: NodeJS.Timeout[] = [];
  private graceTimer: NodeJS.Timeout | undefined;
  private second = 0;
  private startedAt = '';
  private resolveDone: ((r: LoadResult) => void) | undefined;
  private journeyCounter = 0;

  constructor(
    readonly opts: EngineOptions,
    deps: EngineDeps = {},
  ) {
    super();
    this.now = deps.now ?? (() => performance.now());
    this.makeClient = deps.createClient ?? defaultCreateClient;
    this.origin = new URL(opts.baseUrl).origin;
    this.compiled = compileSteps(opts.steps);
    this.recorder = new Recorder(opts.steps, opts.model.type === 'open');
    this.sandboxHeader = (opts.sandboxHeader ?? SANDBOX_HEADER).toLowerCase();
    this.scheduler =
      opts.model.type === 'open'
        ? new OpenScheduler(this, opts.model, opts.durationMs, opts.lateToleranceMs ?? 10)
        : new ClosedScheduler(this, opts.model, opts.durationMs);
  }

  /** Starts the run; resolves with the result when it has ended (never rejects for target errors). */
  run(): Promise<LoadResult> {
    this.responseListeners = this.listenerCount('response') > 0;
    this.startedAt = new Date().toISOString();
    this.t0 = this.now();
    this.monitor.start();
    const done = new Promise<LoadResult>((r) => (this.resolveDone = r));
    this.timers.push(setInterval(() => this.tick(), 1000));
    this.timers.push(setTimeout(() => this.stop('duration'), this.opts.durationMs));
    this.scheduler.start();
    return done;
  }

  /** Stops sending. `interrupted` and the caps also stop the next steps of journeys in flight. */
  stop(reason: StopReason, detail?: string): void {
    if (reason === 'interrupted') this.interrupted = true;
    if (!this.stopping) {
      this.stopping = true;
      this.stoppedBy = reason;
      this.stopDetail = detail;
      this.sendWindowMs = this.now() - this.t0;
      this.scheduler.stop();
    }
    if (reason !== 'duration') this.halted = true;
    this.graceTimer ??= setTimeout(() => {
      this.halted = true;
      for (const j of [...this.inFlight]) j.cancel();
    }, this.opts.graceMs);
    this.maybeFinish();
  }

  /**
   * A new journey on `client`, due at `scheduledAt` and starting at `startedAt` (a clock
   * reading the caller just took); `onEnd(at)` runs, with the end's clock reading, when it
   * has finished or was cut.
   */
  startJourney(client: Client, scheduledAt: number, startedAt: number, onEnd: JourneyEnd): void {
    const j = new JourneyRun(this, client, this.journeyCounter++, scheduledAt, startedAt, onEnd);
    this.totals.started++;
    this.recorder.secJourneys++;
    this.inFlight.add(j);
    j.next(startedAt);
  }

  /** An answer to a request that carried the API key: a run whose key is refused stops. */
  authAnswer(status: number, ok: boolean): void {
    if (ok) this.authAccepted++;
    else if (status === 401 || status === 403) this.authRefused++;
    if (this.authRefused >= AUTH_REFUSED_LIMIT && this.authAccepted === 0 && !this.halted) {
      this.stop(
        'auth-refused',
        `${this.authRefused} requests carrying it were answered ${status} and none was accepted, so the run stopped instead of sending more`,
      );
    }
  }

  /** Called by a journey as it ends, before its owner's `onEnd`. */
  journeyEnded(j: JourneyRun): void {
    this.inFlight.delete(j);
  }

  newClient(): Client {
    const c = this.makeClient(this.origin);
    this.clients.add(c);
    return c;
  }

  /** Judges one response by the step's rules; records why when it failed. */
  judge(c: CompiledStep, status: number, body: string | undefined, idx: number): 'ok' | ErrorKind {
    const expect = c.step.expect;
    if (expect === 'status') return status >= 200 && status < 300 ? 'ok' : 'http';
    let parsed: unknown;
    try {
      parsed = body ? JSON.parse(body) : undefined;
    } catch {
      parsed = undefined;
    }
    const o = classifyResponse(expect, status, parsed);
    if (o.ok) return 'ok';
    this.recorder.reason(idx, o.kind, o.reason);
    return o.kind;
  }

  /** A view of the aggregates; percentiles are computed only when read (they walk a histogram). */
  private live(): LiveView {
    const r = this.recorder;
    const elapsedMs = this.now() - this.t0;
    return {
      elapsedMs,
      requests: r.requests,
      errors: r.errors,
      rps: elapsedMs > 0 ? (r.requests / elapsedMs) * 1000 : 0,
      inFlight: this.inFlight.size,
      steps: r.steps.map((s) => ({
        id: s.id,
        knownBroken: s.knownBroken,
        requests: s.requests,
        errors: s.errorTotal,
        get p95() {
          return percentileMs(s.latency, 95);
        },
        ...liveLatency(s.latency, s.send, s.sumMs),
      })),
      journeys: { ...this.totals, ...liveLatency(r.journeyLatency, r.journeySend, r.journeySumMs) },
    };
  }

  private tick(): void {
    this.second++;
    const row = this.recorder.closeSecond(this.second, {
      inFlight: this.inFlight.size,
      target: this.scheduler.currentTarget(),
      generator: this.monitor.sample(),
    });
    const live = this.live();
    const remainingMs = Math.max(0, this.opts.durationMs - live.elapsedMs);
    this.emit('tick', { type: 'tick', second: row, live, remainingMs } satisfies EngineEvent);
    if (!this.stopping && this.opts.abortCheck) {
      const why = this.opts.abortCheck(live);
      if (why) this.stop('abort-on-fail', why);
    }
    const unreachable = this.stopping ? undefined : this.connects.verdict(live.elapsedMs);
    if (unreachable) {
      this.stop('unreachable', unreachable);
      // Requests still trying to connect would only wait out their connect timeout.
      for (const j of [...this.inFlight]) j.cancel();
    }
  }

  /** Resolves the run once it is stopping and nothing is in flight. */
  maybeFinish(): void {
    if (!this.stopping || this.inFlight.size > 0 || !this.resolveDone) return;
    const resolve = this.resolveDone;
    this.resolveDone = undefined;
    for (const t of this.timers) clearInterval(t);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    const elapsedMs = this.now() - this.t0;
    // The last, partial second still belongs in the series when anything happened in it.
    if (this.recorder.requests > this.recorder.timeSeries.reduce((a, s) => a + s.requests, 0)) {
      this.second++;
      this.recorder.closeSecond(this.second, {
        inFlight: 0,
        target: this.scheduler.currentTarget(),
        generator: this.monitor.sample(),
      });
    }
    this.recorder.closeWindow(this.second);
    for (const c of this.clients) void c.destroy().catch(() => {});
    const generator = this.monitor.stop();
    const invalid = invalidReasons(generator, this.totals);
    const result: LoadResult = {
      startedAt: this.startedAt,
      endedAt: new Date().toISOString(),
      elapsedMs: Math.round(elapsedMs),
      sendWindowMs: Math.round(this.sendWindowMs),
      stoppedBy: this.stoppedBy,
      ...(this.stopDetail ? { stopDetail: this.stopDetail } : {}),
      partial: this.interrupted,
      model: this.opts.model,
      requests: this.recorder.requests,
      journeys: { ...this.totals },
      steps: this.recorder.stepResults(),
      journey: {
        latency: summarize(this.recorder.journeyLatency),
        sendLatency: summarize(this.recorder.journeySend),
        histogram: encodeHistogram(this.recorder.journeyLatency),
        sendHistogram: encodeHistogram(this.recorder.journeySend),
      },
      errorReasons: this.recorder.errorReasons(),
      timeSeries: this.recorder.timeSeries,
      windows: this.recorder.windows,
      rate: this.scheduler.rateCheck(this.sendWindowMs),
      generator,
      invalid: invalid.length > 0,
      invalidReasons: invalid,
      sandbox: this.sandbox,
    };
    this.emit('done', { type: 'done', result } satisfies EngineEvent);
    resolve(result);
  }
}

/** The live latency view of one pair of histograms (intended and send clocks), ms. */
function liveLatency(latency: Histogram, send: Histogram, sumMs: number): LiveLatency {
  const n = latency.totalCount;
  return {
    latencyAt: (p) => percentileMs(latency, p),
    sendLatencyAt: (p) => percentileMs(send, p),
    meanMs: n ? sumMs / n : 0,
    maxMs: n ? latency.maxValue / 1000 : 0,
    minMs: n ? latency.minNonZeroValue / 1000 : 0,
    count: n,
  };
}

/** Runs the engine to the end and returns its result (events go to `on`, if given). */
export function runEngine(
  opts: EngineOptions,
  on?: (e: EngineEvent) => void,
  deps?: EngineDeps,
): Promise<LoadResult> {
  const engine = new LoadEngine(opts, deps);
  if (on) for (const t of ['tick', 'response', 'done'] as const) engine.on(t, on);
  return engine.run();
}
