/**
 * The faults that are on in one sandbox: the runtime side of the catalogue (faults/).
 */
import type { FaultName, FaultRequest } from '../faults/catalogue';

/** A fault that is on, with when it was switched on (wall ms), and why: a deployed release's, or switched from outside. */
export interface ActiveFault extends FaultRequest {
  since: number;
  source: 'release' | 'switched';
}

/** The set of active faults; one per name (switching one on again restarts it). */
export class FaultState {
  private readonly active = new Map<FaultName, ActiveFault>();

  constructor(private readonly now: () => number) {}

  enable(f: FaultRequest, source: ActiveFault['source']): ActiveFault {
    const a = { ...f, since: this.now(), source };
    this.active.set(f.name, a);
    return a;
  }

  disable(name: FaultName): boolean {
    return this.active.delete(name);
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
