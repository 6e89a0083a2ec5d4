/**
 * The faults that are on in one sandbox: the runtime side of the catalogue (faults/), and
 * how each recent one ended. A fault may be switched on with an end of its own: a time
 * (`until`, an outside cause such as OpenAI's outage that ends by itself) or the next
 * restart asked through the platform's API (`endsOnRestart`, a cause the service command's
 * restart clears). The record of endings tells a drill who ended a fault, and how.
 */
import type { FaultName, FaultRequest } from '../faults/catalogue';

/** How a fault may end by itself, when switched on from outside. */
export interface FaultEnding {
  /** Wall ms at which it ends by itself. */
  until?: number;
  /** It ends with the next restart asked through the platform's API (not an OOM kill, a crash or the admin route). */
  endsOnRestart?: boolean;
}

/** A fault that is on, with when it was switched on (wall ms), and why: a deployed release's, or switched from outside. */
export interface ActiveFault extends FaultRequest, FaultEnding {
  since: number;
  source: 'release' | 'switched';
}

/** How a fault went off: switched off from outside, by itself at its time, by a restart through the platform, or replaced by a deploy. */
export type FaultEndHow = 'cleared' | 'by-itself' | 'restart' | 'deploy';

export interface EndedFault {
  name: FaultName;
  /** Wall ms. */
  at: number;
  how: FaultEndHow;
  source: ActiveFault['source'];
}

/** Endings kept (a drill reads the latest). */
const ENDED_KEPT = 50;

/** The set of active faults; one per name (switching one on again restarts it). */
export class FaultState {
  private readonly active = new Map<FaultName, ActiveFault>();
  /** The latest endings, oldest first. */
  readonly ended: EndedFault[] = [];

  constructor(private readonly now: () => number) {}

  enable(f: FaultRequest, source: ActiveFault['source'], ending: FaultEnding = {}): ActiveFault {
    const a: ActiveFault = { ...f, since: this.now(), source };
    if (ending.until !== undefined) a.until = ending.until;
    if (ending.endsOnRestart) a.endsOnRestart = true;
    this.active.set(f.name, a);
    return a;
  }

  /** Switches it off; `how` is recorded. False when it was not on. */
  disable(name: FaultName, how: FaultEndHow = 'cleared', at = this.now()): boolean {
    const a = this.active.get(name);
    if (!a) return false;
    this.active.delete(name);
    this.ended.push({ name, at, how, source: a.source });
    if (this.ended.length > ENDED_KEPT) this.ended.shift();
    return true;
  }

  get(name: FaultName): ActiveFault | undefined {
    return this.active.get(name);
  }

  has(name: FaultName): boolean {
    return this.active.has(name);
  }

  list(): ActiveFault[] {
    return [...this.active.values()];
  }
}
