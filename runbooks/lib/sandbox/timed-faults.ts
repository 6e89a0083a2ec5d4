/**
 * Faults that act on their own clock while they are on: the crash loop (an in-place
 * restart every period) and the runaway client (charged calls at a rate). Their periods
 * are modelled time, divided by the sandbox's time scale like every modelled delay. The
 * timers belong to one sandbox and stop when the fault goes off or the sandbox closes.
 */

/** What the timers act on (the sandbox state). */
export interface TimedHost {
  readonly timeScale: number;
  /** An in-place restart, as a crash-looping instance does. */
  crashLoopRestart(): void;
  /** `calls` charged calls of the runaway client. */
  chargeRunaway(calls: number): void;
}

/** How often the runaway client's calls are booked, wall ms. */
const RUNAWAY_TICK_MS = 250;
/** At most this many calls per tick, so a high rate at a high time scale stays cheap to model. */
const RUNAWAY_MAX_PER_TICK = 2_000;

export class TimedFaults {
  private loop: NodeJS.Timeout | undefined;
  private runaway: NodeJS.Timeout | undefined;
  private carry = 0;

  constructor(private readonly host: TimedHost) {}

  /** Restarts every `periodMs` of modelled time until stopped. */
  startCrashLoop(periodMs: number): void {
    this.stopCrashLoop();
    this.loop = setInterval(() => this.host.crashLoopRestart(), Math.max(50, periodMs / this.host.timeScale));
    this.loop.unref();
  }

  stopCrashLoop(): void {
    clearInterval(this.loop);
    this.loop = undefined;
  }

  /** Books `callsPerS` charged calls per modelled second until stopped (fractions carry over). */
  startRunaway(callsPerS: number): void {
    this.stopRunaway();
    const perTick = (callsPerS * RUNAWAY_TICK_MS * this.host.timeScale) / 1000;
    this.runaway = setInterval(() => {
      const due = perTick + this.carry;
      const n = Math.min(RUNAWAY_MAX_PER_TICK, Math.floor(due));
      this.carry = Math.min(1, due - n);
      if (n > 0) this.host.chargeRunaway(n);
    }, RUNAWAY_TICK_MS);
    this.runaway.unref();
  }

  stopRunaway(): void {
    clearInterval(this.runaway);
    this.runaway = undefined;
    this.carry = 0;
  }

  dispose(): void {
    this.stopCrashLoop();
    this.stopRunaway();
  }
}
