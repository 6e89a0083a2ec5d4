/**
 * One sandbox's state: the models (latency, capacity, accounting, memory, metrics, alerts,
 * the platform's view of the instance), the active faults and the duplicate-detection keys.
 * Per instance, never global, so tests can run several sandboxes in one process. `advance`
 * brings the models to now — an OOM kill when memory has reached the plan's limit, a
 * restart's end — and runs before every request and on a timer, so a clock that jumped
 * (a test's) or a quiet sandbox still gets its kills at the right moment.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config/schema';
import { Accounting } from './accounting';
import { AlertLog } from './health';
import { Capacity, CAPACITY } from './capacity';
import { FaultState, type ActiveFault, type FaultEnding } from './faults';
import {
  parseFault,
  faultLabel,
  RUNAWAY_USER_ID,
  type FaultName,
  type FaultRequest,
} from '../faults/catalogue';
import { TimedFaults } from './timed-faults';
import { createLatencyModel, type EndpointKind, type Profile } from './latency';
import { SandboxMetrics } from './metrics';
import { mulberry32, type Rng } from './prng';
import { MemoryModel } from './memory';
import { PlatformModel } from './platform';
import { SAMPLE_EVERY_MODELLED_MS } from './platform-series';
import { RenderLimits } from './render-limits';
import { SANDBOX_API_USER } from '../platform/sandbox-target';

/**
 * Why the instance restarted: a responder's restart (admin route or the platform API), a
 * deploy, the crash-loop fault, an OOM kill at the plan's memory limit, or a resume.
 */
export type RestartCause = 'admin' | 'deploy' | 'crash-loop' | 'oom' | 'resume';

/** Kills one `advance` may replay after a clock jump (each one is a modelled restart). */
const MAX_KILLS_PER_ADVANCE = 20;

/** The longest a fault may be set to last before it ends by itself, wall ms. */
export const MAX_FAULT_AFTER_MS = 24 * 3_600_000;

/** How a fault switched from outside ends by itself: after a wall time, or with the next restart through the platform. */
export interface FaultEndRequest {
  afterMs?: number;
  onRestart?: boolean;
}

export type SandboxEvent =
  | { kind: 'fault-enabled'; fault: string }
  | { kind: 'fault-disabled'; fault: string }
  | { kind: 'crash'; code: number }
  | { kind: 'shutdown'; inFlight: number };

/** Everything a sandbox needs, defaults applied (see index.ts for the public options). */
export interface SandboxSettings {
  port: number;
  profile: Profile;
  /** The release it starts as (a name of config.sandbox.releases). */
  release: string;
  timeScale: number;
  seed: number;
  faults: string[];
  apiKey: string;
  healInsights: boolean;
  healthShape: 'full' | 'fallback';
  config: Config;
  exit: (code: number) => void;
  now: () => number;
  adminToken: string;
  graceMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
  onEvent: (e: SandboxEvent) => void;
}

/** Thrown by setFaults for a name or parameter the catalogue does not know. */
export class FaultError extends Error {
  override readonly name = 'FaultError';
}

export class SandboxState {
  readonly rng: Rng;
  readonly latency: (kind: EndpointKind) => number;
  readonly capacity: Capacity;
  readonly faults: FaultState;
  readonly accounting: Accounting;
  readonly memory: MemoryModel;
  readonly platform: PlatformModel;
  /** The rate limits of its model of Render's API (platform-routes.ts). */
  readonly renderLimits: RenderLimits;
  metrics: SandboxMetrics;
  alerts: AlertLog;
  /** The release it serves as (config.sandbox.releases) and the faults that release brings. */
  release: string;
  /** Until when (wall ms) a restart keeps answering 503. */
  private restartingUntil = 0;
  /** Set by the server: drop every connection and cut the requests in flight, as a dying process does. */
  onRestart: () => void = () => {};
  /** (endpoint, user, archetype) of calls still running: a second one is a duplicate (429). */
  private readonly running = new Set<string>();
  /** Keys a call left without releasing → until when they stay taken, real ms (never scaled). */
  private readonly heldUntil = new Map<string, number>();
  /** Routine keys that ever ran: the service's coordination lock is never released on success. */
  readonly routineLocks = new Set<string>();
  private crashTimer: NodeJS.Timeout | undefined;
  private readonly ticker: NodeJS.Timeout;
  private readonly timed: TimedFaults;
  /** The latest restarts (wall ms, cause, who asked), oldest first; drills read them to see a responder's restart. */
  readonly restarts: { at: number; cause: RestartCause; by?: string }[] = [];

