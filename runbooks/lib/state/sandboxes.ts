/**
 * Running sandboxes announce themselves in the state directory: `sandboxes/<port>.json`
 * holds the process id, the URL, where its API key came from and its admin token. This is
 * how a script knows, before it sends anything, that a target is the sandbox (and may get
 * the sandbox's development key) and how `sandbox.ts fault …` reaches the sandbox that
 * `npm start` runs. A record whose process is gone is stale and ignored.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isLoopbackHost } from '../http/url';

export interface SandboxRecord {
  pid: number;
  port: number;
  url: string;
  /** `env`: it accepts the value of the API-key variable (not recorded); `dev`: the config's development key. */
  keyFrom: 'env' | 'dev';
  /** The token of its admin endpoint (POST /__sandbox/faults); loopback only, file mode 0600. */
  adminToken: string;
  startedAt: string;
}

const dirOf = (stateDir: string) => join(stateDir, 'sandboxes');
const fileOf = (stateDir: string, port: number) => join(dirOf(stateDir), `${port}.json`);

/** Whether a process with this id is alive (EPERM: alive, someone else's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes the record; returns a function that removes it (only if it is still this process's). */
export function registerSandbox(stateDir: string, rec: SandboxRecord): () => void {
  mkdirSync(dirOf(stateDir), { recursive: true });
  const file = fileOf(stateDir, rec.port);
  writeFileSync(file, JSON.stringify(rec, null, 2) + '\n', { mode: 0o600 });
  return () => {
    const now = readRecord(file);
    if (now?.pid === rec.pid) rmSync(file, { force: true });
  };
}

function readRecord(file: string): SandboxRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as SandboxRecord;
    return typeof r.pid === 'number' && typeof r.port === 'number' && typeof r.url === 'string'
      ? r
      : undefined;
  } catch {
    return undefined;
  }
}

/** Every live sandbox on this machine (stale records are skipped). */
export function liveSandboxes(stateDir: string): SandboxRecord[] {
  const dir = dirOf(stateDir);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => /^\d+\.json$/.test(n))
    .map((n) => readRecord(join(dir, n)))
    .filter((r): r is SandboxRecord => r !== undefined && processAlive(r.pid));
}

/** The live sandbox serving `baseUrl`, if any: a loopback host on a registered port. */
export function sandboxAt(stateDir: string, baseUrl: string): SandboxRecord | undefined {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return undefined;
  }
  if (!isLoopbackHost(u.hostname)) return undefined;
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  return liveSandboxes(stateDir).find((r) => r.port === port);
}
