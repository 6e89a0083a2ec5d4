import type { ScriptMeta } from '../registry/types';
import type { Checklist, ChecklistItem } from '../pages/checklist';
import { resolveCheck, checkArgv, checkDisplay, type ResolvedCheck } from '../pages/bindings';
import { CONFIRM_FLAG, hasConfirmFlag } from '../pages/command';

/** What became of one item. Bound items pass or fail; manual ones are confirmed, declined or left unverified. */
export type Outcome =
  | 'passed'
  | 'failed'
  | 'confirmed'
  | 'declined'
  | 'unverified'
  | 'not-run'
  | 'interrupted'
  | 'not-applicable';

export interface ItemResult {
  id: string;
  text: string;
  kind: 'bound' | 'manual';
  check?: string;
  command?: string;
  outcome: Outcome;
  exitCode?: number | null;
  detail?: string;
  durationMs: number;
}

export interface RunRecord {
  schemaVersion: 1;
  checklist: string;
  title: string;
  env: string;
  startedAt: string;
  finishedAt: string;
  dryRun: boolean;
  /** True when interrupted: later items were not run. */
  partial: boolean;
  /** No bound item failed and no manual item was declined. */
  ok: boolean;
  items: ItemResult[];
}

export type RunEvent =
  | { type: 'start'; item: ChecklistItem; index: number; total: number; command?: string }
  | { type: 'done'; result: ItemResult };

/** Side effects, injectable: tests give fakes, the script gives real processes and a terminal. */
export interface RunDeps {
  /** Runs argv (from the repository root) and resolves with its exit code; must honour the signal. */
  spawn(
    argv: string[],
    opts: { signal: AbortSignal; timeoutMs: number; hermetic: boolean },
  ): Promise<{ code: number | null; timedOut?: boolean }>;
  /** Asks a human whether a manual item is done; undefined when nobody can be asked. */
  ask?: (item: ChecklistItem) => Promise<'yes' | 'no' | 'skip'>;
  /** The built-in load-report-fresh check. */
  reportFresh(env: string, maxAgeMs: number): { ok: boolean; detail: string };
  now(): number;
}

export interface RunOptions {
  ref: string;
  env: string;
  /** Bound items run against this URL instead of the environment's (--url). */
  url?: string | undefined;
  registry: readonly ScriptMeta[];
  itemTimeoutMs: number;
  dryRun: boolean;
  /** The operator typed --confirm-production: pass it on to bound items whose script takes it. */
  confirmProduction: boolean;
  signal: AbortSignal;
  onEvent?: (e: RunEvent) => void;
}

async function runBound(
  c: ResolvedCheck,
  o: RunOptions,
  deps: RunDeps,
): Promise<Pick<ItemResult, 'outcome' | 'exitCode' | 'detail'>> {
  if (c.kind === 'builtin') {
    const v = deps.reportFresh(c.env ?? o.env, c.maxAgeMs);
    return { outcome: v.ok ? 'passed' : 'failed', detail: v.detail };
  }
  const argv = checkArgv(c, o.env, o.url)!;
  // Only what the operator typed is passed on, and only to scripts that declare the flag.
  const finalArgv =
    o.confirmProduction && c.kind === 'script' && hasConfirmFlag(c.invocation.meta)
      ? [...argv, `--${CONFIRM_FLAG}`]
      : argv;
  const r = await deps.spawn(finalArgv, {
    signal: o.signal,
    timeoutMs: o.itemTimeoutMs,
    hermetic: c.kind === 'command' && c.hermetic,
  });
  if (o.signal.aborted) return { outcome: 'interrupted', exitCode: r.code };
  if (r.timedOut)
    return {
      outcome: 'failed',
      exitCode: r.code,
      detail: `no result within ${Math.round(o.itemTimeoutMs / 1000)} s`,
    };
  return {
    outcome: r.code === 0 ? 'passed' : 'failed',
    exitCode: r.code,
    detail: r.code === 0 ? undefined : `exit ${r.code}`,
  };
}

