// Only what parsing flags and printing --help need is imported up front: every runbook
// (and every test that spawns one) pays for its imports before its first flag is read. The
// config loader, the ledger and the run context come after --help (see `runScript`), and
// each shell imports its own library inside `main`.
import type { ScriptMeta } from '../registry/types';
import { Redactor } from '../secrets/mask';
import { RunbookError, isRunbookError } from '../errors';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { parseFlags } from './flags';
import { formatHelp } from './help';
import { createOutput } from './output';
import type { ScriptContext } from './context';

export type { ScriptContext };

/** Secret names known before the config loads, so even a config error cannot leak one. */
const BUILTIN_SECRETS = [
  'HOLISTICOS_API_KEY',
  'RENDER_API_KEY',
  'RENDER_DEPLOY_HOOK_URL',
  'SLACK_WEBHOOK_URL',
  'OPENAI_API_KEY',
  'SUPABASE_KEY',
  'SUPABASE_SERVICE_KEY',
  'REDIS_URL',
];

/**
 * The script's own arguments. Under `npx zx runbooks/x.ts …` argv is [node, zx, runbooks/x.ts, …];
 * under `node --import tsx runbooks/x.ts …` it is [node, runbooks/x.ts, …].
 */
export function scriptArgs(argv: readonly string[], id: string): string[] {
  const i = argv.findIndex((a, n) => n >= 1 && n <= 2 && new RegExp(`(^|[\\/])${id}\\.[cm]?[tj]s$`).test(a));
  return argv.slice(i >= 0 ? i + 1 : 2);
}

/** One paragraph: what went wrong, then what to do. No stack trace for expected failures. */
export function formatError(e: RunbookError): string {
  return `error [${e.code}]: ${e.message}${e.hint ? ` ${e.hint}` : ''}`;
}

/**
 * The thin shell every runbook script runs in (zx's cli.ts is the model): parse flags,
 * print --help, load the config, run `main`, and turn its result or error into an exit
 * code. cli/ is where the toolkit writes (through Output, every byte redacted) and exits;
 * the rest of the library never prints and never exits.
 */
export async function runScript<M extends ScriptMeta>(
  meta: M,
  main: (ctx: ScriptContext<M>) => Promise<ExitCode | void>,
): Promise<void> {
  const env = process.env;
  let out = createOutput(Redactor.fromEnv(BUILTIN_SECRETS, env), process.argv.includes('--json'));
  const controller = new AbortController();
  let interrupts = 0;
  const onSigint = () => {
    interrupts++;
    if (interrupts === 1) {
      out.error(
        'Interrupted: stopping gracefully; what was measured so far is kept (Ctrl-C again to quit at once).',
      );
      controller.abort();
    } else {
      process.exit(EXIT.INTERRUPTED); // a second Ctrl-C quits at once
    }
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);

  const startedAt = new Date().toISOString();
  let ran: { env: string; url: string | undefined } | undefined;
  try {
    const { flags, positionals } = parseFlags(meta, scriptArgs(process.argv, meta.id));
    if (flags.help) {
      process.stdout.write(formatHelp(meta));
      process.exitCode = EXIT.OK;
      return;
    }
    const [{ loadConfig }, { secretNames }, { createContext }] = await Promise.all([
      import('../config/load'),
      import('../target/resolve'),
      import('./context'),
    ]);
    ran = { env: flags.env, url: flags.url };
    await recordCommand(meta.id, ran, startedAt, out.redactor, env, 'start');
    const config = await loadConfig();
    out = createOutput(
      Redactor.fromEnv(new Set([...BUILTIN_SECRETS, ...secretNames(config)]), env),
      flags.json,
    );
    const ctx = createContext({ meta, flags, positionals, config, out, signal: controller.signal, env });
    const code = await main(ctx);
    process.exitCode = code ?? (controller.signal.aborted ? EXIT.INTERRUPTED : EXIT.OK);
  } catch (e) {
    if (isRunbookError(e)) {
      if (out.json && !out.resultWritten)
        out.result({ ok: false, error: { code: e.code, message: e.message, hint: e.hint ?? null } });
      out.error(formatError(e));
      process.exitCode = e.exitCode;
    } else {
      const err = e as Error;
      out.error(
        `error [RB_INTERNAL]: ${err?.message ?? String(e)}. This is a bug in the runbook; rerun with RUNBOOKS_DEBUG=1 for the stack and report it.`,
      );
      if (env.RUNBOOKS_DEBUG) out.error(String(err?.stack));
      process.exitCode = EXIT.FAILED;
    }
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    if (ran) await recordCommand(meta.id, ran, startedAt, out.redactor, env);
  }
}

/**
 * Every handbook command that ran goes in the ledger (redacted argv, environment, exit
 * code, when): an incident's review lists what ran during it, and a drill sees when the
 * responder first ran the diagnosis. Best effort: a ledger that cannot be written never
 * changes the command's own outcome.
 */
async function recordCommand(
  script: string,
  ran: { env: string; url: string | undefined },
  startedAt: string,
  redactor: Redactor,
  env: NodeJS.ProcessEnv,
  phase: 'start' | 'end' = 'end',
): Promise<void> {
  try {
    const [{ stateDir }, { openLedger, operator }] = await Promise.all([
      import('../config/load'),
      import('../ledger/index'),
    ]);
    openLedger(stateDir(env), (l) => redactor.redact(l)).append({
      // A start record too, so a long command (a ten-minute monitor) is seen while it runs.
      kind: phase === 'start' ? 'command-start' : 'command',
      script,
      args: scriptArgs(process.argv, script),
      env: ran.env ?? 'local',
      url: ran.url ?? null,
      ...(phase === 'end' ? { exitCode: typeof process.exitCode === 'number' ? process.exitCode : 0 } : {}),
      startedAt,
      operator: operator(env),
      pid: process.pid,
    });
  } catch {
    // The state directory is not writable: the command's result stands.
  }
}

export { RunbookError };
