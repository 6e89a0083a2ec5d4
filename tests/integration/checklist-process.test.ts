import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fixtureConfigFile } from '../helpers/fixture-config';
import { startFakeService, healthyRoutes } from '../helpers/fake-service';
import { runRunbook, ROOT, STATE_DIR } from '../helpers/run';

// The runner as an operator runs it: `npx zx runbooks/checklist.ts <page>/<list>`, against a
// fixture page (--docs) and a config whose local URL is a closed port, so the env-check item
// passes and the health item fails for real (exit 3: unreachable).
const DOCS = relative(ROOT, join(ROOT, 'tests/fixtures/remark/_pages'));
const tmp = mkdtempSync(join(tmpdir(), 'checklist-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((ok) => srv.listen(0, '127.0.0.1', ok));
  const port = (srv.address() as { port: number }).port;
  await new Promise((ok) => srv.close(ok));
  return port;
}

const configFile = fixtureConfigFile({
  environments: { local: { url: `http://127.0.0.1:${await closedPort()}` } },
} as never);
const env = { RUNBOOKS_CONFIG: configFile };

test('bound items run as real processes in page order; a failed one exits 1 and the run is recorded', async () => {
  const r = await runRunbook('checklist', ['ops/drill/steps', '--env', 'local', '--docs', DOCS, '--json'], {
    env,
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 1, r.stderr);
  const rec = JSON.parse(r.stdout);
  assert.deepEqual(
    rec.items.map((i: { outcome: string }) => i.outcome),
    ['passed', 'unverified', 'failed', 'unverified'],
  );
  assert.equal(rec.items[2].exitCode, 3, 'health could not reach the closed port');
  assert.equal(rec.items[0].command, 'npx zx runbooks/env-check.ts --env local');
  assert.match(r.stderr, /\[1\/4\] The environment is complete[\s\S]*\[3\/4\] Health answers/);
  assert.match(
    r.stderr,
    /Unverified \(check these by hand\):\n\s+- Someone is watching the channel\n\s+- Memory is under 450 MB/,
  );
  const file = resolve(ROOT, rec.record);
  assert.ok(existsSync(file), 'run record written');
  assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).items.length, 4);
  assert.ok(
    rec.record.startsWith(join(STATE_DIR, 'checklists', 'ops__drill__steps')),
    `the record is under the state dir: ${rec.record}`,
  );
  rmSync(file);
});

test('a checklist of manual items only, off a terminal, exits 0 with every item unverified', async () => {
  const r = await runRunbook('checklist', ['ops/drill/only-manual', '--docs', DOCS, '--json'], {
    env,
    timeoutMs: 30_000,
  });
  assert.equal(r.code, 0, r.stderr);
  const rec = JSON.parse(r.stdout);
  assert.deepEqual(
    rec.items.map((i: { outcome: string }) => i.outcome),
    ['unverified'],
  );
  rmSync(resolve(ROOT, rec.record));
});

test('the real pre-deployment checklist parses and lists its commands (dry run)', async () => {
  const r = await runRunbook('checklist', ['deployment-runbook/pre-deploy', '--env', 'local', '--dry-run'], {
    timeoutMs: 30_000,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\$ npx zx runbooks\/env-check\.ts --env local/);
  assert.match(r.stdout, /\$ npx zx runbooks\/health\.ts --env local/);
  assert.match(r.stdout, /dry run, nothing executed/);
});

test('usage errors exit 2 with one paragraph', async () => {
  const r = await runRunbook('checklist', ['deployment-runbook/nope', '--docs', DOCS], {
    env,
    timeoutMs: 30_000,
  });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /No page "deployment-runbook"/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  const none = await runRunbook('checklist', [], { env, timeoutMs: 30_000 });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /<page-id>\/<checklist-id>/);
});

test('--url: bound items run against that URL (here a healthy service) instead of the environment’s', async () => {
  const svc = await startFakeService(healthyRoutes('k-1234567890'));
  try {
    const r = await runRunbook(
      'checklist',
      ['ops/drill/steps', '--env', 'local', '--url', svc.url, '--docs', DOCS, '--json'],
      { env, timeoutMs: 60_000 },
    );
    const rec = JSON.parse(r.stdout);
    assert.equal(rec.items[2].outcome, 'passed', r.stderr);
    assert.equal(rec.items[2].command, `npx zx runbooks/health.ts --env local --retries 0 --url ${svc.url}`);
    assert.ok(svc.hits.some((h) => h.path === '/api/health'));
    rmSync(resolve(ROOT, rec.record));
  } finally {
    await svc.close();
  }
});