/**
 * Runs a checklist in the page's order: bound items as real checks, manual items asked
 * (or left unverified). Returns the run record; never prints, never exits.
 */
export async function runChecklist(list: Checklist, o: RunOptions, deps: RunDeps): Promise<RunRecord> {
  const started = deps.now();
  const items: ItemResult[] = [];
  const resolved = list.items.map((it) => (it.bind ? resolveCheck(it.bind, o.registry) : undefined));
  for (const [i, item] of list.items.entries()) {
    const c = resolved[i];
    const command = c ? checkDisplay(c, o.env, o.url) : undefined;
    o.onEvent?.({ type: 'start', item, index: i, total: list.items.length, command });
    const t0 = deps.now();
    const base = {
      id: item.id,
      text: item.text,
      kind: c ? ('bound' as const) : ('manual' as const),
      check: item.bind?.check,
      command,
    };
    let res: Pick<ItemResult, 'outcome' | 'exitCode' | 'detail'>;
    if (o.signal.aborted) res = { outcome: 'not-run' };
    else if (item.bind?.envs && !item.bind.envs.includes(o.env))
      res = { outcome: 'not-applicable', detail: `applies to ${item.bind.envs.join(', ')} only` };
    else if (o.dryRun) res = { outcome: 'not-run', detail: 'dry run' };
    else if (c) res = await runBound(c, o, deps);
    else if (deps.ask) {
      const a = await deps.ask(item);
      res = { outcome: a === 'yes' ? 'confirmed' : a === 'no' ? 'declined' : 'unverified' };
    } else res = { outcome: 'unverified', detail: 'no terminal to ask on' };
    const result: ItemResult = { ...base, ...res, durationMs: deps.now() - t0 };
    items.push(result);
    o.onEvent?.({ type: 'done', result });
  }
  const ok = !items.some((r) => r.outcome === 'failed' || r.outcome === 'declined');
  return {
    schemaVersion: 1,
    checklist: o.ref,
    title: list.title,
    env: o.env,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(deps.now()).toISOString(),
    dryRun: o.dryRun,
    partial: o.signal.aborted,
    ok,
    items,
  };
}

const MARK: Record<Outcome, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  confirmed: 'DONE',
  declined: 'NO  ',
  unverified: '??  ',
  'not-run': '--  ',
  interrupted: 'STOP',
  'not-applicable': 'n/a ',
};

/** One line per item as it finishes. */
export function formatItem(r: ItemResult): string {
  return `${MARK[r.outcome]} ${r.text}${r.kind === 'bound' ? ` [${r.check}]` : ' [manual]'}${r.detail ? ` — ${r.detail}` : ''}`;
}

/** The closing summary: counts, the unverified manual items, and where the record is. */
export function formatSummary(rec: RunRecord, recordPath?: string): string {
  const count = (o: Outcome) => rec.items.filter((r) => r.outcome === o).length;
  const lines = [
    '',
    `${rec.title} (${rec.checklist}) on ${rec.env}: ${rec.dryRun ? 'dry run, nothing executed' : rec.partial ? 'INTERRUPTED' : rec.ok ? 'OK' : 'FAILED'}`,
    `  bound: ${count('passed')} passed, ${count('failed')} failed${count('interrupted') ? `, ${count('interrupted')} interrupted` : ''}${count('not-applicable') ? `, ${count('not-applicable')} not applicable to ${rec.env}` : ''}; manual: ${count('confirmed')} confirmed, ${count('declined')} declined, ${count('unverified')} unverified`,
  ];
  const unverified = rec.items.filter((r) => r.outcome === 'unverified');
  if (unverified.length)
    lines.push('  Unverified (check these by hand):', ...unverified.map((r) => `    - ${r.text}`));
  if (recordPath) lines.push(`  Record: ${recordPath}`);
  return lines.join('\n');
}
