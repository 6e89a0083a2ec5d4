// Against the sandbox as a real process (sandbox.ts, announced in the state directory):
// healthy → 0, with the sandbox's development key used because the target is the
// sandbox; openai-outage → health degraded naming openai, smoke 1 naming the fallback
// plan; openai-key-revoked → health 1; crash → 3; monitor with a memory leak fails on memory.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runRunbook, cleanEnv, ROOT } from '../helpers/run';
import { spawnSandbox, type SandboxProcess } from '../helpers/sandbox-process';
import { configFileWith } from '../helpers/config';

const running: SandboxProcess[] = [];
after(() => Promise.all(running.map((s) => s.stop())));
async function sandbox(faults: string[] = [], env: Record<string, string> = {}): Promise<SandboxProcess> {
  const s = await spawnSandbox(['--profile', 'fast', ...faults.flatMap((f) => ['--fault', f])], env);
  running.push(s);
  return s;
}

test('healthy sandbox: health exits 0 and flags the sandbox; smoke exits 0 with no key set (the target is the sandbox)', async () => {
  const sb = await sandbox();
  const [h, s] = await Promise.all([
    runRunbook('health', ['--url', sb.url], { timeoutMs: 30_000 }),
    runRunbook('smoke', ['--url', sb.url], { timeoutMs: 60_000 }),
  ]);
  assert.equal(h.code, 0, h.stdout + h.stderr);
  assert.match(h.stdout, /SANDBOX — not the real service\]: HEALTHY/);
  assert.equal(s.code, 0, s.stdout + s.stderr);
  assert.match(s.stdout, /PASSED/);
});

test('openai-outage: health degraded naming openai (exit 0; 1 with --strict); smoke exits 1 naming the fallback plan', async () => {
  const sb = await sandbox(['openai-outage']);
  const [h, strict, s] = await Promise.all([
    runRunbook('health', ['--url', sb.url], { timeoutMs: 30_000 }),
    runRunbook('health', ['--url', sb.url, '--strict'], { timeoutMs: 30_000 }),
    runRunbook('smoke', ['--url', sb.url], { timeoutMs: 60_000 }),
  ]);
  assert.equal(h.code, 0, h.stdout + h.stderr);
  assert.match(h.stdout, /DEGRADED[\s\S]*! openai: OpenAI error: Connection error\./);
  assert.equal(strict.code, 1);
  assert.equal(s.code, 1, s.stdout + s.stderr);
  assert.match(s.stdout, /✗ routine: fallback plan: model_used is "gpt-4o - fallback"/);
  assert.match(s.stdout, /✗ nutrition: fallback plan/);
});

test('openai-key-revoked: health exits 1 naming openai as critical', async () => {
  const sb = await sandbox(['openai-key-revoked']);
  const h = await runRunbook('health', ['--url', sb.url], { timeoutMs: 30_000 });
  assert.equal(h.code, 1, h.stdout + h.stderr);
  assert.match(h.stdout, /CRITICAL[\s\S]*✗ openai: OpenAI authentication failed/);
});

test('crash: once the sandbox process has exited, health exits 3', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx/esm',
      'node_modules/zx/build/cli.js',
      'runbooks/sandbox.ts',
      '--port',
      '0',
      '--fault',
      'crash:1s',
    ],
    { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  let out = '';
  const url = await new Promise<string>((res, rej) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) res(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', () => rej(new Error(`sandbox exited before listening:\n${out}`)));
  });
  const exitCode = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
  clearTimeout(killer);
  assert.equal(exitCode, 1, 'the crash fault exits the process');
  const h = await runRunbook('health', ['--url', url, '--retries', '1'], { timeoutMs: 30_000 });
  assert.equal(h.code, 3, h.stdout + h.stderr);
  assert.match(h.stdout + h.stderr, /error \[RB_REFUSED\]: GET http:\/\/127\.0\.0\.1:\d+\/ was refused/);
});

test('memory-leak: monitor fails on the memory threshold, showing the breaching samples', async () => {
  // An instance that starts just under the alert and leaks slowly: above 450 MB from about 2 s
  // in, for about 12 s before the platform kills it at 512 MB (a fast leak is killed before
  // three samples in a row can see it).
  const sb = await sandbox(['memory-leak:5'], {
    RUNBOOKS_CONFIG: configFileWith({ sandbox: { memory: { startMb: 440 } } }),
  });
  const r = await runRunbook(
    'monitor',
    ['--url', sb.url, '--duration', '40s', '--interval', '1s', '--health-interval', '1s', '--no-synthetic'],
    { timeoutMs: 60_000 },
  );
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAILED — memory above 450 MB in 3 consecutive samples/);
  assert.match(r.stdout, /Samples that breached:\n\s+#\d+ .*memory \(app\) \d+(\.\d)? MB ✗/);
});
