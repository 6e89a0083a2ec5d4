/**
 * `sandbox.ts fault list | fault set <name[:param]>… | fault clear [name…] | restart`: the
 * subcommands that act on a RUNNING sandbox (the one `npm start` runs, found through the
 * state directory), so a responder or a drill changes its faults without restarting the
 * site. Parsing, running and rendering live here; the shell only wires them.
 */
import { usageError, RunbookError } from '../errors';
import { FAULTS, parseFault } from '../faults/catalogue';
import { abortableSleep } from '../http/retry';
import { renderTable } from '../probes/table';
import { formatDuration } from '../units';
import type { FaultsView, SandboxClient } from './index';

export type SandboxCommand =
  | { kind: 'fault-list' }
  | { kind: 'fault-set'; faults: string[] }
  /** No names: every fault switched from outside. */
  | { kind: 'fault-clear'; names: string[] }
  | { kind: 'restart' };

const USAGE =
  'Usage: sandbox.ts fault list | fault set <name[:param]>… | fault clear [name…] | restart (no subcommand serves a sandbox).';

/** The subcommand in `positionals`, or undefined when there is none (serve). Throws RB_USAGE. */
export function parseSandboxCommand(positionals: readonly string[]): SandboxCommand | undefined {
  const [first, second, ...rest] = positionals;
  if (first === undefined) return undefined;
  if (first === 'restart') {
    if (second !== undefined)
      throw usageError(
        `sandbox.ts restart takes no argument (got "${positionals.slice(1).join(' ')}").`,
        USAGE,
      );
    return { kind: 'restart' };
  }
  if (first !== 'fault') throw usageError(`sandbox.ts has no subcommand "${first}".`, USAGE);
  if (second === 'list' && rest.length === 0) return { kind: 'fault-list' };
  if (second === 'set') {
    if (!rest.length)
      throw usageError(
        'sandbox.ts fault set needs at least one fault, e.g. fault set openai-outage.',
        'The catalogue: npx zx runbooks/sandbox.ts fault list.',
      );
    const faults = rest
      .flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter(Boolean);
    for (const f of faults) {
      const p = parseFault(f);
      if (!p.ok)
        throw usageError(`fault set: ${p.message}.`, 'The catalogue: npx zx runbooks/sandbox.ts fault list.');
    }
    return { kind: 'fault-set', faults };
  }
  if (second === 'clear') {
    const names = rest
      .flatMap((r) => r.split(','))
      .map((r) => r.trim())
      .filter(Boolean);
    for (const n of names) {
      const p = parseFault(n.split(':')[0]!);
      if (!p.ok)
        throw usageError(
          `fault clear: ${p.message}.`,
          'npx zx runbooks/sandbox.ts fault list shows what is on.',
        );
    }
    return { kind: 'fault-clear', names };
  }
  throw usageError(
    `sandbox.ts fault needs list, set or clear${second ? ` (got "${positionals.slice(1).join(' ')}")` : ''}.`,
    USAGE,
  );
}

/**
 * The subcommand of a sandbox.ts run, or undefined to serve; serving flags that would be
 * silently ignored by a subcommand are a usage error instead.
 */
export function sandboxCommandOf(
  positionals: readonly string[],
  flags: { fault: readonly string[] },
): SandboxCommand | undefined {
  const cmd = parseSandboxCommand(positionals);
  if (cmd && flags.fault.length)
    throw usageError(
      '--fault switches faults on a sandbox this command starts; on a running one use: sandbox.ts fault set <name[:param]>.',
      USAGE,
    );
  return cmd;
}

/** The running sandbox a subcommand acts on: the one on `port` (0: the only one running). */
export function sandboxOnPort(
  stateDir: string,
  port: number,
  connect: (stateDir: string, url: string | undefined) => SandboxClient,
): SandboxClient {
  return connect(stateDir, port ? `http://127.0.0.1:${port}` : undefined);
}

export interface SandboxCommandResult {
  command: SandboxCommand;
  url: string;
  view: FaultsView;
  /** Faults the command was asked to clear that are not switched on (release faults stay until the next deploy). */
  notCleared: { name: string; why: 'not-on' | 'release' }[];
  /** restart: how long until it served again (null: not within the wait). */
  servingAfterMs?: number | null;
}

