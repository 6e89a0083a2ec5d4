import type { ScriptMeta } from './types';
import { meta as envCheck } from './scripts/env-check';

/**
 * Every runbook script's metadata, in the order the reference lists them. The site reads
 * this at build time; the drift test checks that each entry has a runbooks/<id>.ts and
 * that every page directive names an entry and its flags.
 */
export const registry: readonly ScriptMeta[] = [envCheck];

export function findScript(id: string): ScriptMeta | undefined {
  return registry.find((m) => m.id === id);
}

export type { ScriptMeta, FlagSpec, Safety, Example } from './types';
export { SAFETY_LABEL } from './types';
export { allFlags } from './common-flags';
