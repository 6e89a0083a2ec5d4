import type { FlagSpec, ScriptMeta } from './types';
import { ENVIRONMENT_NAMES } from '../config/environments';

/** Flags every script takes (DESIGN.md, "The contracts every script keeps"). */
export const COMMON_FLAGS: FlagSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'print this help and exit', default: false },
  { name: 'json', type: 'boolean', description: 'one JSON document on stdout; human output goes to stderr', default: false },
];

export const TARGET_FLAGS: FlagSpec[] = [
  { name: 'env', type: 'enum', choices: ENVIRONMENT_NAMES, description: 'environment from runbooks.config.ts', default: 'local', value: '<name>' },
  { name: 'url', type: 'url', description: "base URL; overrides the environment's URL", value: '<base>' },
];

/** All flags of a script in --help order: its own, then the target flags, then the common ones. */
export function allFlags(meta: ScriptMeta): FlagSpec[] {
  return [...meta.flags, ...(meta.targeted ? TARGET_FLAGS : []), ...COMMON_FLAGS];
}
