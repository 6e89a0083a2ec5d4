/**
 * The sandbox as an operator starts it: `runbooks/sandbox.ts` as a real process (node with
 * the tsx loader, so signals reach it), on a free port, announced in the test
 * state directory like the one `npm start` runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cleanEnv, ROOT, runbookArgv } from './run';

export interface SandboxProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything it printed so far. */
  output(): string;
  /** Resolves with its exit code once it has exited. */
  exited: Promise<number | null>;
  /** SIGTERM (graceful), then SIGKILL after 10 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * A sandbox outlives no test run: it is killed after this long whatever happens. One sandbox
 * may serve a whole test file (deploy-render's takes about three minutes on a busy machine),
 * so the bound is the file's, not a single test's.
 */
const LIFETIME_MS = 10 * 60_000;

/** Starts `sandbox.ts --port 0 …args` and resolves once it listens. */
export function spawnSandbox(
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<SandboxProcess> {
  const [cmd, ...argv] = runbookArgv('sandbox', ['--port', '0', ...args]);
  const child = spawn(cmd!, argv, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  const killer = setTimeout(() => child.kill('SIGKILL'), LIFETIME_MS);
  void exited.then(() => clearTimeout(killer));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stdout.on('data', (x) => (out += x));
        resolve({
          url: m[1]!,
          port: Number(m[2]),
          child,
          output: () => out,
          exited,
          stop: () => {
            child.kill('SIGTERM');
            const hard = setTimeout(() => child.kill('SIGKILL'), 10_000);
            return exited.finally(() => clearTimeout(hard));
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    void exited.then(() => reject(new Error(`the sandbox exited before listening:\n${out}`)));
  });
}
