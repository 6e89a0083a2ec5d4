// --export k6: the script for a closed and an open workload, byte for byte against golden
// files, and its copy of the response rules against the handbook's own.
// UPDATE_GOLDEN=1 rewrites the golden files (tests/fixtures/k6/); review the diff before committing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../runbooks/lib/config/load';
import { classifyResponse } from '../../runbooks/lib/checks/response-rules';
import { k6Script } from '../../runbooks/lib/scale/k6-export';
import { K6_RULES } from '../../runbooks/lib/scale/k6-rules';
import { scalePlan, type ScaleFlags } from '../../runbooks/lib/scale/plan';
import { ROOT } from '../helpers/run';
import { responseCases } from '../helpers/response-cases';

const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));
const target = { baseUrl: 'http://127.0.0.1:8001', label: { source: 'environment', name: 'local' } } as const;
const flags = (f: Partial<ScaleFlags>): ScaleFlags => ({
  duration: 60_000,
  think: 0,
  grace: 10_000,
  only: [],
  threshold: [],
  abortOnFail: false,
  countKnownBroken: false,
  timeScale: 1,
  ...f,
});

const GOLDEN: Record<string, Partial<ScaleFlags>> = {
  // load.ts --export k6 --users 5 --duration 20s --think 1s
  'closed-5-users.js': { users: 5, duration: 20_000, think: 1_000 },
  // load.ts --export k6 --rate 0.5 --duration 10m --threshold "routine:p99<90000" --abort-on-fail
  'open-0.5-per-s.js': { rate: 0.5, duration: 600_000, threshold: ['routine:p99<90000'], abortOnFail: true },
};

for (const [file, f] of Object.entries(GOLDEN)) {
  test(`k6 export matches its golden file: ${file}`, () => {
    const text = k6Script(config, scalePlan(config, flags(f)), target).text;
    const path = join(ROOT, 'tests/fixtures/k6', file);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, text);
    // A missing golden file fails: writing it here would make the test pass on what it compares.
    assert.ok(existsSync(path), `${file} is missing: run UPDATE_GOLDEN=1 node scripts/test.mjs unit once`);
    assert.equal(
      text,
      readFileSync(path, 'utf8'),
      `${file} differs: if the change is intended, run UPDATE_GOLDEN=1 node scripts/test.mjs unit and review the diff`,
    );
  });
}

test('the k6 script maps the workload to executors and the SLOs to tagged thresholds', () => {
  const closed = k6Script(config, scalePlan(config, flags({ users: 5, duration: 20_000 })), target).text;
  assert.match(closed, /"executor": "constant-vus",\s+"vus": 5,\s+"duration": "20s"/);
  assert.match(closed, /"http_req_duration\{step:routine\}": \[\s+"p\(95\)<60000"\s+\]/);
  assert.match(closed, /"handbook_errors\{judged:true\}": \[\s+"rate<0\.01"\s+\]/);
  assert.match(closed, /"handbook_journey_success": \[\s+"rate>=0\.95"\s+\]/);
  assert.doesNotMatch(closed, /step:insights/, 'insights is known broken: reported, not judged');
  assert.match(closed, /const API_KEY = __ENV\.HOLISTICOS_API_KEY;/);
  const ramp = k6Script(
    config,
    scalePlan(config, flags({ users: 0, stages: '30s:5,1m:15,30s:0' })),
    target,
  ).text;
  assert.match(ramp, /"executor": "ramping-vus"/);
  const openRamp = k6Script(
    config,
    scalePlan(config, flags({ rate: 1, stages: '30s:0.5,30s:1.5' })),
    target,
  ).text;
  assert.match(openRamp, /"executor": "ramping-arrival-rate",\s+"startRate": 0,\s+"timeUnit": "2s"/);
  assert.match(openRamp, /"target": 3/);
  const open = k6Script(config, scalePlan(config, flags({ rate: 2, duration: 30_000 })), target).text;
  assert.match(open, /"rate": 2,\s+"timeUnit": "1s"/);
  assert.match(
    open,
    /"dropped_iterations": \[\s+"count<=3"\s+\]/,
    'the rate check: at most 5 % of 60 journeys dropped',
  );
});

test('the k6 script never holds the API key', () => {
  const sentinel = 'k6-sentinel-key-must-not-appear-9c1e';
  const before = process.env.HOLISTICOS_API_KEY;
  process.env.HOLISTICOS_API_KEY = sentinel;
  try {
    assert.ok(!k6Script(config, scalePlan(config, flags({ users: 2 })), target).text.includes(sentinel));
  } finally {
    if (before === undefined) delete process.env.HOLISTICOS_API_KEY;
    else process.env.HOLISTICOS_API_KEY = before;
  }
});

test("the k6 script's response rules judge every case as the handbook does", () => {
  const judge = new Function(`${K6_RULES}\nreturn judge;`)() as (
    expect: string,
    status: number,
    text: string,
  ) => string;
  const cases = responseCases();
  assert.ok(cases.length > 80);
  for (const c of cases) {
    let body: unknown;
    try {
      body = JSON.parse(c.text);
    } catch {
      body = c.text;
    }
    const o = classifyResponse(c.expect, c.status, body);
    assert.equal(judge(c.expect, c.status, c.text), o.ok ? 'ok' : o.kind, c.name);
  }
});
