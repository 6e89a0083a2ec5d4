// The onboarding page, run as a new engineer runs it: `npm start` (site and sandbox), then
// every `::run` block of docs/onboarding.mdx in the page's order, each held to the exit code
// the page states. A block that keeps running ({background="…"}) is started, waited for
// until it prints its text, and held to its exit code once the blocks after it have run.
//
// What differs from a reader's machine, and why: the ports are free ones (a handbook may
// already run on 3000/8001), the sandbox runs at time scale 20 (the page's minute-long load
// test stays a minute; the generate calls take a second instead of twenty), and the state
// and publish directories are temp dirs, so nothing lands in the repository. Because the load
// test's minute is not scaled, it makes about twenty times the generate calls a reader's
// minute makes (about 20 at time scale 1, measured: the sandbox then reads 227 MB). Each
// call's memory growth is divided by the time scale, so the memory the page's commands reach
// is the reader's, not twenty minutes' worth (the sandbox was OOM-killed at 512 MB mid-run).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, ROOT, runRunbook, signalGroup, waitUntil } from '../helpers/run';
import { startZx, type RunningZx } from '../helpers/zx';
import { configFileWith } from '../helpers/config';
import { freePort } from '../../runbooks/lib/benchmark/cold-start';
import { loadConfig } from '../../runbooks/lib/config/load';
import { registry } from '../../runbooks/lib/registry/index';
import { parseRunBlocks } from '../../runbooks/lib/pages/page';
import { invocationArgv } from '../../runbooks/lib/pages/command';
import type { RunBlock } from '../../runbooks/lib/pages/run-block';

const PAGE = join(ROOT, 'docs', 'onboarding.mdx');
const STEP_TIMEOUT_MS = 4 * 60_000;
const TIME_SCALE = 20;

/** `npm start` in its own process group, its output kept. */
function npmStart(
  args: string[],
  env: NodeJS.ProcessEnv,
): { pid: number; output: () => string; exited: Promise<number | null> } {
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  return { pid: child.pid!, output: () => out, exited };
}

/** The promise's value, or `fallback` after `ms` (the timer is cleared either way, so nothing keeps the test alive). */
async function within<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((r) => (timer = setTimeout(() => r(fallback), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

const answers = async (url: string): Promise<boolean> => {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await r.arrayBuffer();
    return r.ok;
  } catch {
    return false;
  }
};

const label = (b: RunBlock) =>
  `"${b.caption ?? b.invocation.meta.id}" (npx ${invocationArgv(b.invocation, b.invocation.meta.targeted ? b.env : undefined).join(' ')})`;

test(
  'the onboarding page, run in its order against a fresh npm start: every command exits as the page says',
  { timeout: 15 * 60_000 },
  async () => {
    const [sandboxPort, sitePort] = [await freePort(), await freePort()];
    const base = await loadConfig();
    const configFile = configFileWith({
      environments: { local: { url: `http://127.0.0.1:${sandboxPort}` } },
      sandbox: {
        memory: {
          perCallMb: { realistic: base.sandbox.memory.perCallMb.realistic / TIME_SCALE },
        },
      },
    });
    const env = cleanEnv({
      RUNBOOKS_CONFIG: configFile,
      RUNBOOKS_STATE_DIR: mkdtempSync(join(tmpdir(), 'rb-onboarding-state-')),
      RUNBOOKS_PUBLISH_DIR: mkdtempSync(join(tmpdir(), 'rb-onboarding-publish-')),
      HANDBOOK_PORT: String(sitePort),
      RUNBOOKS_OPERATOR: 'new-engineer',
    });
    const config = await loadConfig(configFile);
    const blocks = parseRunBlocks(
      readFileSync(PAGE, 'utf8'),
      { config, registry, defaultEnv: 'local' },
      'docs/onboarding.mdx',
    );
    assert.ok(blocks.length >= 8, 'the page has its commands');
    for (const b of blocks)
      assert.ok(b.expectExit, `${label(b)} says which exit code to expect ({exit="…"})`);

    const started = npmStart(['--time-scale', String(TIME_SCALE)], env);
    const background: { block: RunBlock; proc: RunningZx }[] = [];
    try {
      await waitUntil(
        'the sandbox of npm start answering',
        () => answers(`http://127.0.0.1:${sandboxPort}/`),
        90_000,
        started.output,
      );

      for (const b of blocks) {
        const args = invocationArgv(b.invocation, b.invocation.meta.targeted ? b.env : undefined).slice(2); // after ["zx", "runbooks/<id>.ts"]
        if (b.background) {
          const proc = startZx(b.invocation.meta.id, args, env, STEP_TIMEOUT_MS, true);
          background.push({ block: b, proc });
          await waitUntil(
            `${label(b)} printing "${b.background}"`,
            () => proc.output().includes(b.background!),
            60_000,
            proc.output,
          );
          continue;
        }
        const r = await runRunbook(b.invocation.meta.id, args, {
          env,
          timeoutMs: STEP_TIMEOUT_MS,
          npx: true,
        });
        assert.equal(
          r.code,
          b.expectExit!.code,
          `${label(b)} exited ${r.code}; the page says ${b.expectExit!.code} (${b.expectExit!.meaning}):\n${(r.stdout + r.stderr).slice(-4000)}`,
        );
      }
      for (const { block, proc } of background) {
        const code = await within(
          proc.done.then((r) => r.code),
          60_000,
          'still running',
        );
        assert.equal(
          code,
          block.expectExit!.code,
          `${label(block)} ended ${code}; the page says ${block.expectExit!.code}:\n${proc.output().slice(-4000)}`,
        );
      }

      // What the page promises besides exit codes: the published load report, and the site.
      const published = join(env.RUNBOOKS_PUBLISH_DIR!, 'load');
      assert.ok(
        existsSync(published) && readdirSync(published).some((f) => f.endsWith('-local.json')),
        '--publish wrote the load report where the site reads it',
      );
      await waitUntil(
        'the site of npm start answering',
        () => answers(`http://127.0.0.1:${sitePort}/docs/onboarding`),
        180_000,
        started.output,
      );
    } finally {
      for (const { proc } of background) proc.signal('SIGKILL');
      signalGroup(started.pid, 'SIGTERM');
      const stopped = await within(
        started.exited.then(() => true),
        20_000,
        false,
      );
      if (!stopped) signalGroup(started.pid, 'SIGKILL');
    }
  },
);
