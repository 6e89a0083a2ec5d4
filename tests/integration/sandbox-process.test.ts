// The sandbox as a real process: the listening line, SIGTERM (graceful, exit 0), the
// crash fault (non-zero exit), usage errors (exit 2), a key from the environment never
// printed; and slow clients cut off by the header/body timeouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { runRunbook, cleanEnv, ROOT } from '../helpers/run';
import { startTestSandbox, SANDBOX_KEY } from '../helpers/sandbox';

const LISTENING = /sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/;

test('crash fault: the process exits non-zero after printing where it listened', async () => {
  const r = await runRunbook('sandbox', ['--port', '0', '--profile', 'fast', '--fault', 'crash:300ms'], {
    timeoutMs: 30_000,
  });
  assert.match(r.stdout, LISTENING);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /crash fault fired/);
});

test('an unknown fault or a bad time scale is a usage error (exit 2), no stack trace', async () => {
  const r = await runRunbook('sandbox', ['--port', '0', '--fault', 'meteor-strike'], { timeoutMs: 30_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown fault "meteor-strike"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  const t = await runRunbook('sandbox', ['--port', '0', '--time-scale', '0'], { timeoutMs: 30_000 });
  assert.equal(t.code, 2);
});

test('SIGTERM: graceful shutdown, exit 0; the key from the environment works and is never printed', async () => {
  // node directly, not npx: npx does not forward SIGTERM to the script.
  const zx = join(
    dirname(createRequire(join(ROOT, 'package.json')).resolve('zx/package.json')),
    'build',
    'cli.js',
  );
  const secret = 'env-key-that-must-not-print-7d1f';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx/esm', zx, 'runbooks/sandbox.ts', '--port', '0', '--profile', 'fast'],
    { cwd: ROOT, env: cleanEnv({ HOLISTICOS_API_KEY: secret }), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d;
        const m = LISTENING.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('close', () => reject(new Error(`exited early: ${err}`)));
    });
    const ok = await fetch(`${url}/api/user/p1/routine/generate`, {
      method: 'POST',
      headers: { 'x-api-key': secret, 'content-type': 'application/json' },
      body: '{}',
    });
    assert.equal(ok.status, 200);
    const dflt = await fetch(`${url}/api/user/p2/routine/generate`, {
      method: 'POST',
      headers: { 'x-api-key': SANDBOX_KEY },
      body: '{}',
    });
    assert.equal(dflt.status, 401, 'the env key replaces the default');
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
    assert.ok(!out.includes(secret) && !err.includes(secret), 'the key was printed');
    assert.match(out, /admin token: \S+/);
    assert.match(err, /sandbox stopped/);
  } finally {
    clearTimeout(kill);
    child.kill('SIGKILL');
  }
});

test('slow clients: stalled headers and stalled bodies are cut off; the sandbox keeps serving', async () => {
  const sb = await startTestSandbox({ headersTimeoutMs: 300, requestTimeoutMs: 600 });
  try {
    const stalled = (payload: string) =>
      new Promise<string>((resolve) => {
        const s = connect(sb.port, '127.0.0.1', () => s.write(payload));
        let got = '';
        s.on('data', (d) => (got += d));
        s.on('close', () => resolve(got));
        setTimeout(() => s.destroy(), 10_000);
      });
    const [h, b] = await Promise.all([
      stalled('GET / HTTP/1.1\r\nHost: x\r\n'),
      stalled(
        'POST /api/user/s/nutrition/generate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"arch',
      ),
    ]);
    assert.match(h, /^HTTP\/1\.1 408/);
    assert.match(b, /^HTTP\/1\.1 408/);
    assert.equal((await fetch(`${sb.url}/`)).status, 200);
  } finally {
    await sb.close();
  }
});
