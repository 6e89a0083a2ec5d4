/**
 * The two workload models. Closed: N users run journeys back to back, so a slow target
 * slows the arrivals (and hides its stalls from the percentiles). Open: journeys arrive on
 * a schedule whatever the target does (k6's constant-/ramping-arrival-rate), and each is
 * timed from its schedule, so a stall shows in full (wrk2's coordinated-omission fix).
 */
import type { Client } from 'undici';
import type { ClosedModel, JourneyEnd, OpenModel, RateCheck, SchedulerHost } from './types';
import { arrivalsBy, targetAt } from './stages';

export interface Scheduler {
  start(): void;
  /** No new journeys from now on. */
  stop(): void;
  /** Users (closed) or journeys/s (open) aimed at right now. */
  currentTarget(): number;
  /** Open model: achieved versus target arrivals; null for the closed model. */
  rateCheck(sendWindowMs: number): RateCheck | null;
}

/** Achieved arrivals below this share of the target fail the run. */
export const MIN_RATE_RATIO = 0.95;

/**
 * Closed model: after a journey whose connection failed (refused, reset), its user waits
 * before the next, doubling from the first to the last value while it keeps failing, so
 * a target that is down or restarting is probed, not hammered; one answer resets it.
 */
export const RECONNECT_BACKOFF_MS = { first: 100, max: 2_000 } as const;

interface User {
  client: Client;
  active: boolean;
  timer: NodeJS.Timeout | undefined;
  /** Current reconnect backoff, ms (0 while connections succeed). */
  backoffMs: number;
  /** Made once per user, not once per journey. */
  onEnd: JourneyEnd;
}

export class ClosedScheduler implements Scheduler {
  private readonly users: User[] = [];
  private readonly spare: Client[] = [];
  private ramp: NodeJS.Timeout | undefined;
  private target = 0;

  constructor(
    private readonly e: SchedulerHost,
    private readonly m: ClosedModel,
    private readonly durationMs: number,
  ) {}

  start(): void {
    if (this.m.stages?.length) {
      const stages = this.m.stages;
      this.adjust(targetAt(stages, 0));
      // k6's ramping-vus: re-read the target often enough that a ramp looks linear.
      this.ramp = setInterval(
        () => this.adjust(targetAt(stages, Math.min(this.durationMs, this.e.now() - this.e.t0))),
        100,
      );
    } else this.adjust(this.m.users);
  }

  stop(): void {
    if (this.ramp) clearInterval(this.ramp);
    for (const u of this.users) if (u.timer) clearTimeout(u.timer);
  }

  currentTarget(): number {
    return this.target;
  }

  rateCheck(): null {
    return null;
  }

  /** Adds users, or asks the newest to leave after their current journey (graceful ramp-down). */
  private adjust(raw: number): void {
    const n = Math.max(0, Math.round(raw));
    this.target = n;
    let active = this.users.filter((u) => u.active).length;
    for (let i = this.users.length - 1; i >= 0 && active > n; i--) {
      const u = this.users[i]!;
      if (!u.active) continue;
      u.active = false;
      active--;
      if (u.timer) {
        clearTimeout(u.timer);
        this.retire(u);
      }
    }
    while (active < n && !this.e.stopping) {
      const u: User = {
        client: this.spare.pop() ?? this.e.newClient(),
        active: true,
        timer: undefined,
        backoffMs: 0,
        onEnd: (at, lost) => this.after(u, at, lost),
      };
      this.users.push(u);
      active++;
      this.loop(u, this.e.now());
    }
  }

  /** Starts `u`'s next journey at once; `at` is a clock reading just taken. */
  private loop(u: User, at: number): void {
    u.timer = undefined;
    if (this.e.stopping || !u.active) return this.retire(u);
    this.e.startJourney(u.client, at, at, u.onEnd);
  }

  private after(u: User, at: number, lost: boolean): void {
    if (this.e.stopping || !u.active) return this.retire(u);
    u.backoffMs = lost
      ? Math.min(RECONNECT_BACKOFF_MS.max, u.backoffMs ? u.backoffMs * 2 : RECONNECT_BACKOFF_MS.first)
      : 0;
    const wait = Math.max(this.m.thinkMs, u.backoffMs);
    if (wait > 0) u.timer = setTimeout(() => this.loop(u, this.e.now()), wait);
    else this.loop(u, at);
  }

