/**
 * The capacity model of one 0.5-CPU Render instance. The real service is one uvicorn
 * process: each generate call holds CPU for prompt building, JSON parsing and pydantic
 * work between its OpenAI calls, so only a few can make progress at once. Modelled as:
 *
 * - `slots` generate calls in progress at once, the rest wait in a FIFO queue;
 * - CPU contention: past `softLimit` calls in progress, every modelled delay grows by
 *   `slowdownPerActive` per extra call (health and stats too, though they never queue);
 * - a queue that is full answers 503 at once, and a call that waits longer than
 *   `queueTimeoutMs` fails with the 500 the service gives when its OpenAI client times out;
 * - optionally the ~2 s event-loop stall of every health check, which delays everyone.
 *
 * Modelled times are divided by the time scale, so a realistic replay at ×20 keeps the shape.
 */
import type { Profile } from './latency';

export interface CapacitySpec {
  slots: number;
  queueMax: number;
  /** Modelled ms a call may wait for a slot. */
  queueTimeoutMs: number;
  softLimit: number;
  slowdownPerActive: number;
  /** Modelled ms every health check stalls the event loop (0 = off). */
  healthStallMs: number;
}

export const CAPACITY: Record<Profile, CapacitySpec> = {
  realistic: {
    slots: 10,
    queueMax: 30,
    queueTimeoutMs: 30_000,
    softLimit: 4,
    slowdownPerActive: 0.06,
    healthStallMs: 2_000,
  },
  // `fast` is for functional tests: hundreds of concurrent journeys must not degrade.
  fast: {
    slots: 1_000,
    queueMax: 10_000,
    queueTimeoutMs: 60_000,
    softLimit: 1_000,
    slowdownPerActive: 0,
    healthStallMs: 0,
  },
};

export type Admission =
  | { ok: true; release: () => void; waitedMs: number }
  | { ok: false; reason: 'queue-full' | 'queue-timeout' | 'aborted' };

interface Waiter {
  grant: () => void;
}

/** Slots + FIFO queue + contention + health stall; all durations returned in real ms. */
export class Capacity {
  private inUse = 0;
  private readonly queue: Waiter[] = [];
  private stallUntil = 0;

  constructor(
    readonly spec: CapacitySpec,
    private readonly timeScale: number,
    private readonly now: () => number = Date.now,
  ) {}

  get active(): number {
    return this.inUse;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Utilisation of the modelled CPU, 0–100, for holisticos_cpu_usage_percent. */
  cpuPercent(): number {
    return Math.min(100, Math.round((100 * this.inUse) / Math.max(1, this.spec.softLimit)));
  }

  /** Factor by which modelled work slows under contention (1 = none). */
  slowdown(): number {
    return 1 + Math.max(0, this.inUse - this.spec.softLimit) * this.spec.slowdownPerActive;
  }

  /** Real ms a request that starts now must wait for the health stall to end. */
  stallRemainingMs(): number {
    return Math.max(0, this.stallUntil - this.now());
  }

  /** A health check starts: the loop stalls for the modelled time (overlapping stalls extend it). */
  beginStall(): void {
    if (this.spec.healthStallMs <= 0) return;
    this.stallUntil = Math.max(this.stallUntil, this.now() + this.spec.healthStallMs / this.timeScale);
  }

  /** Waits for a slot; resolves with a release function or why there was none. */
  acquire(signal?: AbortSignal): Promise<Admission> {
    const started = this.now();
    if (this.inUse < this.spec.slots && this.queue.length === 0) {
      this.inUse++;
      return Promise.resolve({ ok: true, release: this.releaser(), waitedMs: 0 });
    }
    if (this.queue.length >= this.spec.queueMax) return Promise.resolve({ ok: false, reason: 'queue-full' });
    return new Promise<Admission>((resolve) => {
      const done = (a: Admission) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(a);
      };
      const leave = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
      };
      const waiter: Waiter = {
        grant: () => {
          this.inUse++;
          done({ ok: true, release: this.releaser(), waitedMs: this.now() - started });
        },
      };
      const timer = setTimeout(() => {
        leave();
        done({ ok: false, reason: 'queue-timeout' });
      }, this.spec.queueTimeoutMs / this.timeScale);
      const onAbort = () => {
        leave();
        done({ ok: false, reason: 'aborted' });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse--;
      const next = this.queue.shift();
      if (next) next.grant();
    };
  }
}
