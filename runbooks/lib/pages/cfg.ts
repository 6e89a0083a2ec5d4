import type { TextDirective } from 'mdast-util-directive';
import type { Node } from 'unist';
import type { Config } from '../config/schema';
import { formatCount, formatMb, formatMs, formatPct, formatUsd } from '../units';
import { DirectiveError, labelText } from './directives';

/**
 * Config values as pages show them (`:cfg[alerts.memoryMb]` → "450 MB"). The unit comes
 * from the field's name suffix, the convention runbooks.config.ts follows throughout:
 * Ms → duration, S → seconds, Pct → percent, Usd → dollars, Mb → megabytes.
 */
export type CfgFormat = 'auto' | 'raw' | 'ms' | 's' | 'pct' | 'usd' | 'mb';
export const CFG_FORMATS: readonly CfgFormat[] = ['auto', 'raw', 'ms', 's', 'pct', 'usd', 'mb'];

export type Lookup = { ok: true; value: unknown } | { ok: false; reason: string };

/** Reads a dotted path ("slo.perStep.routine.p95Ms", "capacity.stressSteps.0") from the config. */
export function lookupConfig(config: Config, path: string): Lookup {
  if (!/^[A-Za-z0-9_]+(\.[A-Za-z0-9_-]+)*$/.test(path))
    return { ok: false, reason: `"${path}" is not a dotted config path` };
  let cur: unknown = config;
  const walked: string[] = [];
  for (const key of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(key in (cur as object))) {
      const keys = cur && typeof cur === 'object' ? Object.keys(cur).slice(0, 12).join(', ') : '';
      return {
        ok: false,
        reason: `runbooks.config.ts has no "${[...walked, key].join('.')}"${keys ? ` (${walked.join('.') || 'the root'} has: ${keys})` : ''}`,
      };
    }
    cur = (cur as Record<string, unknown>)[key];
    walked.push(key);
  }
  if (cur !== null && typeof cur === 'object' && !Array.isArray(cur))
    return {
      ok: false,
      reason: `"${path}" is a section, not a value; name one of its fields (${Object.keys(cur).join(', ')})`,
    };
  return { ok: true, value: cur };
}

/** The unit a path implies by its last segment's suffix (perCall entries are dollars). */
export function impliedFormat(path: string): CfgFormat {
  const last = path.split('.').pop() ?? '';
  if (path.startsWith('costModel.perCall.')) return 'usd';
  if (path.startsWith('timeouts.')) return 'ms';
  if (/Ms$/.test(last)) return 'ms';
  if (/[a-z]S$/.test(last)) return 's';
  if (/Pct$/.test(last)) return 'pct';
  if (/Usd$/.test(last)) return 'usd';
  if (/Mb$/.test(last)) return 'mb';
  // A record of values keeps its unit on the record's name: deploy.watchS.staging is seconds.
  const parent = path.split('.').at(-2);
  if (parent && /^[a-z0-9]+$/.test(last)) return impliedFormat(parent);
  return 'raw';
}

/** Formats a config value for a page; `format` overrides the unit implied by the path. */
export function formatConfigValue(path: string, value: unknown, format: CfgFormat = 'auto'): string {
  const f = format === 'auto' ? impliedFormat(path) : format;
  // An optional field left unset (a role's name or pager link): say so, never invent one.
  if (value === null || value === undefined) return 'not configured';
  if (Array.isArray(value)) return value.map((v) => formatConfigValue(path, v, f)).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value !== 'number') return String(value);
  switch (f) {
    case 'ms':
      return formatMs(value);
    case 's':
      return formatMs(value * 1000);
    case 'pct':
      return formatPct(value, 3);
    case 'usd':
      return formatUsd(value);
    case 'mb':
      return formatMb(value);
    default:
      return formatCount(value);
  }
}

/** What `:cfg[path]{format="…"}` shows; the one lookup of the site and the terminal. Throws DirectiveError. */
export function cfgText(config: Config, node: TextDirective): string {
  const path = labelText(node);
  const format = (node.attributes?.format ?? 'auto') as CfgFormat;
  if (!CFG_FORMATS.includes(format))
    throw new DirectiveError(
      `:cfg[${path}] has format "${format}"; use one of ${CFG_FORMATS.join(', ')}`,
      node,
    );
  const found = lookupConfig(config, path);
  if (!found.ok) throw new DirectiveError(`:cfg[${path}]: ${found.reason}`, node);
  return formatConfigValue(path, found.value, format);
}

/**
 * A flag value written `cfg:slo.concurrentUsers` takes the config's raw value, so a command
 * that passes a configured number changes with the config like the prose does.
 */
export function cfgFlagValue(config: Config, token: string, node: Node): string {
  if (!token.startsWith('cfg:')) return token;
  const path = token.slice(4);
  const found = lookupConfig(config, path);
  if (!found.ok) throw new DirectiveError(`flag value ${token}: ${found.reason}`, node);
  if (typeof found.value !== 'number' && typeof found.value !== 'string')
    throw new DirectiveError(`flag value ${token} is not a number or text`, node);
  return String(found.value);
}
