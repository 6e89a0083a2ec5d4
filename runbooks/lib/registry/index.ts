import type { ScriptMeta } from './types';
import { meta as envCheck } from './scripts/env-check';
import { meta as sandbox } from './scripts/sandbox';
import { meta as health } from './scripts/health';
import { meta as smoke } from './scripts/smoke';
import { meta as monitor } from './scripts/monitor';
import { meta as load } from './scripts/load';
import { meta as stress } from './scripts/stress';
import { meta as checklist } from './scripts/checklist';
import { meta as benchmark } from './scripts/benchmark';
import { meta as cost } from './scripts/cost';
import { meta as deploy } from './scripts/deploy';
import { meta as rollback } from './scripts/rollback';
import { meta as service } from './scripts/service';
import { meta as incident } from './scripts/incident';
import { meta as drill } from './scripts/drill';
import { meta as scorecard } from './scripts/scorecard';

/**
 * Every runbook script's metadata, in the order the reference lists them. The site reads
 * this at build time; the drift test checks that each entry has a runbooks/<id>.ts and
 * that every page directive names an entry and its flags.
 */
export const registry: readonly ScriptMeta[] = [
  envCheck,
  health,
  smoke,
  monitor,
  deploy,
  rollback,
  service,
  incident,
  drill,
  load,
  stress,
  benchmark,
  cost,
  scorecard,
  sandbox,
  checklist,
];

export function findScript(id: string): ScriptMeta | undefined {
  return registry.find((m) => m.id === id);
}

export type { ScriptMeta, FlagSpec, Safety, Example } from './types';
export { SAFETY_LABEL } from './types';
export { allFlags, takesEnv } from './common-flags';
