/**
 * The handbook commands that ran, from the ledger: every script appends a `command-start`
 * record when it starts and a `command` record (with its exit code) when it ends
 * (cli/run.ts). Merged by process and start time, a command still running shows with no
 * exit code, so a ten-minute monitor counts from when it started, not when it ended.
 */
import type { LedgerRecord } from '../ledger/index';
import type { CommandRun } from '../report/incident';

export const COMMAND_KINDS = ['command-start', 'command'] as const;

/** A command's identity across its two records. */
const keyOf = (r: LedgerRecord) => `${String(r.pid ?? '')}|${String(r.startedAt ?? r.at)}`;

/** Commands that started within [fromMs, toMs], oldest first. */
export function commandsBetween(
  records: readonly LedgerRecord[],
  fromMs: number,
  toMs: number,
): CommandRun[] {
  const byKey = new Map<string, CommandRun>();
  for (const r of records) {
    if (r.kind !== 'command' && r.kind !== 'command-start') continue;
    const startedAt = typeof r.startedAt === 'string' ? r.startedAt : r.at;
    const t = Date.parse(startedAt);
    if (!(t >= fromMs && t <= toMs) || typeof r.script !== 'string') continue;
    const prev = byKey.get(keyOf(r));
    const run: CommandRun = {
      startedAt,
      script: r.script,
      args: Array.isArray(r.args) ? r.args.map(String) : [],
      env: typeof r.env === 'string' ? r.env : 'local',
      url: typeof r.url === 'string' ? r.url : null,
      exitCode:
        r.kind === 'command' && typeof r.exitCode === 'number' ? r.exitCode : (prev?.exitCode ?? null),
      operator: typeof r.operator === 'string' ? r.operator : 'unknown',
    };
    byKey.set(keyOf(r), prev && r.kind === 'command-start' ? prev : run);
  }
  return [...byKey.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** A command as one line: `health --url http://127.0.0.1:8001 (exit 1)`. */
export function commandLine(c: CommandRun): string {
  const exit = c.exitCode === null ? 'still running' : `exit ${c.exitCode}`;
  return `${c.script}${c.args.length ? ' ' + c.args.join(' ') : ''} (${exit})`;
}

/** Which commands count as a diagnosis: a script, and for a script with subcommands, its subcommand. */
export interface CommandMatch {
  script: string;
  /** The first positional, e.g. "assess" for incident.ts. */
  sub?: string;
}

/** The diagnoses of the first 15 minutes: health, smoke, the monitor, the quick assessment. */
export const ASSESSMENT_COMMANDS: readonly CommandMatch[] = [
  { script: 'health' },
  { script: 'smoke' },
  { script: 'monitor' },
  { script: 'incident', sub: 'assess' },
];

export function matchLabel(m: CommandMatch): string {
  return m.sub ? `${m.script} ${m.sub}` : m.script;
}

/** Whether a command is one of `matches`, and (when `targetUrl` is given) ran against that target. */
export function commandMatches(
  c: CommandRun,
  matches: readonly CommandMatch[],
  targetUrl?: string,
  envUrl?: (env: string) => string | undefined,
): boolean {
  const first = c.args.find((a) => !a.startsWith('-'));
  const ok = matches.some((m) => m.script === c.script && (!m.sub || first === m.sub));
  if (!ok || !targetUrl) return ok;
  const url = c.url ?? envUrl?.(c.env);
  return url !== undefined && sameOrigin(url, targetUrl);
}

/** Whether two URLs name the same server (localhost and ::1 count as 127.0.0.1). */
export function sameOrigin(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const host = (h: string) => (h === 'localhost' || h === '[::1]' ? '127.0.0.1' : h);
    return host(x.hostname) === host(y.hostname) && (x.port || '80') === (y.port || '80');
  } catch {
    return false;
  }
}
