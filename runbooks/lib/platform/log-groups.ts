/**
 * Log lines grouped by what they say, not by the ids and figures in them: "timeout after
 * 30012 ms for user u-81" and "timeout after 29877 ms for user u-12" are one problem seen
 * twice. Times, UUIDs, hex, prefixed ids and numbers are replaced by placeholders before
 * grouping; each group keeps its count, when it was first and last seen, and its latest line
 * as an example. Pure.
 */
import type { LogLine } from './types';

export interface LogGroup {
  /** The message with its variable parts replaced (<time>, <uuid>, <hex>, <id>, <n>). */
  message: string;
  /** The latest line of the group, as written (at most 200 characters). */
  example: string;
  count: number;
  firstAt: string;
  lastAt: string;
}

const RULES: [RegExp, string][] = [
  // Times first: their digits would otherwise become numbers.
  [/\b\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?/g, '<time>'],
  [/\b\d\d:\d\d:\d\d(?:[.,]\d+)?\b/g, '<time>'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // A run of 8+ hex digits with a digit in it (a hash, a commit, a request id).
  [/\b(?=[0-9a-f]*\d)[0-9a-f]{8,}\b/gi, '<hex>'],
  // A prefixed id with a digit in it: u-81, usr-12ab, srv-…, req_42.
  [/\b[a-z][a-z0-9]*[-_](?=[a-z0-9_-]*\d)[a-z0-9_-]+\b/gi, '<id>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
  [/\s+/g, ' '],
];

/** Render's times may carry an offset and microseconds: compare them as instants. */
const ms = (iso: string) => Date.parse(iso) || 0;

/** A message with its variable parts replaced, so lines that say the same thing compare equal. */
export function normaliseMessage(message: string): string {
  let m = message;
  for (const [re, to] of RULES) m = m.replace(re, to);
  return m.trim();
}

/** `lines` grouped by normalised message, the most frequent first (then the most recent). */
export function groupLogs(lines: readonly LogLine[]): LogGroup[] {
  const groups = new Map<string, LogGroup>();
  for (const l of lines) {
    const key = normaliseMessage(l.message);
    const g = groups.get(key);
    if (!g) {
      groups.set(key, {
        message: key,
        example: l.message.slice(0, 200),
        count: 1,
        firstAt: l.at,
        lastAt: l.at,
      });
      continue;
    }
    g.count++;
    if (ms(l.at) < ms(g.firstAt)) g.firstAt = l.at;
    if (ms(l.at) > ms(g.lastAt)) {
      g.lastAt = l.at;
      g.example = l.message.slice(0, 200);
    }
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || ms(b.lastAt) - ms(a.lastAt));
}
