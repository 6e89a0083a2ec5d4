import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRunbook } from '../helpers/run';
import { healthyBody, healthyRoutes, startFakeService } from '../helpers/fake-service';
import type { BenchmarkReport } from '../../runbooks/lib/report/benchmark';

// Not the sandbox's development key: the report must not carry whatever key the run used.
const KEY = 'bench-test-key-9a7c1f';
const MB = 1024 * 1024;

test('memory figures come from the target: a service whose metric rises makes the benchmark figures rise and breach', async () => {
  let mb = 300;
  // Each scrape reports 25 MB more: the target's memory climbs through 400 and 450 MB.
  const svc = await startFakeService({
    ...healthyRoutes(KEY),
    'GET /metrics': () => (
      (mb += 25),
      {
        kind: 'text',
        body: `# TYPE holisticos_memory_usage_bytes gauge\nholisticos_memory_usage_bytes ${mb * MB}\n`,
        contentType: 'text/plain; version=0.0.4',
      }
    ),
    'GET /api/health': () => ({ kind: 'json', body: healthyBody(mb) }),
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const out = join(dir, 'r.json');
    const r = await runRunbook(
      'benchmark',
      [
        '--url',
        svc.url,
        '--skip',
        'cold-start,latency,capacity',
        '--users',
        '2',
        '--duration',
        '2s',
        '--before',
        '600ms',
        '--after',
        '600ms',
        '--sample-interval',
        '200ms',
        '--grace',
        '1s',
        '--out',
        out,
      ],
      { env: { HOLISTICOS_API_KEY: KEY }, timeoutMs: 40_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as BenchmarkReport;
    const m = rep.benchmark.memory!;
    assert.deepEqual(m.sources, ['metrics', 'health']);
    const readings = m.samples.map((s) => s.metricsMb!);
    assert.ok(readings.length >= 5, `samples: ${readings.length}`);
    assert.ok(
      readings.every((v, i) => i === 0 || v > readings[i - 1]!),
      `rising: ${readings.join(',')}`,
    );
    assert.deepEqual([...new Set(m.samples.map((s) => s.phase))], ['before', 'during', 'after']);
    assert.ok(m.summary.peakMb! > m.alertMb && m.summary.growthMb! > 0);
    assert.equal(m.targetMb, 400);
    assert.equal(m.alertMb, 450);
    assert.ok(
      rep.verdict.failures.some((f) => f.includes('memory.peak_mb: value<450')),
      rep.verdict.failures.join('\n'),
    );
    assert.ok(m.load.requests > 0, 'the during phase ran load');
    assert.ok(!JSON.stringify(rep).includes(KEY), 'the key is in no report');
    assert.ok(
      svc.hits.filter((h) => h.path === '/metrics').length === readings.length,
      'every sample scraped the target',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await svc.close();
  }
});

test('the spawned sandbox with --fault memory-leak: cold start is timed and memory climbs through the alert', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  try {
    const out = join(dir, 'r.json');
    const r = await runRunbook(
      'benchmark',
      [
        '--profile',
        'fast',
        '--fault',
        'memory-leak:150',
        '--skip',
        'latency,capacity',
        '--users',
        '2',
        '--duration',
        '2s',
        '--before',
        '500ms',
        '--after',
        '1s',
        '--sample-interval',
        '250ms',
        '--grace',
        '1s',
        '--out',
        out,
      ],
      { timeoutMs: 60_000 },
    );
    assert.equal(r.code, 1, r.stderr);
    const rep = JSON.parse(readFileSync(out, 'utf8')) as BenchmarkReport;
    assert.equal(rep.target.sandbox, true);
    assert.deepEqual(rep.benchmark.faults, ['memory-leak:150']);
    const cs = rep.benchmark.coldStart!;
    assert.equal(cs.mode, 'spawn');
    assert.ok(cs.firstResponseMs! > 0 && cs.firstHealthyMs! >= cs.firstResponseMs!, JSON.stringify(cs));
    const m = rep.benchmark.memory!;
    const readings = m.samples.map((s) => s.metricsMb).filter((v): v is number => v !== null);
    assert.ok(readings.at(-1)! > readings[0]!, `memory rose: ${readings.join(',')}`);
    assert.ok(m.summary.peakMb! >= m.alertMb, `peak ${m.summary.peakMb}`);
    assert.equal(rep.verdict.status, 'fail');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
