import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook } from '../helpers/run';
import { healthyRoutes, startFakeService } from '../helpers/fake-service';
import { startTestSandbox, SANDBOX_KEY as KEY } from '../helpers/sandbox';
import type { CostReport } from '../../runbooks/lib/report/cost';

const tmp = () => mkdtempSync(join(tmpdir(), 'cost-'));

test('validation against the sandbox: projection for the calls made equals what the sandbox accounted', async () => {
  const sb = await startTestSandbox();
  const dir = tmp();
  try {
    const out = join(dir, 'r.json');
    const r = await runRunbook(
      'cost',
      ['--url', sb.url, '--load-users', '2', '--duration', '2s', '--grace', '2s', '--out', out],
      { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 40_000 },
    );
    assert.equal(r.code, 0, r.stderr);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as CostReport;
    const v = rep.cost.validation!;
    assert.equal(v.source, 'sandbox-accounting');
    assert.ok(v.accountedUsd! > 0);
    assert.equal(v.errorPct, 0);
    assert.equal(v.status, 'pass');
    const routine = v.endpoints.find((e) => e.step === 'routine')!;
    assert.equal(routine.projectedUsd, Math.round(routine.callsMade * 0.02 * 1e6) / 1e6);
    assert.equal(routine.accountedCalls, routine.okCalls);
    assert.equal(rep.target.sandbox, true);
    assert.equal(rep.cost.costPerJourneyUsd, 0.04);
    assert.match(r.stdout + r.stderr, /error 0 %/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await sb.close();
  }
});

test('a target without Redis (redis_available false, $0) makes the validation inconclusive, not a pass', async () => {
  const svc = await startFakeService(healthyRoutes(KEY));
  const dir = tmp();
  try {
    const out = join(dir, 'r.json');
    const r = await runRunbook(
      'cost',
      ['--url', svc.url, '--load-users', '1', '--duration', '1s', '--grace', '1s', '--out', out],
      { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 30_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as CostReport;
    const v = rep.cost.validation!;
    assert.equal(v.source, 'rate-limits');
    assert.equal(v.status, 'inconclusive');
    assert.equal(v.redisAvailable, false);
    assert.equal(v.errorPct, null);
    assert.ok(v.projectedUsd > 0);
    assert.equal(rep.verdict.status, 'invalid');
    assert.match(rep.invalidReasons.join(), /Redis/);
    assert.ok(svc.hits.some((h) => h.path === '/api/admin/rate-limits'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await svc.close();
  }
});

test('--no-validate projects without sending anything', async () => {
  const dir = tmp();
  try {
    const out = join(dir, 'r.json');
    const r = await runRunbook(
      'cost',
      [
        '--no-validate',
        '--url',
        'http://127.0.0.1:9',
        '--users',
        '2000',
        '--journeys-per-day',
        '3',
        '--out',
        out,
      ],
      { timeoutMs: 20_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as CostReport;
    assert.equal(rep.cost.validation, null);
    assert.equal(rep.cost.projection.dailyUsd, 240);
    assert.deepEqual(
      rep.verdict.thresholds.map((t) => t.status),
      ['fail', 'fail'],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