  constructor(readonly s: SandboxSettings) {
    this.rng = mulberry32(s.seed);
    this.latency = createLatencyModel(s.profile, this.rng);
    this.capacity = new Capacity(CAPACITY[s.profile], s.timeScale, s.now);
    this.faults = new FaultState(s.now);
    const plan = s.config.service.plan;
    this.memory = new MemoryModel(
      s.config.sandbox.memory.startMb,
      s.config.sandbox.memory.perCallMb[s.profile],
      plan.memoryMb,
      s.now,
    );
    this.accounting = new Accounting(s.config.costModel.perCall, s.now, () => this.memory.bytes());
    this.platform = new PlatformModel(
      {
        now: s.now,
        timeScale: s.timeScale,
        memoryMb: () => this.memory.mb(),
        cpuCores: () => (this.capacity.cpuPercent() / 100) * plan.cpu,
      },
      s.config,
    );
    this.renderLimits = new RenderLimits(s.now, s.timeScale);
    this.metrics = this.freshMetrics();
    this.alerts = this.freshAlerts();
    this.release = s.release;
    this.timed = new TimedFaults({
      timeScale: s.timeScale,
      crashLoopRestart: () => this.restart(undefined, 'crash-loop'),
      chargeRunaway: (n) => this.chargeRunaway(n),
    });
    const every = Math.min(1_000, Math.max(50, SAMPLE_EVERY_MODELLED_MS / s.timeScale));
    this.ticker = setInterval(() => this.advance(), every);
    this.ticker.unref();
  }

  /** Brings the models to now: faults whose time is up, OOM kills since the last look (at the moment memory reached the limit), a restart's end, a sample. */
  advance(): void {
    const t = this.s.now();
    for (const f of this.faults.list())
      if (f.until !== undefined && t >= f.until && this.faults.disable(f.name, 'by-itself', f.until))
        this.onDisabled(f.name);
    for (let i = 0; i < MAX_KILLS_PER_ADVANCE && !this.platform.suspended; i++) {
      const at = this.memory.crossedAt(t);
      if (at === undefined) break;
      this.restart(undefined, 'oom', at);
    }
    this.platform.tick(t);
  }

  private freshMetrics(): SandboxMetrics {
    const m = new SandboxMetrics({
      memoryBytes: () => this.memory.bytes(),
      cpuPercent: () => this.capacity.cpuPercent(),
    });
    for (const svc of ['database', 'openai', 'system', 'agents']) m.healthStatus.set({ service: svc }, 1);
    return m;
  }

  private freshAlerts(): AlertLog {
    const a = new AlertLog(this.s.now);
    a.add('info', 'HolisticOS System Started', 'system', {
      version: '2.0.0',
      environment: 'sandbox',
      agents_initialized: 4,
      monitoring_enabled: true,
    });
    return a;
  }

  /**
   * The service restarts in place at `at`, as Render restarts an instance: connections drop,
   * what it kept in memory is gone (counters, alerts, duplicate keys, caches, leaked memory),
   * and it answers 503 while it starts; the platform records why. As `release` (a deploy), its
   * faults replace the previous release's; faults switched from outside (OpenAI down…) are
   * not the release's and stay, except those switched on to end with the next restart asked
   * through the platform's API (`by` SANDBOX_API_USER: the service command's restart). A
   * suspended service has no instance: only a deploy changes it.
   */
  restart(
    release?: { name: string; faults: readonly string[] },
    cause: RestartCause = release ? 'deploy' : 'admin',
    at = this.s.now(),
    by?: string,
  ): void {
    if (this.platform.suspended && cause !== 'deploy') return;
    this.restarts.push({ at, cause, ...(by ? { by } : {}) });
    if (this.restarts.length > 100) this.restarts.shift();
    this.onRestart();
    this.accounting.restart(at);
    this.memory.restart(at);
    if (cause === 'admin' && by === SANDBOX_API_USER)
      for (const f of this.faults.list())
        if (f.endsOnRestart && f.source === 'switched' && this.faults.disable(f.name, 'restart', at))
          this.onDisabled(f.name);
    this.metrics = this.freshMetrics();
    this.alerts = this.freshAlerts();
    this.running.clear();
    this.heldUntil.clear();
    this.routineLocks.clear();
    if (release) {
      for (const f of this.faults.list().filter((x) => x.source === 'release')) {
        if (this.faults.disable(f.name, 'deploy', at)) this.onDisabled(f.name);
      }
      for (const text of release.faults) {
        const p = parseFault(text);
        if (p.ok) this.onEnabled(this.faults.enable(p.fault, 'release'));
      }
      this.release = release.name;
    }
    this.restartingUntil = at + (this.s.config.sandbox.restartColdStartS * 1000) / this.s.timeScale;
    if (!this.platform.suspended) this.platform.restarted(cause, at, this.restartingUntil, by);
  }

