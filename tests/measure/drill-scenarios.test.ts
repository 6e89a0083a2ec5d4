// Every drill scenario end to end: drill.ts as a real process on a time-scaled sandbox, and
// the test as the responder, running the commands that remedy production (health, smoke,
// incident assess and note --update, service.ts restart / suspend through the sandbox's
// model of Render, a rollback through its deploy API; for an outside cause: wait for it to
// pass, then verify). Never sandbox.ts fault clear. Each drill's report must validate; the
// drills run in parallel (one sandbox each).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerTestSandbox, startTestSandbox, call } from '../helpers/sandbox';
import { startZx, runZx, type RunningZx } from '../helpers/zx';
import { ROOT } from '../helpers/run';
import { readLedger } from '../../runbooks/lib/ledger/index';
import { validateReport } from '../../runbooks/lib/report/schema';
import type { DrillReport } from '../../runbooks/lib/report/drill';
import { SCENARIO_IDS, type ScenarioId } from '../../runbooks/lib/drill/scenarios';

const SCALE = 20;
const closers: (() => Promise<void>)[] = [];
after(async () => void (await Promise.all(closers.map((c) => c()))));

interface Ctx {
  url: string;
  port: number;
  env: Record<string, string>;
  drill: RunningZx;
  run: (id: string, args: string[]) => ReturnType<typeof runZx>;
  /** The rollback a responder makes through the sandbox's deploy API: to the deploy live before the drill's. */
  rollback: () => Promise<void>;
  /** Waits (bounded) until the drill's outside cause has passed: no fault on. */
  passed: () => Promise<void>;
}

