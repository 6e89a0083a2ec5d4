import type { ScriptMeta } from '../registry/types';
import { validateInvocation, renderCommand, invocationArgv, type Invocation } from './command';
import { parseDuration } from '../units';
import { usageError } from '../errors';
import type { Binding } from './checklist';
import { ENVIRONMENT_NAMES, isEnvironmentName } from '../config/environments';

/**
 * What a checklist item's `:check[…]` runs. Registry scripts run as `npx zx runbooks/<id>.ts`
 * with the checklist's environment; a few checks are not scripts of ours (the handbook's own
 * tests) or need no process at all (is there a fresh load report?).
 */
export type ResolvedCheck =
  | { kind: 'script'; check: string; invocation: Invocation }
  /** `hermetic`: run with the shipped config, whatever RUNBOOKS_CONFIG the operator set (the handbook's own tests assert the shipped numbers). */
  | { kind: 'command'; check: string; argv: string[]; display: string; hermetic: boolean }
  /** `env`: whose reports count (--env), when not the checklist's own environment. */
  | { kind: 'builtin'; check: 'load-report-fresh'; maxAgeMs: number; env?: string; display: string };

/** Checks that are not registry scripts, with what they do (shown on the reference page). */
export const BUILTIN_CHECKS: Record<string, string> = {
  tests:
    'the handbook’s unit tests pass (`npm test -- unit`, run with the shipped config whatever RUNBOOKS_CONFIG is set): the runbooks you are about to rely on work',
  typecheck: 'the handbook type-checks (`npm run typecheck`)',
  'load-report-fresh':
    'a load report of a run you made against this environment (or the one --env names) (under .runbooks/reports/load/, where every run keeps its report; the examples committed under static/reports are not yours) is younger than --max-age (default 168h, a week), is complete, and met its SLOs',
};

const DEFAULT_REPORT_AGE = '168h';

/** Resolves a binding against the registry; throws RB_USAGE naming what is wrong. */
export function resolveCheck(bind: Binding, registry: readonly ScriptMeta[]): ResolvedCheck {
  const meta = registry.find((m) => m.id === bind.check);
  if (meta) {
    if (!meta.targeted)
      throw usageError(
        `:check[${bind.check}] binds a script that takes no environment; a check must probe a target.`,
      );
    return {
      kind: 'script',
      check: bind.check,
      invocation: validateInvocation(meta, bind.args ?? [], bind.flags),
    };
  }
  switch (bind.check) {
    case 'tests':
    case 'typecheck': {
      if (bind.flags.length) throw usageError(`:check[${bind.check}] takes no flags.`);
      const argv = bind.check === 'tests' ? ['npm', 'test', '--', 'unit'] : ['npm', 'run', 'typecheck'];
      return {
        kind: 'command',
        check: bind.check,
        argv,
        display: argv.join(' '),
        hermetic: bind.check === 'tests',
      };
    }
    case 'load-report-fresh': {
      let age = DEFAULT_REPORT_AGE;
      let env: string | undefined;
      for (let i = 0; i < bind.flags.length; i++) {
        const t = bind.flags[i]!;
        if (t === '--max-age') age = bind.flags[++i] ?? '';
        else if (t.startsWith('--max-age=')) age = t.slice(10);
        else if (t === '--env') env = bind.flags[++i] ?? '';
        else if (t.startsWith('--env=')) env = t.slice(6);
        else
          throw usageError(
            `:check[load-report-fresh] takes only --max-age <duration> and --env <name>; got "${t}".`,
          );
      }
      const ms = parseDuration(age);
      if (!ms)
        throw usageError(
          `:check[load-report-fresh] --max-age "${age}" is not a duration (use h for days: 168h is a week).`,
        );
      if (env !== undefined && !isEnvironmentName(env))
        throw usageError(
          `:check[load-report-fresh] --env "${env}" is not an environment (${ENVIRONMENT_NAMES.join(', ')}).`,
        );
      return {
        kind: 'builtin',
        check: 'load-report-fresh',
        maxAgeMs: ms,
        ...(env ? { env } : {}),
        display: `${env ? `${env} ` : ''}load report younger than ${age}`,
      };
    }
    default: {
      const known = [...registry.filter((m) => m.targeted).map((m) => m.id), ...Object.keys(BUILTIN_CHECKS)];
      throw usageError(`:check[${bind.check}] names no check; known checks: ${known.join(', ')}.`);
    }
  }
}

/** What the runner spawns for a check (script and command kinds); `url` overrides the environment's (--url). */
export function checkArgv(c: ResolvedCheck, env: string, url?: string): string[] | undefined {
  if (c.kind === 'script')
    return ['npx', ...invocationArgv(c.invocation, env), ...(url ? ['--url', url] : [])];
  if (c.kind === 'command') return c.argv;
  return undefined;
}

/** One line describing what verifies the item, for the terminal and the page. */
export function checkDisplay(c: ResolvedCheck, env: string, url?: string): string {
  return c.kind === 'script' ? renderCommand(c.invocation, env) + (url ? ` --url ${url}` : '') : c.display;
}
