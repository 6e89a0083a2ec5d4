/**
 * What a run against the sandbox ran under — its latency profile, its time scale and the
 * faults on at the start — for the report's config snapshot, so the site compares a run only
 * with runs under the same conditions. Asked only of a target that announced itself as the
 * sandbox (a real service never sees the sandbox's endpoints); unknown when it cannot answer.
 */
import { sandboxAt } from '../state/sandboxes';
import { connectSandbox } from './index';

export interface SandboxConditions {
  profile: string;
  /** The sandbox's own time scale (a run may be judged at another, with --time-scale). */
  sandboxTimeScale: number;
  /** Faults on at the start, `name` or `name:value`, its release's own included. */
  faults: string[];
}

export async function sandboxConditions(
  stateDir: string,
  baseUrl: string,
): Promise<SandboxConditions | undefined> {
  if (!sandboxAt(stateDir, baseUrl)) return undefined;
  try {
    const v = await connectSandbox(stateDir, baseUrl).faults();
    return {
      profile: v.profile ?? 'unknown',
      sandboxTimeScale: v.timeScale ?? 1,
      faults: v.active.map((f) => (f.value && f.value !== 1 ? `${f.name}:${f.value}` : f.name)),
    };
  } catch {
    return undefined;
  }
}