  /** Suspends the service (Render's suspend): no instance, every API request 503 until resumed. False when it already was. */
  suspend(): boolean {
    if (this.platform.suspended) return false;
    this.platform.suspend(this.s.now());
    this.onRestart();
    return true;
  }

  /** Resumes it: a new instance starts (a cold start, nothing of the old one kept). False when it was not suspended. */
  resume(): boolean {
    if (!this.platform.suspended) return false;
    this.platform.resume(this.s.now());
    this.restart(undefined, 'resume');
    return true;
  }

  /** Render's scale: the count and its event (the sandbox still serves from one modelled instance's capacity). */
  scale(numInstances: number): void {
    if (numInstances !== this.platform.numInstances) this.platform.scale(numInstances, this.s.now());
  }

  /** Whether the instance answers at all: not suspended and not starting. */
  down(): boolean {
    return this.platform.suspended || this.coldStarting();
  }

  /**
   * Parses every name first, so a bad one changes nothing; then applies. Only switched faults
   * are disabled: a release's stay until the next deploy. `ends` gives a fault switched on
   * here an end of its own (after a wall time, or with the next restart through the platform).
   */
  setFaults(
    enable: readonly string[],
    disable: readonly string[] = [],
    ends: Readonly<Record<string, FaultEndRequest>> = {},
  ): void {
    const on: { fault: FaultRequest; ending: FaultEnding }[] = [];
    const off: FaultName[] = [];
    for (const text of enable) {
      const p = parseFault(text);
      if (!p.ok) throw new FaultError(p.message);
      on.push({ fault: p.fault, ending: this.endingOf(p.fault.name, ends[p.fault.name]) });
    }
    for (const name of Object.keys(ends))
      if (!on.some((x) => x.fault.name === name))
        throw new FaultError(`"ends" names ${name}, which this request does not switch on`);
    for (const text of disable) {
      const p = parseFault(text.split(':')[0]!);
      if (!p.ok) throw new FaultError(p.message);
      off.push(p.fault.name);
    }
    for (const name of off)
      if (this.faults.get(name)?.source === 'switched' && this.faults.disable(name)) this.onDisabled(name);
    for (const x of on) this.onEnabled(this.faults.enable(x.fault, 'switched', x.ending));
  }

  private endingOf(name: string, e: FaultEndRequest | undefined): FaultEnding {
    if (!e) return {};
    const out: FaultEnding = {};
    if (e.afterMs !== undefined) {
      if (!(Number.isFinite(e.afterMs) && e.afterMs >= 0 && e.afterMs <= MAX_FAULT_AFTER_MS))
        throw new FaultError(`${name}: "afterMs" must be a number of ms from 0 to ${MAX_FAULT_AFTER_MS}`);
      out.until = this.s.now() + e.afterMs;
    }
    if (e.onRestart) out.endsOnRestart = true;
    return out;
  }

  private onEnabled(f: ActiveFault): void {
    if (f.name === 'memory-leak') this.memory.startLeak(f.value);
    if (f.name === 'crash') {
      clearTimeout(this.crashTimer);
      this.crashTimer = setTimeout(() => {
        this.s.onEvent({ kind: 'crash', code: 1 });
        this.s.exit(1);
      }, f.value);
    }
    if (f.name === 'crash-loop') this.timed.startCrashLoop(f.value);
    if (f.name === 'cost-runaway') this.timed.startRunaway(f.value);
    this.s.onEvent({ kind: 'fault-enabled', fault: faultLabel(f) });
  }

  private onDisabled(name: FaultName): void {
    if (name === 'memory-leak') this.memory.stopLeak();
    if (name === 'crash') clearTimeout(this.crashTimer);
    if (name === 'crash-loop') this.timed.stopCrashLoop();
    if (name === 'cost-runaway') this.timed.stopRunaway();
    this.s.onEvent({ kind: 'fault-disabled', fault: name });
  }

