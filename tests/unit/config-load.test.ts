import { test, after } from 'node:test';
import { rm } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, REPO_ROOT } from '../../runbooks/lib/config/load';
import { resolveTarget, isLoopbackHost } from '../../runbooks/lib/target/resolve';
import { RunbookError } from '../../runbooks/lib/errors';
import { localSandboxPort } from '../../runbooks/lib/config/local';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function tempConfig(edit: (src: string) => string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'rb-config-'));
  dirs.push(dir);
  const src = await readFile(join(REPO_ROOT, 'runbooks.config.ts'), 'utf8');
  const p = join(dir, 'runbooks.config.ts');
  await writeFile(
    p,
    edit(src).replace("'./runbooks/lib/config/schema'", `'${join(REPO_ROOT, 'runbooks/lib/config/schema')}'`),
  );
  return p;
}

test('the repository config loads and carries the brief’s numbers', async () => {
  const c = await loadConfig();
  assert.equal(c.slo.p95Ms, 5000);
  assert.equal(c.slo.errorRatePct, 1);
  assert.equal(c.slo.successRatePct, 95);
  assert.equal(c.slo.concurrentUsers, 15);
  assert.equal(c.slo.uptimePct, 99.5);
  assert.equal(c.slo.costPerUserPerDayUsd, 0.1);
  assert.equal(c.alerts.responseTimeMs, 10_000);
  assert.equal(c.alerts.errorRatePct, 5);
  assert.equal(c.alerts.memoryMb, 450);
  assert.equal(c.alerts.memoryTargetMb, 400);
  assert.equal(c.alerts.dailyCostUsd, 50);
  assert.ok(c.timeouts.health >= 10_000);
  assert.equal(c.timeouts.generate, 300_000);
  assert.equal(c.journey.archetypes.length, 6);
  assert.deepEqual(
    c.journey.steps.map((s) => s.id),
    ['health', 'routine', 'nutrition', 'insights'],
  );
  assert.equal(c.environments.local.url, 'http://127.0.0.1:8001');
});

test('an invalid config fails with one message naming the field and the expected value', async () => {
  const p = await tempConfig((s) => s.replace('memoryMb: 450', "memoryMb: 'lots'"));
  await assert.rejects(loadConfig(p), (e: unknown) => {
    assert.ok(e instanceof RunbookError);
    assert.equal(e.code, 'RB_CONFIG');
    assert.equal(e.exitCode, 2);
    assert.match(e.message, /config field "alerts\.memoryMb" should be a number, got "lots"/);
    return true;
  });
  const p2 = await tempConfig((s) => s.replace('health: 15_000', 'health: 2_000'));
  await assert.rejects(loadConfig(p2), /timeouts\.health" should be at least 10000/);
  const p3 = await tempConfig((s) => s.replace(/'Connected Explorer',?/, ''));
  await assert.rejects(loadConfig(p3), /journey\.archetypes" should be exactly the six archetypes/);
});

test('the local environment is the sandbox: loopback http with a port, which sandbox.ts and drill.ts listen on and reach', async () => {
  assert.equal(localSandboxPort(await loadConfig()), 8001);
  const moved = await tempConfig((s) =>
    s.replace("url: 'http://127.0.0.1:8001'", "url: 'http://127.0.0.1:18123'"),
  );
  assert.equal(localSandboxPort(await loadConfig(moved)), 18123);
  for (const bad of ['https://holisticos.onrender.com', 'http://10.0.0.5:8001', 'http://127.0.0.1']) {
    const p = await tempConfig((s) => s.replace("url: 'http://127.0.0.1:8001'", `url: '${bad}'`));
    await assert.rejects(
      loadConfig(p),
      /environments\.local\.url" should be the sandbox's URL: plain http on loopback with an explicit port/,
      bad,
    );
  }
});

test('targets resolve from --env and --url, and missing URLs say which variable to set', async () => {
  const c = await loadConfig();
  const local = resolveTarget(c, { env: 'local' }, {});
  assert.equal(local.baseUrl, 'http://127.0.0.1:8001');
  assert.equal(local.loopback, true);
  assert.equal(local.apiKey, undefined, 'no key until one is resolved for the run (target/api-key.ts)');
  assert.throws(() => resolveTarget(c, { env: 'staging' }, {}), /HOLISTICOS_STAGING_URL, which is not set/);
  const prod = resolveTarget(
    c,
    { env: 'production' },
    { HOLISTICOS_PRODUCTION_URL: 'https://x.onrender.com/', HOLISTICOS_API_KEY: 'k-123456' },
  );
  assert.equal(prod.baseUrl, 'https://x.onrender.com');
  assert.equal(prod.protected, true);
  assert.equal(prod.loopback, false);
  assert.ok(isLoopbackHost('[::1]') && isLoopbackHost('127.3.2.1') && !isLoopbackHost('10.0.0.1'));
});

test('the API key: the variable; the development key only for a running sandbox; otherwise a usage error', async () => {
  const c = await loadConfig();
  const { resolveApiKey } = await import('../../runbooks/lib/target/api-key');
  const { registerSandbox } = await import('../../runbooks/lib/state/sandboxes');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'rb-key-'));
  assert.deepEqual(
    resolveApiKey(c, 'http://127.0.0.1:8001', { HOLISTICOS_API_KEY: 'from-env-123' }, dir, 'x'),
    { value: 'from-env-123', source: 'env' },
  );
  assert.throws(
    () => resolveApiKey(c, 'http://127.0.0.1:8001', {}, dir, 'the journey'),
    (e: Error & { code?: string }) =>
      e.code === 'RB_ENV' &&
      /HOLISTICOS_API_KEY is not set, and http:\/\/127\.0\.0\.1:8001 is not a running sandbox/.test(
        e.message,
      ),
  );
  const off = registerSandbox(dir, {
    pid: process.pid,
    port: 8001,
    url: 'http://127.0.0.1:8001',
    keyFrom: 'dev',
    adminToken: 't',
    startedAt: '',
  });
  assert.deepEqual(resolveApiKey(c, 'http://localhost:8001', {}, dir, 'x'), {
    value: c.sandbox.devApiKey,
    source: 'sandbox',
  });
  assert.throws(
    () => resolveApiKey(c, 'http://127.0.0.1:8002', {}, dir, 'x'),
    /is not a running sandbox/,
    'another port is not that sandbox',
  );
  off();
  registerSandbox(dir, {
    pid: 2 ** 22 + 12345,
    port: 8001,
    url: 'http://127.0.0.1:8001',
    keyFrom: 'dev',
    adminToken: 't',
    startedAt: '',
  });
  assert.throws(
    () => resolveApiKey(c, 'http://127.0.0.1:8001', {}, dir, 'x'),
    /is not a running sandbox/,
    'a record whose process is gone is stale',
  );
});