/** Runs one subcommand against a connected sandbox; `restart` waits (bounded) until it serves again. */
export async function runSandboxCommand(
  client: SandboxClient,
  cmd: SandboxCommand,
  deps: { signal?: AbortSignal; now?: () => number; waitMs?: number } = {},
): Promise<SandboxCommandResult> {
  const now = deps.now ?? Date.now;
  const base = { command: cmd, url: client.url, notCleared: [] as SandboxCommandResult['notCleared'] };
  switch (cmd.kind) {
    case 'fault-list':
      return { ...base, view: await client.faults() };
    case 'fault-set':
      return { ...base, view: await client.setFaults(cmd.faults, []) };
    case 'fault-clear': {
      const before = await client.faults();
      const names = cmd.names.map((n) => n.split(':')[0]!);
      for (const n of names) {
        const a = before.active.find((f) => f.name === n);
        if (!a) base.notCleared.push({ name: n, why: 'not-on' });
        else if (a.source === 'release') base.notCleared.push({ name: n, why: 'release' });
      }
      return { ...base, view: await client.setFaults([], names.length ? names : '*') };
    }
    case 'restart': {
      const t0 = now();
      await client.restart();
      const deadline = t0 + (deps.waitMs ?? 30_000);
      // Bounded in time and count: the sandbox answers its admin routes while it starts.
      for (let i = 0; i < 600 && now() < deadline && !deps.signal?.aborted; i++) {
        await abortableSleep(100, deps.signal).catch(() => undefined);
        const view = await client
          .faults()
          .catch((e: unknown) => (e instanceof RunbookError ? undefined : Promise.reject(e)));
        if (view?.serving !== false && view) return { ...base, view, servingAfterMs: now() - t0 };
      }
      return { ...base, view: await client.faults(), servingAfterMs: null };
    }
  }
}

const when = (iso: string) => (iso.length >= 19 ? iso.slice(11, 19) : iso);

/** What the shell prints for a result. */
export function formatSandboxCommand(r: SandboxCommandResult): string {
  const v = r.view;
  const lines: string[] = [];
  const state = v.serving === false ? 'starting (answers 503)' : 'serving';
  lines.push(
    `Sandbox ${r.url}: release ${v.release}, ${state}${v.timeScale && v.timeScale !== 1 ? `, time scale ×${v.timeScale}` : ''}${v.profile ? `, ${v.profile} profile` : ''}`,
  );
  if (r.command.kind === 'restart') {
    lines.push(
      r.servingAfterMs === null || r.servingAfterMs === undefined
        ? 'Restarted; it was still starting when this stopped waiting.'
        : `Restarted in place (memory, counters, alerts and caches are gone); serving again after ${formatDuration(r.servingAfterMs)}.`,
    );
  }
  for (const n of r.notCleared)
    lines.push(
      n.why === 'release'
        ? `${n.name} came with release ${v.release}: only a deploy replaces it (roll back, or deploy another release).`
        : `${n.name} was not on.`,
    );
  lines.push('', v.active.length ? 'Faults on:' : 'Faults on: none');
  for (const f of v.active)
    lines.push(
      `  ${f.label.padEnd(24)} ${f.source === 'release' ? `with release ${v.release}` : 'switched on'} since ${when(f.since)}${f.until ? '; it ends by itself' : ''}`,
    );
  if (r.command.kind === 'fault-list') {
    lines.push('', 'Catalogue (sandbox.ts fault set <name[:param]>; fault clear [name…]):');
    const rows = (v.catalogue.length ? v.catalogue : FAULTS).map((f) => [
      f.name,
      f.params
        ? `${f.params.description} (default ${f.params.kind === 'duration' ? formatDuration(f.params.default) : f.params.default})`
        : '–',
      f.summary,
    ]);
    lines.push(renderTable(['fault', 'param', 'what it does'], rows, 60).replace(/^/gm, '  '));
  }
  return lines.join('\n');
}
