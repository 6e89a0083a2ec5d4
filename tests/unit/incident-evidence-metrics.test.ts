// incident.ts assess reads the service's generate counters from /metrics: what the release is
// known to break (insights, knownBroken in the journey) is named as known elsewhere and left
// out of the error rate. Seen on a healthy sandbox after one smoke: "40% of 5 generate calls
// counted as errors" (insights' 500 and smoke's own 401 probe) made the error rate a suspect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../runbooks/lib/config/load';
import { gatherEvidence } from '../../runbooks/lib/incident/evidence';
import type { RequestFn } from '../../runbooks/lib/http/client';

const METRICS = [
  '# TYPE holisticos_requests_total counter',
  'holisticos_requests_total{method="POST",endpoint="routine_generation",status="200"} 40',
  'holisticos_requests_total{method="POST",endpoint="routine_generation",status="500"} 1',
  'holisticos_requests_total{method="POST",endpoint="nutrition_generation",status="200"} 39',
  'holisticos_requests_total{method="POST",endpoint="insights_generation",status="500"} 20',
  'holisticos_memory_usage_bytes 125829120',
].join('\n');

const fake: RequestFn = async (req) => {
  const path = new URL(req.url).pathname;
  const ok = (text: string) => ({
    url: String(req.url),
    method: 'GET',
    status: 200,
    headers: { 'content-type': path === '/metrics' ? 'text/plain' : 'application/json' },
    text,
    bytes: text.length,
    elapsedMs: 1,
  });
  if (path === '/metrics') return ok(METRICS);
  if (path === '/api/monitoring/stats') return ok(JSON.stringify({ metrics: { uptime_seconds: 3600 } }));
  return ok('{}');
};

test('the error rate leaves out what the release is known to break: 1 error in 80 calls, not 21 in 100', async () => {
  const config = await loadConfig();
  assert.ok(config.journey.steps.some((s) => s.knownBroken && s.cost === 'insights_generation'));
  const e = await gatherEvidence(config, 'http://127.0.0.1:9', {
    request: fake,
    stateDir: mkdtempSync(join(tmpdir(), 'rb-evidence-')),
    env: {},
  });
  assert.equal(e.metrics.generateCalls, 80);
  assert.equal(e.metrics.generateErrors, 1);
  assert.equal(Math.round(e.metrics.memoryMb!), 120);
});
