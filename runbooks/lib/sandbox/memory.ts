/**
 * The instance's memory, modelled (never this process's RSS, which in a test runner says
 * nothing about the service): a fresh instance's memory, plus what each generate call left
 * behind (config.sandbox.memory: the real service went from about 110 MB to about 402 MB
 * over about 50 calls and never came back down), plus the memory-leak fault's growth.
 * Nothing is ever given back but by a restart. At the plan's limit the platform kills the
 * instance; `crossedAt` says when that happened, so a clock that jumped (a test's, or a
 * sandbox nobody asked for a while) puts the kill at the right moment.
 */
export class MemoryModel {
  private callsMb = 0;
  private leakFrozenMb = 0;
  private leak: { since: number; mbPerS: number } | null = null;

  constructor(
    private readonly startMb: number,
    private readonly perCallMb: number,
    readonly limitMb: number,
    private readonly now: () => number,
  ) {}

  /** A generate call reached a handler: what it allocated stays. */
  call(): void {
    this.callsMb += this.perCallMb;
  }

  /** Starts (or restarts) the leak fault's growth, MB per second of wall time. */
  startLeak(mbPerS: number): void {
    this.stopLeak();
    this.leak = { since: this.now(), mbPerS };
  }

  /** Stops the growth; what leaked stays leaked (only a restart frees it, as in the real service). */
  stopLeak(): void {
    if (this.leak) this.leakFrozenMb += this.leakedAt(this.now());
    this.leak = null;
  }

  private leakedAt(t: number): number {
    return this.leak ? (Math.max(0, t - this.leak.since) / 1000) * this.leak.mbPerS : 0;
  }

  private baseMb(): number {
    return this.startMb + this.callsMb + this.leakFrozenMb;
  }

  /** Memory at `t` (default now), MB, uncapped: the platform kills the instance at the limit. */
  mb(t = this.now()): number {
    return this.baseMb() + this.leakedAt(t);
  }

  bytes(t = this.now()): number {
    return Math.round(this.mb(t) * 1024 * 1024);
  }

  /** When memory reached the limit, if it has by `t`: the moment the leak crossed it, or `t` when calls pushed it over. */
  crossedAt(t = this.now()): number | undefined {
    if (this.mb(t) < this.limitMb) return undefined;
    const base = this.baseMb();
    if (base >= this.limitMb || !this.leak || this.leak.mbPerS <= 0) return t;
    return Math.min(t, this.leak.since + ((this.limitMb - base) / this.leak.mbPerS) * 1000);
  }

  /** A new instance at `at`: back to the start; a leak that is still on starts over with it. */
  restart(at: number): void {
    this.callsMb = 0;
    this.leakFrozenMb = 0;
    if (this.leak) this.leak = { since: at, mbPerS: this.leak.mbPerS };
  }
}
