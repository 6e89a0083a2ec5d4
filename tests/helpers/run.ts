import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './root';

export { ROOT };

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Local state (reports, checklist records) of the runbooks a test process starts: a temp
 * dir, so tests never leave records in the repository's .runbooks/ for an operator's
 * checklist to read.
 */
export const STATE_DIR = mkdtempSync(join(tmpdir(), 'rb-state-'));

/** Env for child runbooks: the caller's, minus anything that would leak in from the host. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(HOLISTICOS_|RENDER_|SLACK_|OPENAI_|SUPABASE_|REDIS_URL|RUNBOOKS_CONFIG)/.test(k)) continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  env.RUNBOOKS_STATE_DIR = STATE_DIR;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Sends a signal to the whole process group of a runbook started by `runRunbook`, as a
 * terminal's Ctrl-C does. npx does not forward SIGTERM to the script it runs, so signalling
 * the npx pid alone would orphan the script.
 */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * The command line of a runbook. With `npx`, exactly what an operator types (`npx zx
 * runbooks/<id>.ts`; the onboarding test runs every command that way). Otherwise node runs
 * the script itself: the same program, since a runbook uses nothing of zx's but its launcher
 * (no zx import; zx's globals are undeclared, so the typecheck refuses them), without the
 * launcher's quarter second of CPU and npx's half second, paid once per process over
 * hundreds of them. Under `npm test`, RUNBOOKS_BUNDLE names the folder of the runbooks
 * compiled ahead of time (scripts/runbook-bundles.mjs, built fresh by the run), which start in
 * half the CPU of the tsx loader's; otherwise (one test file run by hand) the loader compiles
 * the sources as they are.
 */
export function runbookArgv(id: string, args: string[], npx = false): string[] {
  if (npx) return ['npx', 'zx', `runbooks/${id}.ts`, ...args];
  const bundles = process.env.RUNBOOKS_BUNDLE;
  if (bundles) {
    const file = join(bundles, `${id}.mjs`);
    if (!existsSync(file))
      throw new Error(
        `RUNBOOKS_BUNDLE=${bundles} has no ${id}.mjs: run node scripts/runbook-bundles.mjs, or unset it.`,
      );
    return [process.execPath, file, ...args];
  }
  return [process.execPath, '--import', 'tsx/esm', `runbooks/${id}.ts`, ...args];
}

/**
 * Polls `cond` every 100 ms until it holds; after `ms`, throws naming `what` and the tail of
 * `context()` (a process's output, say).
 */
export async function waitUntil(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms: number,
  context: () => string = () => '',
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end)
      throw new Error(
        `${what} did not happen within ${ms / 1000} s${context() ? `:\n${context().slice(-3000)}` : ''}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `runbooks/<id>.ts …` as a real process from the repository root and collects its
 * output. It runs in its own process group, killed whole after `timeoutMs`, so no test
 * hangs and nothing is left running. The command line is `runbookArgv`'s; `npx: true` runs
 * exactly what an operator types (the onboarding test does).
 */
export function runRunbook(
  id: string,
  args: string[],
  opts: {
    env?: Record<string, string | undefined>;
    timeoutMs?: number;
    onSpawn?: (pid: number) => void;
    npx?: boolean;
  } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const argv = runbookArgv(id, args, opts.npx);
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: ROOT,
      env: cleanEnv(opts.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), opts.timeoutMs ?? 60_000);
    if (child.pid && opts.onSpawn) opts.onSpawn(child.pid);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      // Whatever the script left behind in its group goes with it.
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}
