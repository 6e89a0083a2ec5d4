// The "done when", end to end: export the journey, run it with Artillery (installed
// on demand into tools/artillery/ when missing: about a minute, once) against a sandbox
// started here, import Artillery's report, and set it beside a local run of the same
// workload: the same thresholds, per-step latency from both, a verdict from both.
// Then Artillery's own JMESPath engine judges the reference's responses as the handbook does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runRunbook, signalGroup, ROOT, type RunResult } from '../helpers/run';
import { responseCases } from '../helpers/response-cases';
import { classifyResponse } from '../../runbooks/lib/checks/response-rules';
import { BODY_RULES, OK_CODES } from '../../runbooks/lib/scale/artillery-rules';
import { isInstalled } from '../../runbooks/lib/scale/artillery-tool';

const dir = mkdtempSync(join(tmpdir(), 'rb-artillery-'));
const KEY = 'sandbox-local-key';
const SENTINEL = 'e2e-sentinel-key-must-not-appear-0f3b';

/** `npx zx runbooks/sandbox.ts --port 0 --profile fast`, as an operator starts it; resolves its URL. */
function startSandbox(): Promise<{ url: string; stop: () => void }> {
  const child = spawn('npx', ['zx', 'runbooks/sandbox.ts', '--port', '0', '--profile', 'fast'], {
    cwd: ROOT,
    env: cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stop = () => child.pid && signalGroup(child.pid, 'SIGKILL');
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => (stop(), reject(new Error(`the sandbox did not start within 30 s: ${out}`))),
      30_000,
    );
    child.stdout.on('data', (d) => {
      out += d;
      const m = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: m[1]!, stop });
    });
    child.stderr.resume();
    child.on('close', () => {
      clearTimeout(timer);
      reject(new Error(`the sandbox exited: ${out}`));
    });
  });
}

/** The handbook's Artillery runner (`npm run artillery -- …`) as a process group, killed whole after `timeoutMs`. */
function artillery(args: string[], timeoutMs: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['zx', 'scripts/artillery.ts', ...args], {
      cwd: ROOT,
      env: cleanEnv({ HOLISTICOS_API_KEY: KEY }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid) signalGroup(child.pid, 'SIGKILL');
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test(
  'export → Artillery → import: per-step latency and a verdict by the SLOs of a local run of the same workload',
  { timeout: 240_000 },
  async (t) => {
    const t0 = Date.now();
    const cold = !isInstalled(ROOT);
    const sb = await startSandbox();
    try {
      // Light on purpose (think time): Artillery shares the machine with timing-sensitive tests running beside it.
      const workload = ['--users', '2', '--think', '250ms', '--duration', '5s'];
      const yml = join(dir, 'journey.yml');
      const exp = await runRunbook(
        'load',
        ['--export', 'artillery', ...workload, '--url', sb.url, '--out', yml],
        { env: { HOLISTICOS_API_KEY: SENTINEL }, timeoutMs: 60_000 },
      );
      assert.equal(exp.code, 0, exp.stderr);
      assert.ok(!readFileSync(yml, 'utf8').includes(SENTINEL), 'the exported script holds no key');

      const out = join(dir, 'out.json');
      const tRun = Date.now();
      const run = await artillery(['run', yml, '--output', out], 200_000);
      const runS = Math.round((Date.now() - tRun) / 1000);
      assert.equal(
        run.code,
        0,
        `artillery exited ${run.code}: ${run.stderr.slice(-1500)}\n${run.stdout.slice(-1500)}`,
      );
      assert.match(
        run.stdout,
        /Checks:[\s\S]*ok: plugins\.metrics-by-endpoint\.response_time\.routine\.p95 < \d+/,
        'Artillery ran the ensure checks',
      );
      assert.doesNotMatch(run.stdout, /^fail: /m);

      const imp = await runRunbook(
        'load',
        [
          '--import',
          'artillery',
          out,
          ...workload,
          '--url',
          sb.url,
          '--out',
          join(dir, 'imported.json'),
          '--json',
        ],
        { timeoutMs: 60_000 },
      );
      assert.equal(imp.code, 0, imp.stderr);
      const imported = JSON.parse(imp.stdout).report;
      const loc = await runRunbook('load', [...workload, '--url', sb.url, '--json'], {
        env: { HOLISTICOS_API_KEY: KEY },
        timeoutMs: 90_000,
      });
      assert.equal(loc.code, 0, loc.stderr);
      const local = JSON.parse(loc.stdout).report;

      assert.deepEqual(imported.engine, { name: 'artillery', version: '2.0.21', instances: 1 });
      const judged = (r: typeof local) =>
        r.verdict.thresholds.map((v: { name: string; excluded: boolean; status: string }) => [
          v.name,
          v.excluded,
        ]);
      assert.deepEqual(judged(imported), judged(local), 'judged by the same thresholds');
      assert.equal(imported.verdict.status, 'pass', imported.verdict.failures.join('; '));
      assert.equal(local.verdict.status, 'pass');
      assert.deepEqual(
        imported.load.steps.map((s: { id: string }) => s.id),
        local.load.steps.map((s: { id: string }) => s.id),
      );
      for (const s of imported.load.steps)
        assert.ok(
          s.requests > 0 && s.latency.count > 0 && s.latency.p95 > 0 && s.latency.p95 >= s.latency.p50,
          `${s.id}: per-step latency`,
        );
      assert.equal(imported.load.errors.byStatus['429'] ?? 0, 0, 'a fresh user id per journey');
      assert.equal(
        imported.load.errors.byStatus['401'] ?? 0,
        0,
        'the key reached Artillery from the environment',
      );
      assert.ok(imported.load.journeys.succeeded > 0 && imported.load.journeys.successRatePct === 100);
      // The closed model's mapping (capped arrivals, think time holding the slot) gives about as many journeys as the local engine.
      const ratio = imported.load.journeys.completed / local.load.journeys.completed;
      assert.ok(
        ratio > 0.4 && ratio < 2.5,
        `journeys: artillery ${imported.load.journeys.completed} vs local ${local.load.journeys.completed}`,
      );
      const p95 = (r: typeof local) =>
        Object.fromEntries(
          r.load.steps.map((s: { id: string; latency: { p95: number } }) => [s.id, s.latency.p95]),
        );
      t.diagnostic(
        `${cold ? 'cold (installed Artillery first)' : 'Artillery already installed'}; artillery step ${runS} s; whole test ${Math.round((Date.now() - t0) / 1000)} s`,
      );
      t.diagnostic(
        `p95 ms, artillery ${JSON.stringify(p95(imported))} vs local ${JSON.stringify(p95(local))}; journeys ${imported.load.journeys.completed} vs ${local.load.journeys.completed}`,
      );
    } finally {
      sb.stop();
    }
  },
);

test("Artillery's JMESPath engine judges the reference's responses as the handbook does", () => {
  const jmespath = createRequire(join(ROOT, 'tools/artillery/package.json'))('jmespath') as {
    search(data: unknown, expr: string): unknown;
  };
  for (const c of responseCases()) {
    let body: unknown;
    try {
      body = JSON.parse(c.text);
    } catch {
      body = c.text;
    }
    const isObj = typeof body === 'object' && body !== null;
    const artillery =
      OK_CODES.includes(c.status) && isObj && Boolean(jmespath.search(body, BODY_RULES[c.expect]));
    assert.equal(artillery, classifyResponse(c.expect, c.status, body).ok, c.name);
  }
});