  /** Switches on a release's own faults (at start; a deploy does it through restart()). */
  applyReleaseFaults(faults: readonly string[]): void {
    for (const text of faults) {
      const p = parseFault(text);
      if (!p.ok) throw new FaultError(p.message);
      this.onEnabled(this.faults.enable(p.fault, 'release'));
    }
  }

  /** Labels of the active faults (`cold-start:20s`, `openai-outage`). */
  activeLabels(): string[] {
    return this.faults.list().map(faultLabel);
  }

  /** Whether it is still starting: the cold-start fault's window, or a restart's. */
  coldStarting(): boolean {
    if (this.s.now() < this.restartingUntil) return true;
    const f = this.faults.get('cold-start');
    return f !== undefined && this.s.now() - f.since < f.value;
  }

  /** What the openai faults make of OpenAI: undefined when it answers. */
  openaiFailure(): { status: 'critical' | 'degraded'; message: string; error: string } | undefined {
    if (this.faults.has('openai-key-revoked')) {
      const error =
        "Error code: 401 - {'error': {'message': 'Incorrect API key provided', 'type': 'invalid_request_error', 'code': 'invalid_api_key'}}";
      return { status: 'critical', message: `OpenAI authentication failed: ${error}`, error };
    }
    // The real service calls a connection error "degraded" (recorded with OpenAI unreachable).
    if (this.faults.has('openai-outage'))
      return { status: 'degraded', message: 'OpenAI error: Connection error.', error: 'Connection error.' };
    if (this.faults.has('openai-rate-limit')) {
      const error =
        "Error code: 429 - {'error': {'message': 'Rate limit reached for gpt-4o on tokens per min (TPM)', 'type': 'tokens', 'code': 'rate_limit_exceeded'}}";
      return { status: 'degraded', message: `OpenAI error: ${error}`, error };
    }
    return undefined;
  }

  /**
   * Duplicate detection as the real service does it: a call takes its (user, archetype) key
   * when it starts and gives it back when it ends on its success or exception path, so the
   * usual 429 is a second identical call while the first still runs. A call that ends on a
   * path that does not release it (the 200 `{"status":"error"}` answer) leaves the key taken
   * for the whole window. Returns the release function, or undefined for a duplicate.
   */
  claimDuplicateKey(
    kind: 'routine' | 'nutrition',
    userId: string,
    archetype: string,
  ): ((how: 'release' | 'hold') => void) | undefined {
    const key = `${kind}\u0000${userId}\u0000${archetype}`;
    const t = this.s.now();
    const until = this.heldUntil.get(key);
    if (this.running.has(key) || (until !== undefined && until > t)) return undefined;
    if (until !== undefined) this.heldUntil.delete(key);
    if (this.heldUntil.size > 50_000)
      for (const [k, v] of this.heldUntil) if (v <= t) this.heldUntil.delete(k);
    this.running.add(key);
    let done = false;
    return (how) => {
      if (done) return;
      done = true;
      this.running.delete(key);
      if (how === 'hold') this.heldUntil.set(key, this.s.now() + this.s.config.duplicateWindowS * 1000);
    };
  }

  /**
   * The runaway client's calls (cost-runaway): charged routine calls from one user id,
   * booked as the handler books them, so cost, top_users and the request counters move.
   * They are booked, not run: they cost, they do not grow memory (a drill of cost is not
   * meant to end in an OOM kill).
   */
  private chargeRunaway(n: number): void {
    // A suspended service answers nobody, so it charges nothing.
    if (this.platform.suspended) return;
    const seconds = this.latency('routine') / 1000;
    const cost = this.s.config.costModel.perCall.routine_generation ?? 0;
    for (let i = 0; i < n; i++) {
      this.accounting.request(false);
      this.accounting.call('routine', RUNAWAY_USER_ID, 'charged');
      this.metrics.handled('routine_generation', 200, seconds);
      this.metrics.charged('routine_generation', cost);
    }
  }

  /** Stops timers so a closed sandbox leaves nothing behind. */
  dispose(): void {
    this.timed.dispose();
    clearTimeout(this.crashTimer);
    clearInterval(this.ticker);
    this.memory.stopLeak();
  }
}

/** A random admin token per start (printed by the CLI; tests read it from startSandbox). */
export const newAdminToken = () => randomBytes(18).toString('base64url');
