/**
 * A drill's own sandbox, when none runs: `runbooks/sandbox.ts --port 0` as a real process
 * (node with the tsx loader and zx's CLI, in its own process group), announced in the same
 * state directory as every sandbox, so the responder's commands find it by its URL. The
 * drill stops it at the end.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { RunbookError } from '../errors';
import { spawnService, type Spawned } from '../benchmark/cold-start';
import { liveSandboxes, type SandboxRecord } from '../state/sandboxes';

export interface OwnSandbox {
  record: SandboxRecord;
  stop(): Promise<void>;
}

export interface OwnSandboxOptions {
  profile: string;
  timeScale: number;
  repoRoot: string;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  /** How long it may take to announce itself, ms. */
  startTimeoutMs?: number;
}

/** Starts the sandbox and resolves once it has announced itself in the state directory. */
export async function startOwnSandbox(
  o: OwnSandboxOptions,
  spawn: typeof spawnService = spawnService,
): Promise<OwnSandbox> {
  const zx = join(
    dirname(createRequire(join(o.repoRoot, 'package.json')).resolve('zx/package.json')),
    'build',
    'cli.js',
  );
  const argv = [
    process.execPath,
    '--import',
    'tsx/esm',
    zx,
    'runbooks/sandbox.ts',
    '--port',
    '0',
    '--profile',
    o.profile,
    '--time-scale',
    String(o.timeScale),
  ];
  const child: Spawned = spawn(argv, { ...o.env, RUNBOOKS_STATE_DIR: o.stateDir }, o.repoRoot);
  const deadline = Date.now() + (o.startTimeoutMs ?? 30_000);
  // Bounded: the deadline, and one look every 100 ms.
  for (let i = 0; Date.now() < deadline && i < 600; i++) {
    const rec = liveSandboxes(o.stateDir).find((r) => r.pid === child.child.pid);
    if (rec) return { record: rec, stop: () => child.stop(5_000) };
    if (child.exited()) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await child.stop(1_000);
  throw new RunbookError(
    'RB_REFUSED',
    `The drill's own sandbox did not start: ${child.tail().split('\n').filter(Boolean).at(-1) ?? 'no output'}.`,
    { hint: 'Start one yourself (npm start) and run the drill again.' },
  );
}
