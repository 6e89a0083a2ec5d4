import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Env for child runbooks: the caller's, minus anything that would leak in from the host. */
export function cleanEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(HOLISTICOS_|RENDER_|SLACK_|OPENAI_|SUPABASE_|REDIS_URL|RUNBOOKS_CONFIG)/.test(k)) continue;
    env[k] = v;
  }
  env.NO_COLOR = '1';
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/**
 * Runs `npx zx runbooks/<id>.ts …` as a real process from the repository root, exactly as
 * an operator would, and collects its output. Killed after `timeoutMs` so no test hangs.
 */
export function runRunbook(id: string, args: string[], opts: { env?: Record<string, string | undefined>; timeoutMs?: number; onSpawn?: (pid: number) => void } = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('npx', ['zx', `runbooks/${id}.ts`, ...args], { cwd: ROOT, env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    if (child.pid && opts.onSpawn) opts.onSpawn(child.pid);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}