/** A registered in-process sandbox (as npm start announces one) and a drill on it; `respond` plays the responder. */
async function drillOn(
  scenario: ScenarioId,
  respond: (c: Ctx) => Promise<void>,
  extra: string[] = [],
): Promise<{ report: DrillReport; code: number | null; out: string; state: string; sb: { url: string } }> {
  const state = mkdtempSync(join(tmpdir(), `rb-drill-${scenario}-`));
  const sb = await startTestSandbox({ timeScale: SCALE });
  closers.push(() => sb.close());
  registerTestSandbox(state, sb);
  const env = { RUNBOOKS_STATE_DIR: state, RUNBOOKS_OPERATOR: 'responder' };
  const drill = startZx(
    'drill',
    ['--scenario', scenario, '--port', String(sb.port), '--deadline', '60s', '--poll', '200ms', ...extra],
    env,
    110_000,
  );
  await drill.waitFor(/You are the responder/);
  const auth = { authorization: `Bearer ${sb.adminToken}` };
  const rollback = async () => {
    const deploys = (await call(sb, 'GET', '/__sandbox/deploys')).body.map(
      (x: { deploy: { id: string; trigger: string } }) => x.deploy,
    );
    const before = deploys.find((d: { trigger: string }) => d.trigger === 'initial');
    // A crash-looping instance drops connections when it restarts: retry as a responder would.
    for (let i = 0; ; i++) {
      try {
        return assert.equal(
          (await call(sb, 'POST', '/__sandbox/rollback', { deployId: before.id }, auth)).status,
          201,
        );
      } catch (e) {
        if (i >= 4) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };
  const passed = async () => {
    for (let i = 0; i < 600; i++) {
      if (!(await call(sb, 'GET', '/__sandbox/faults')).body.active.length) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the outside cause did not pass within 60 s');
  };
  await respond({
    url: sb.url,
    port: sb.port,
    env,
    drill,
    run: (id, args) => runZx(id, args, env),
    rollback,
    passed,
  });
  const r = await drill.done;
  const dir = join(state, 'reports', 'drill');
  const files = readdirSync(dir);
  assert.equal(files.length, 1, 'one drill report in the state directory');
  const json = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
  const v = validateReport(json);
  assert.ok(v.ok, `the ${scenario} report validates: ${!v.ok ? v.errors.join('; ') : ''}`);
  // UPDATE_EXAMPLES=1 keeps each scenario's report as the site's committed example of it (list
  // the new files in static/reports/examples.json, and remove the entries of the ones replaced).
  if (process.env.UPDATE_EXAMPLES === '1') {
    mkdirSync(join(ROOT, 'static/reports/drill'), { recursive: true });
    copyFileSync(
      join(dir, files[0]!),
      join(ROOT, 'static/reports/drill', `${files[0]!.slice(0, 10)}-${scenario}-local.json`),
    );
  }
  return { report: json as DrillReport, code: r.code, out: r.stdout + r.stderr, state, sb };
}

/** What every scripted responder's drill must show. */
async function assertMitigated(
  x: Awaited<ReturnType<typeof drillOn>>,
  diagnosis: string,
  remedy: RegExp,
): Promise<void> {
  const d = x.report.drill;
  assert.equal(x.code, 0, x.out.slice(-2500));
  assert.equal(d.outcome, 'mitigated');
  assert.equal(x.report.verdict.status, 'pass');
  assert.equal(d.diagnosis.command?.script, diagnosis);
  assert.match(d.remedy.observed ?? '', remedy);
  assert.ok(d.diagnosis.time.ms !== null && d.remedy.time.ms !== null);
  assert.ok(
    d.commands.some((c) => c.script === diagnosis),
    'the diagnosis is among the commands of the drill',
  );
  const times = d.timeline.map((e) => Date.parse(e.at));
  assert.deepEqual(
    times,
    [...times].sort((a, b) => a - b),
    'the timeline is in time order',
  );
  // Put back: nothing on, the good release serving.
  const view = (await call(x.sb, 'GET', '/__sandbox/faults')).body;
  assert.deepEqual(view.active, [], 'the drill switched its faults off');
  assert.equal(view.release, 'good');
  assert.equal(view.platform.suspended, false, 'a suspended sandbox is resumed');
  const inc = readLedger(x.state, ['incident']).filter((r) => r.incident === d.incidentId);
  assert.equal(inc[0]!.drill, true, 'the incident is marked as a drill');
  assert.equal(inc.at(-1)!.event, 'resolve', 'and closed');
}

const only = (id: string) => ['--only', id];
/** The status update an outside cause is judged on. */
const update = (c: Ctx) =>
  c.run('incident', ['note', 'OpenAI is failing; nothing to do on our side', '--update']);
const RESPONDERS: Record<
  ScenarioId,
  { diagnosis: string; remedy: RegExp; respond: (c: Ctx) => Promise<void> }
> = {
  // Outside causes: diagnose, tell users, wait for it to pass, verify.
  'latency-spike': {
    diagnosis: 'health',
    remedy: /latency-spike ended by itself .*update posted .*recovery verified by health/,
    respond: async (c) =>
      void (
        await c.run('health', ['--url', c.url]),
        await update(c),
        await c.passed(),
        await c.run('health', ['--url', c.url])
      ),
  },
  'error-burst': {
    diagnosis: 'smoke',
    remedy: /error-burst ended by itself .*recovery verified by smoke/,
    respond: async (c) =>
      void (
        await c.run('smoke', ['--url', c.url, ...only('routine,nutrition')]),
        await update(c),
        await c.passed(),
        await c.run('smoke', ['--url', c.url, ...only('routine,nutrition')])
      ),
  },
  'openai-outage': {
    diagnosis: 'smoke',
    remedy: /openai-outage ended by itself .*recovery verified by smoke/,
    respond: async (c) =>
      void (
        await c.run('smoke', ['--url', c.url, ...only('routine,nutrition')]),
        await update(c),
        await c.passed(),
        await c.run('smoke', ['--url', c.url, ...only('routine,nutrition')])
      ),
  },
  'openai-key-revoked': {
    diagnosis: 'health',
    remedy: /restarted through the platform/,
    respond: async (c) =>
      void (await c.run('health', ['--url', c.url]), await c.run('service', ['restart', '--url', c.url])),
  },
  // The sandbox's own restart first (not a remedy), then the service command's.
  'memory-leak': {
    diagnosis: 'health',
    remedy: /restarted through the platform \(service\.ts restart\)/,
    respond: async (c) =>
      void (
        await c.run('health', ['--url', c.url]),
        await c.run('sandbox', ['restart', '--port', String(c.port)]),
        await c.run('service', ['restart', '--url', c.url])
      ),
  },
  // The wrong remedy first (a restart starts the cold start over), then the right one: wait.
  'cold-start': {
    diagnosis: 'health',
    remedy: /serving again/,
    respond: async (c) =>
      void (
        await c.run('service', ['restart', '--url', c.url]),
        await c.run('health', ['--url', c.url, '--retries', '0'])
      ),
  },
  'crash-loop': {
    diagnosis: 'health',
    remedy: /rolled back to release good/,
    respond: async (c) =>
      void (await c.run('health', ['--url', c.url, '--retries', '0']), await c.rollback()),
  },
  'cost-runaway': {
    diagnosis: 'incident',
    remedy: /suspended through the platform/,
    respond: async (c) =>
      void (
        await c.run('incident', ['assess', '--url', c.url]),
        await c.run('service', ['suspend', '--url', c.url])
      ),
  },
  'bad-release': {
    diagnosis: 'smoke',
    remedy: /rolled back to release good/,
    respond: async (c) =>
      void (await c.run('smoke', ['--url', c.url, ...only('routine')]), await c.rollback()),
  },
};

test('the catalogue and the scripted responders cover the same scenarios', () => {
  assert.deepEqual(Object.keys(RESPONDERS).sort(), [...SCENARIO_IDS].sort());
});

test(
  'each scenario end to end with a scripted responder (in parallel, time scale ×20)',
  { timeout: 150_000 },
  async () => {
    const results = await Promise.all(
      SCENARIO_IDS.map(async (id) => ({ id, x: await drillOn(id, RESPONDERS[id].respond) })),
    );
    for (const { id, x } of results)
      await assertMitigated(x, RESPONDERS[id].diagnosis, RESPONDERS[id].remedy);
    const cold = results.find((r) => r.id === 'cold-start')!.x.report.drill;
    assert.match(
      cold.wrongRemedies.map((w) => w.what).join(' | '),
      /restarted during the cold start/,
      'the restart during the cold start is noted as the wrong remedy',
    );
    const leak = results.find((r) => r.id === 'memory-leak')!.x.report.drill;
    assert.match(
      leak.wrongRemedies.map((w) => w.what).join(' | '),
      /sandbox\.ts restart: done, not a remedy/,
      "the sandbox's own restart is noted, not taken as the remedy",
    );
    const cost = results.find((r) => r.id === 'cost-runaway')!.x;
    assert.ok(cost.report.drill.commands.some((c) => c.script === 'incident' && c.args[0] === 'assess'));
  },
);