  private retire(u: User): void {
    const i = this.users.indexOf(u);
    if (i >= 0) {
      this.users.splice(i, 1);
      this.spare.push(u.client);
    }
  }
}

export class OpenScheduler implements Scheduler {
  private k = 0;
  private nextDue: number | undefined = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly free: Client[] = [];
  private readonly backlog: number[] = [];
  private backlogHead = 0;

  constructor(
    private readonly e: SchedulerHost,
    private readonly m: OpenModel,
    private readonly durationMs: number,
    private readonly toleranceMs: number,
  ) {}

  start(): void {
    this.pump();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    // Arrivals still waiting for a free slot never started.
    this.e.totals.dropped += this.backlog.length - this.backlogHead;
    this.backlog.length = 0;
    this.backlogHead = 0;
  }

  currentTarget(): number {
    return this.m.stages?.length
      ? Math.round(targetAt(this.m.stages, this.e.now() - this.e.t0) * 100) / 100
      : this.m.rate;
  }

  rateCheck(sendWindowMs: number): RateCheck {
    const targetJourneys = Math.floor(this.arrivals(sendWindowMs));
    const started = this.e.totals.started;
    const ratio = targetJourneys > 0 ? started / targetJourneys : 1;
    const secs = sendWindowMs / 1000;
    return {
      targetJourneys,
      startedJourneys: started,
      targetRate: secs > 0 ? Math.round((targetJourneys / secs) * 100) / 100 : 0,
      achievedRate: secs > 0 ? Math.round((started / secs) * 100) / 100 : 0,
      ratio: Math.round(ratio * 1000) / 1000,
      ok: ratio >= MIN_RATE_RATIO,
    };
  }

  private arrivals(t: number): number {
    return this.m.stages?.length ? arrivalsBy(this.m.stages, t) : (this.m.rate * t) / 1000;
  }

  /** When arrival k is due, relative to t0; undefined past the end. */
  private dueOf(k: number, after: number): number | undefined {
    if (!this.m.stages?.length) {
      const t = (k * 1000) / this.m.rate;
      return t < this.durationMs ? t : undefined;
    }
    if (this.arrivals(this.durationMs) < k) return undefined;
    let lo = after;
    let hi = this.durationMs;
    while (hi - lo > 0.01) {
      const mid = (lo + hi) / 2;
      if (this.arrivals(mid) >= k) hi = mid;
      else lo = mid;
    }
    return hi;
  }

  private readonly pump = (): void => {
    this.timer = undefined;
    if (this.e.stopping) return;
    const now = this.e.now();
    while (this.nextDue !== undefined && this.e.t0 + this.nextDue <= now) {
      const due = this.e.t0 + this.nextDue;
      if (this.e.inFlight.size < this.m.maxInFlight) {
        // Below the cap: a late start here is the generator's own delay.
        if (now - due > this.toleranceMs) {
          this.e.totals.late++;
          this.e.totals.lateByGenerator++;
        }
        this.launch(due, this.e.now());
      } else if (this.backlog.length - this.backlogHead < this.m.maxInFlight) this.backlog.push(due);
      else this.e.totals.dropped++;
      this.k++;
      this.nextDue = this.dueOf(this.k, this.nextDue);
    }
    if (this.nextDue !== undefined)
      this.timer = setTimeout(this.pump, Math.max(0, this.e.t0 + this.nextDue - this.e.now()));
  };

  /** Starts the journey due at `due` now; `at` is a clock reading just taken. */
  private launch(due: number, at: number): void {
    const client = this.free.pop() ?? this.e.newClient();
    this.e.startJourney(client, due, at, (end) => {
      this.free.push(client);
      if (this.e.stopping || this.backlogHead >= this.backlog.length) return;
      const next = this.backlog[this.backlogHead++]!;
      if (this.backlogHead > 1024 && this.backlogHead * 2 > this.backlog.length) {
        this.backlog.splice(0, this.backlogHead);
        this.backlogHead = 0;
      }
      // Waited for a slot under the cap: late because the target was slow.
      if (end - next > this.toleranceMs) this.e.totals.late++;
      this.launch(next, end);
    });
  }
}
