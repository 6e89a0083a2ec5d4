/**
 * Runbooks as real processes in their own process group, by `runbookArgv`'s command line
 * (node with the tsx loader, or with `npx` exactly what an operator types), cheaper per start
 * than npx, which matters when a test plays a responder running a dozen commands.
 * `startZx` streams the output so a test can act on a line (a drill's alert) while it runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cleanEnv, ROOT, runbookArgv, runRunbook, signalGroup, type RunResult } from './run';

export interface RunningZx {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `re` in the output; rejects after `timeoutMs` or when the process ends first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  done: Promise<RunResult>;
  signal(sig: NodeJS.Signals): void;
}

/** Starts a runbook (with `npx`: exactly as an operator types it) and streams its output. */
export function startZx(
  id: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 120_000,
  npx = false,
): RunningZx {
  const argv = runbookArgv(id, args, npx);
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const poke = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (d) => ((stdout += d), poke()));
  child.stderr!.on('data', (d) => ((stderr += d), poke()));
  const timer = setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), timeoutMs);
  const done = new Promise<RunResult>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
      poke();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  let ended = false;
  void done.then(() => (ended = true));
  return {
    child,
    output: () => stdout + stderr,
    done,
    signal: (sig) => child.pid && signalGroup(child.pid, sig),
    waitFor(re, ms = 60_000) {
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => (
            waiters.delete(check),
            reject(new Error(`no ${re} within ${ms} ms in:\n${stdout}${stderr}`))
          ),
          ms,
        );
        const check = () => {
          const m = re.exec(stdout + stderr);
          if (m) return (waiters.delete(check), clearTimeout(t), resolve(m));
          if (ended)
            return (
              waiters.delete(check),
              clearTimeout(t),
              reject(new Error(`the process ended before ${re}:\n${stdout}${stderr}`))
            );
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** Runs a runbook to its end: runRunbook, with the environment and timeout as arguments. */
export function runZx(
  id: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 60_000,
): Promise<RunResult> {
  return runRunbook(id, args, { env, timeoutMs });
}
