import type { FlagSpec, ScriptMeta } from '../registry/types';
import { allFlags } from '../registry/common-flags';
import { formatDuration, parseDuration } from '../units';
import type { EnvironmentName } from '../config/environments';
import { parseBaseUrl } from '../target/resolve';
import { usageError } from '../errors';

type ValueOf<F extends FlagSpec> = F['type'] extends 'number' | 'duration'
  ? number
  : F['type'] extends 'boolean'
    ? boolean
    : F['type'] extends 'list'
      ? string[]
      : F extends { choices: readonly (infer C)[] }
        ? C
        : string;

/** The typed result of parsing: a flag with a default is always present. */
export type ParsedFlags<Fs extends readonly FlagSpec[]> = {
  [F in Fs[number] as F['name']]: F extends { default: unknown } ? ValueOf<F> : ValueOf<F> | undefined;
} & { help: boolean; json: boolean; env: EnvironmentName; url: string | undefined };

export interface ParseResult<M extends ScriptMeta> {
  flags: ParsedFlags<M['flags']>;
  positionals: string[];
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(
        d[i - 1]![j]! + 1,
        d[i]![j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
  return d[a.length]![b.length]!;
}

/** Throws a usage error when a number or duration is outside the range its spec declares. */
export function checkRange(spec: FlagSpec, value: number, raw: string, scriptId: string): number {
  const show = (n: number) => (spec.type === 'duration' ? formatDuration(n) : String(n));
  const why =
    spec.integer && !Number.isInteger(value)
      ? 'must be a whole number'
      : spec.above !== undefined && !(value > spec.above)
        ? `must be above ${show(spec.above)}`
        : spec.min !== undefined && value < spec.min
          ? `must be at least ${show(spec.min)}`
          : spec.max !== undefined && value > spec.max
            ? `must be at most ${show(spec.max)}`
            : undefined;
  if (why) throw usageError(`--${spec.name} ${raw} ${why}.`, `See: npx zx runbooks/${scriptId}.ts --help`);
  return value;
}

function coerce(spec: FlagSpec, raw: string, scriptId: string): unknown {
  const bad = (what: string) =>
    usageError(`--${spec.name} "${raw}" is not ${what}.`, `See: npx zx runbooks/${scriptId}.ts --help`);
  switch (spec.type) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad('a number');
      return checkRange(spec, n, raw, scriptId);
    }
    case 'duration': {
      const ms = parseDuration(raw);
      if (ms === undefined) throw bad('a duration (e.g. 500ms, 20s, 5m, 1h)');
      return checkRange(spec, ms, raw, scriptId);
    }
    case 'url':
      parseBaseUrl(raw, `--${spec.name}`);
      return raw;
    case 'enum':
      if (!spec.choices?.includes(raw))
        throw usageError(
          `--${spec.name} "${raw}" is not one of ${spec.choices?.join(', ')}.`,
          `See: npx zx runbooks/${scriptId}.ts --help`,
        );
      return raw;
    case 'list': {
      const items = raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const it of items) {
        if (spec.choices && !spec.choices.includes(it))
          throw usageError(
            `--${spec.name} "${it}" is not one of ${spec.choices.join(', ')}.`,
            `See: npx zx runbooks/${scriptId}.ts --help`,
          );
      }
      return items;
    }
    case 'boolean':
      if (!['true', 'false', '1', '0', 'yes', 'no'].includes(raw)) throw bad('true or false');
      return ['true', '1', 'yes'].includes(raw);
    default:
      return raw;
  }
}

function defaultOf(spec: FlagSpec): unknown {
  if (spec.default === undefined)
    return spec.type === 'list' ? [] : spec.type === 'boolean' ? false : undefined;
  if (spec.type === 'duration' && typeof spec.default === 'string') return parseDuration(spec.default);
  if (Array.isArray(spec.default)) return [...spec.default];
  return spec.default;
}

/**
 * Parses argv against a script's declared flags. Unknown flags and bad values are usage
 * errors (exit 2) that name the flag and suggest the closest known one.
 */
export function parseFlags<M extends ScriptMeta>(meta: M, argv: readonly string[]): ParseResult<M> {
  const specs = allFlags(meta);
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const out: Record<string, unknown> = {};
  const positionals: string[] = [];
  for (const s of specs) out[s.name] = defaultOf(s);
  const seenList = new Set<string>();

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let spec: FlagSpec | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      spec = byName.get(name);
      if (!spec && name.startsWith('no-') && byName.get(name.slice(3))?.type === 'boolean') {
        out[name.slice(3)] = false;
        continue;
      }
    } else {
      name = arg.slice(1);
      spec = byShort.get(name);
    }
    if (!spec) {
      const near = specs.map((s) => ({ s, d: levenshtein(name, s.name) })).sort((a, b) => a.d - b.d)[0];
      const hint = near && near.d <= 2 ? `Did you mean --${near.s.name}? ` : '';
      throw usageError(
        `Unknown flag ${arg.split('=')[0]} for ${meta.id}.`,
        `${hint}See: npx zx runbooks/${meta.id}.ts --help`,
      );
    }
    if (spec.type === 'boolean') {
      out[spec.name] = inline === undefined ? true : coerce(spec, inline, meta.id);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined || (inline === undefined && raw.startsWith('--'))) {
      throw usageError(
        `--${spec.name} needs a value${spec.value ? ` ${spec.value}` : ''}.`,
        `See: npx zx runbooks/${meta.id}.ts --help`,
      );
    }
    const v = coerce(spec, raw, meta.id);
    if (spec.type === 'list') {
      // A repeated list flag accumulates; the first use replaces the default.
      const prev = seenList.has(spec.name) ? (out[spec.name] as string[]) : [];
      out[spec.name] = [...prev, ...(v as string[])];
      seenList.add(spec.name);
    } else {
      out[spec.name] = v;
    }
  }
  return { flags: out as ParsedFlags<M['flags']>, positionals };
}
