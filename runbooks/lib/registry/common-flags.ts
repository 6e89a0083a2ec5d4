import type { FlagSpec, ScriptMeta } from './types';
import { ENVIRONMENT_NAMES } from '../config/environments';

/** Flags every script takes (DESIGN.md, "The contracts every script keeps"). */
export const COMMON_FLAGS: FlagSpec[] = [
  { name: 'help', short: 'h', type: 'boolean', description: 'print this help and exit', default: false },
  {
    name: 'json',
    type: 'boolean',
    description: 'one JSON document on stdout; human output goes to stderr',
    default: false,
  },
];

export const TARGET_FLAGS: FlagSpec[] = [
  {
    name: 'env',
    type: 'enum',
    choices: ENVIRONMENT_NAMES,
    description: 'environment from runbooks.config.ts',
    default: 'local',
    value: '<name>',
  },
  { name: 'url', type: 'url', description: "base URL; overrides the environment's URL", value: '<base>' },
];

/*
 * Flag groups several scripts declare: one definition each, spread into the scripts'
 * metadata (`as const`, so each script's parsed flags keep their types).
 */

/** Where a run's report goes besides the state directory. */
export const reportFlags = <K extends string>(kind: K) =>
  [
    { name: 'out', type: 'string', description: 'also write the report to this file', value: '<file>' },
    {
      name: 'publish',
      type: 'boolean',
      default: false,
      description: `also write the report to static/reports/${kind}/ for the site`,
    },
  ] as const;

/** Typed by the operator, never added by a page: load or a change to a production-like environment. */
export const CONFIRM_PRODUCTION = {
  name: 'confirm-production',
  type: 'boolean',
  default: false,
  description: 'required to send load to, or change, a protected (production) environment; type it yourself',
} as const;

/** deploy and rollback: how strictly their verification (health, smoke) judges a degraded service. */
export const VERIFY_STRICT = {
  name: 'strict',
  type: 'boolean',
  default: false,
  description: 'a degraded (or basic-only) health verdict fails verification',
} as const;

/** How long requests in flight may finish after the end or a stop; the shells default it to config.capacity.gracefulStopS. */
export const GRACE = {
  name: 'grace',
  type: 'duration',
  min: 0,
  description:
    'after the end or Ctrl-C, how long requests in flight may finish (default: config capacity.gracefulStopS)',
  value: '<d>',
} as const;

/** Judge the steps the config marks knownBroken (insights) like the others. */
export const COUNT_KNOWN_BROKEN = {
  name: 'count-known-broken',
  type: 'boolean',
  default: false,
  description: 'judge steps marked knownBroken (insights) like the others',
} as const;

/** A target that runs N× faster than real (a time-scaled sandbox). */
export const TIME_SCALE = {
  name: 'time-scale',
  type: 'number',
  default: 1,
  above: 0,
  description: 'the target runs N× faster than real (a time-scaled sandbox): latency limits are divided by N',
  value: '<n>',
} as const;

/** The run's own users or journeys: whole numbers of at least one. */
export const USERS = { name: 'users', type: 'number', integer: true, min: 1, value: '<n>' } as const;

/**
 * Whether a command block gives the script `--env` (from the block's env="…" and the site's
 * picker): a targeted script, or one that declares its own --env without contacting the
 * environment (the scorecard judges an environment's promises from its evidence).
 */
export function takesEnv(meta: ScriptMeta): boolean {
  return meta.targeted || meta.flags.some((f) => f.name === 'env');
}

/** All flags of a script in --help order: its own, then the target flags, then the common ones. */
export function allFlags(meta: ScriptMeta): FlagSpec[] {
  return [...meta.flags, ...(meta.targeted ? TARGET_FLAGS : []), ...COMMON_FLAGS];
}
