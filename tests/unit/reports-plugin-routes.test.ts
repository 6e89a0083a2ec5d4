import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../runbooks/lib/config/load';
import { costSection, costVerdicts } from '../../runbooks/lib/cost/analyze';
import { buildRoutes, type ReportEntry } from '../../src/plugins/reports/routes';
import { loadReports } from '../../src/plugins/reports/load';
import { keyMetrics } from '../../src/plugins/reports/summary';
import { workloadOf } from '../../src/plugins/reports/workload';
import { totalErrors } from '../../runbooks/lib/report/common';
import { ROOT } from '../helpers/root';
import * as pluginModule from '../../src/plugins/reports/index';
import type { Report } from '../../runbooks/lib/report/schema';

const config = await loadConfig();
// src/ is CommonJS: from an ESM test the default export may arrive wrapped once more.
const reportsPlugin =
  ((pluginModule as { default: unknown }).default as { default?: unknown }).default ??
  (pluginModule as { default: unknown }).default;
const makePlugin = reportsPlugin as typeof pluginModule.default;

function costReport(startedAt: string, users: number, sandbox = true): Report {
  const section = costSection(config, { users, journeysPerUserPerDay: 1, countKnownBroken: false }, null);
  return {
    schemaVersion: 1,
    runId: startedAt,
    tool: { name: 't', version: '0', script: 'cost' },
    git: { sha: null, dirty: null },
    target: { url: 'http://127.0.0.1:8001', environment: 'local', loopback: true, protected: false, sandbox },
    host: { node: 'v20', platform: 'linux-x64', cpus: 2 },
    startedAt,
    endedAt: startedAt,
    partial: false,
    invalid: false,
    invalidReasons: [],
    config: {},
    verdict: { status: 'pass', failures: [], thresholds: costVerdicts(section) },
    kind: 'cost',
    cost: section,
  };
}
const entry = (r: Report, slug: string): ReportEntry => ({
  kind: r.kind,
  file: `static/reports/${r.kind}/${slug}.json`,
  slug,
  report: r,
});

test('buildRoutes: a page per report, an index per kind with its runs in time order, and the overall index', () => {
  const a = entry(costReport('2026-01-01T00:00:00.000Z', 100), 'a');
  const b = entry(costReport('2026-01-02T00:00:00.000Z', 300), 'b');
  // Given out of order on purpose: the trend is by start time, not by file order.
  const routes = buildRoutes({ entries: [b, a] }, { baseUrl: '/', routeBasePath: '/reports' });
  assert.deepEqual(
    routes.map((r) => r.path),
    [
      '/reports/scorecard',
      '/reports/load',
      '/reports/stress',
      '/reports/benchmark',
      '/reports/cost/a',
      '/reports/cost/b',
      '/reports/cost',
      '/reports/drill',
      '/reports/incident',
      '/reports/monitor',
      '/reports',
    ],
  );
  const pageA = routes.find((r) => r.path === '/reports/cost/a')!.data;
  assert.ok(
    pageA.type === 'report' && pageA.previous === null && pageA.changes === null && pageA.mismatch === null,
  );
  const idx = routes.find((r) => r.path === '/reports/cost')!.data;
  assert.ok(idx.type === 'kind-index');
  if (idx.type !== 'kind-index') return;
  assert.deepEqual(
    idx.runs.map((r) => r.slug),
    ['a', 'b'],
  );
  assert.equal(idx.runs[1]!.sandbox, true);
  const all = routes.find((r) => r.path === '/reports')!.data;
  assert.ok(
    all.type === 'index' &&
      all.kinds.find((k) => k.kind === 'cost')!.count === 2 &&
      Object.keys(all.kinds.find((k) => k.kind === 'load')!.latestByEnv).length === 0,
  );
  assert.equal(new Set(routes.map((r) => r.dataName)).size, routes.length, 'data module names are unique');
});

test('a run is compared only with the latest earlier run of the same workload; otherwise it says why not', () => {
  const a = entry(costReport('2026-01-01T00:00:00.000Z', 100), 'a');
  const b = entry(costReport('2026-01-02T00:00:00.000Z', 300), 'b');
  const c = entry(costReport('2026-01-03T00:00:00.000Z', 100), 'c');
  const page = (slug: string) => {
    const d = buildRoutes({ entries: [a, b, c] }, { baseUrl: '/', routeBasePath: '/reports' }).find(
      (r) => r.path === `/reports/cost/${slug}`,
    )!.data;
    assert.equal(d.type, 'report');
    return d as Extract<typeof d, { type: 'report' }>;
  };
  const pb = page('b');
  assert.equal(pb.previous, null, '300 projected users are not compared with 100');
  assert.deepEqual(pb.mismatch?.differences, ['projected users: 100 → 300']);
  assert.equal(pb.mismatch?.previous.slug, 'a');
  const pc = page('c');
  assert.equal(pc.previous?.slug, 'a', 'skips the run of another workload');
  assert.equal(pc.mismatch, null);
  assert.deepEqual(pc.changes!.find((x) => x.key === 'daily')!.direction, 'same');
  assert.ok(pc.workload.some((p) => p.name === 'environment' && p.value === 'local (sandbox)'));
});

test('the index shows the latest run per environment, configured environments first; examples are marked', () => {
  const local = entry(costReport('2026-01-01T00:00:00.000Z', 100), 'l');
  const staging = costReport('2026-01-02T00:00:00.000Z', 100, false);
  const s = {
    ...entry({ ...staging, target: { ...staging.target, environment: 'staging' } } as Report, 's'),
    example: true,
  };
  const later = entry(costReport('2026-01-03T00:00:00.000Z', 100), 'l2');
  const routes = buildRoutes(
    { entries: [local, s, later] },
    { baseUrl: '/', routeBasePath: '/reports', environments: ['local', 'staging', 'production'] },
  );
  const all = routes.find((r) => r.path === '/reports')!.data;
  assert.ok(all.type === 'index');
  if (all.type !== 'index') return;
  assert.deepEqual(all.environments, ['local', 'staging', 'production']);
  const cost = all.kinds.find((k) => k.kind === 'cost')!;
  assert.equal(cost.latestByEnv.local!.slug, 'l2');
  assert.equal(cost.latestByEnv.staging!.example, true);
  assert.equal(cost.latestByEnv.production, undefined);
  const page = routes.find((r) => r.path === '/reports/cost/s')!.data;
  assert.ok(page.type === 'report' && page.example === true);
});

test('a --url run is listed, grouped and compared by its host, never as local', () => {
  const local = entry(costReport('2026-01-01T00:00:00.000Z', 100), 'l');
  const base = costReport('2026-01-02T00:00:00.000Z', 100, false);
  const gateway = {
    ...base,
    schemaVersion: 2,
    target: { ...base.target, url: 'http://127.0.0.1:8002', environment: '127.0.0.1:8002', source: 'url' },
  } as Report;
  const routes = buildRoutes(
    { entries: [local, entry(gateway, '2026-01-02T00-00-00Z-url-127.0.0.1-8002')] },
    { baseUrl: '/', routeBasePath: '/reports', environments: ['local', 'staging', 'production'] },
  );
  const all = routes.find((r) => r.path === '/reports')!.data;
  assert.ok(all.type === 'index');
  if (all.type !== 'index') return;
  assert.deepEqual(all.environments, ['local', 'staging', 'production', '--url 127.0.0.1:8002']);
  const cost = all.kinds.find((k) => k.kind === 'cost')!;
  assert.equal(cost.latestByEnv.local!.slug, 'l', 'the gateway run is not the latest local run');
  assert.equal(cost.latestByEnv['--url 127.0.0.1:8002']!.environment, '--url 127.0.0.1:8002');
  const page = routes.find((r) => r.path.endsWith('url-127.0.0.1-8002'))!.data;
  assert.ok(page.type === 'report');
  if (page.type !== 'report') return;
  assert.equal(page.previous, null, 'not compared with a run on the sandbox');
  assert.ok(page.mismatch?.differences.includes('environment: local (sandbox) → --url 127.0.0.1:8002'));
  assert.ok(!JSON.stringify(page.workload).includes('local'));
});

test("an imported Artillery run's workload names the engine its header names; a version alone keeps runs comparable", () => {
  const file = join(ROOT, 'static/reports/load/2026-12-03T13-22-45Z-local.json');
  const r = JSON.parse(readFileSync(file, 'utf8')) as Report;
  assert.deepEqual(r.engine, { name: 'artillery', version: '2.0.21', instances: 1 });
  const w = workloadOf(r);
  assert.equal(w.parts.find((p) => p.name === 'engine')?.value, 'artillery 2.0.21, imported, on 1 instance');
  assert.ok(!JSON.stringify(w.parts).includes('holisticos'), 'the handbook did not generate this load');
  const upgraded = workloadOf({ ...r, engine: { ...r.engine!, version: '2.0.22' } });
  assert.equal(upgraded.key, w.key);
  assert.notEqual(
    workloadOf({ ...r, engine: undefined }).key,
    w.key,
    "the handbook's engine is another workload",
  );
});

test('known-broken steps stay out of the error figure; every key figure has a unit', () => {
  const dir = join(ROOT, 'static/reports/load');
  const report = JSON.parse(readFileSync(join(dir, readdirSync(dir).sort()[0]!), 'utf8')) as Report;
  assert.ok(
    report.kind === 'load' && report.load.steps.some((s) => s.knownBroken && totalErrors(s.errors) > 0),
    'the example has a known-broken step with errors',
  );
  const errors = keyMetrics(report).find((m) => m.key === 'errors')!;
  if (report.kind !== 'load') return;
  assert.equal(
    errors.value,
    report.load.steps.filter((s) => !s.knownBroken).reduce((n, s) => n + totalErrors(s.errors), 0),
  );
  for (const k of [report, costReport('2026-01-01T00:00:00.000Z', 1)])
    for (const m of keyMetrics(k)) assert.ok(m.unit, `${m.key} has a unit`);
});

test('buildRoutes is pure and honours the baseUrl', () => {
  const content = { entries: [entry(costReport('2026-01-01T00:00:00.000Z', 100), 'a')] };
  const before = JSON.stringify(content);
  const r1 = buildRoutes(content, { baseUrl: '/handbook/', routeBasePath: 'reports' });
  assert.equal(JSON.stringify(content), before);
  assert.deepEqual(
    JSON.stringify(r1),
    JSON.stringify(buildRoutes(content, { baseUrl: '/handbook/', routeBasePath: 'reports' })),
  );
  assert.ok(r1.every((r) => r.path.startsWith('/handbook/reports')));
});

function site(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reports-plugin-'));
  for (const k of ['load', 'stress', 'benchmark', 'cost'])
    mkdirSync(join(dir, 'static/reports', k), { recursive: true });
  return dir;
}

test('loadContent reads and validates every report; a malformed report fails naming the file', async () => {
  const dir = site();
  try {
    writeFileSync(
      join(dir, 'static/reports/cost/good.json'),
      JSON.stringify(costReport('2026-01-01T00:00:00.000Z', 100)),
    );
    writeFileSync(join(dir, 'static/reports/cost/notes.txt'), 'ignored');
    assert.deepEqual(
      loadReports(dir).map((e) => e.file),
      ['static/reports/cost/good.json'],
    );
    const plugin = makePlugin({ siteDir: dir, baseUrl: '/' } as never);
    assert.equal((await plugin.loadContent!())!.entries.length, 1);

    const bad = costReport('2026-01-02T00:00:00.000Z', 100) as Record<string, any>;
    delete bad.cost.projection;
    writeFileSync(join(dir, 'static/reports/cost/broken.json'), JSON.stringify(bad));
    await assert.rejects(
      Promise.resolve(plugin.loadContent!()),
      (e: Error) =>
        e.message.includes('static/reports/cost/broken.json') && e.message.includes('cost.projection'),
    );
    rmSync(join(dir, 'static/reports/cost/broken.json'));

    writeFileSync(join(dir, 'static/reports/load/trunc.json'), '{"schemaVersion": 1,');
    assert.throws(() => loadReports(dir), /static\/reports\/load\/trunc\.json is not valid JSON/);
    rmSync(join(dir, 'static/reports/load/trunc.json'));

    writeFileSync(
      join(dir, 'static/reports/load/misfiled.json'),
      JSON.stringify(costReport('2026-01-01T00:00:00.000Z', 1)),
    );
    assert.throws(() => loadReports(dir), /misfiled\.json is a "cost" report inside reports\/load\//);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('contentLoaded creates one data module and one route per page', async () => {
  const dir = site();
  try {
    const plugin = makePlugin({ siteDir: dir, baseUrl: '/' } as never);
    const created: string[] = [];
    const added: { path: string; component: string; modules: Record<string, string> }[] = [];
    const global: unknown[] = [];
    const content = { entries: [entry(costReport('2026-01-01T00:00:00.000Z', 100), 'a')] };
    await plugin.contentLoaded!({
      content,
      actions: {
        createData: async (name: string) => (created.push(name), `/data/${name}`),
        addRoute: (r: never) => added.push(r),
        setGlobalData: (d: unknown) => global.push(d),
      },
    } as never);
    assert.equal(added.length, 10); // eight kind indexes, the page, the overall index
    // The home page's scorecard line: none published here.
    assert.deepEqual(global, [{ scorecard: null }]);
    assert.deepEqual(added.find((r) => r.path === '/reports/cost/a')!.modules, {
      data: '/data/report-cost-a.json',
    });
    assert.match(added.find((r) => r.path === '/reports/cost/a')!.component, /ReportPage/);
    assert.match(added.find((r) => r.path === '/reports')!.component, /ReportIndex/);
    assert.equal(created.length, added.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('examples.json marks committed examples; an entry without its file fails the build naming it', () => {
  const dir = site();
  try {
    writeFileSync(
      join(dir, 'static/reports/cost/ex.json'),
      JSON.stringify(costReport('2026-01-01T00:00:00.000Z', 100)),
    );
    writeFileSync(
      join(dir, 'static/reports/cost/mine.json'),
      JSON.stringify(costReport('2026-01-02T00:00:00.000Z', 100)),
    );
    writeFileSync(join(dir, 'static/reports/examples.json'), JSON.stringify({ examples: ['cost/ex.json'] }));
    assert.deepEqual(
      loadReports(dir).map((e) => [e.slug, e.example]),
      [
        ['ex', true],
        ['mine', false],
      ],
    );
    writeFileSync(
      join(dir, 'static/reports/examples.json'),
      JSON.stringify({ examples: ['cost/gone.json'] }),
    );
    assert.throws(() => loadReports(dir), /examples\.json lists cost\/gone\.json, which does not exist/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the trend draws only workloads with two runs or more; with none, no chart', () => {
  const a = entry(costReport('2026-01-01T00:00:00.000Z', 100), 'a');
  const b = entry(costReport('2026-01-02T00:00:00.000Z', 300), 'b');
  const c = entry(costReport('2026-01-03T00:00:00.000Z', 100), 'c');
  const trendOf = (entries: ReportEntry[]) => {
    const d = buildRoutes({ entries }, { baseUrl: '/', routeBasePath: '/reports' }).find(
      (r) => r.path === '/reports/cost',
    )!.data;
    assert.ok(d.type === 'kind-index');
    return d.type === 'kind-index' ? { trend: d.trend, runs: d.runs } : { trend: [], runs: [] };
  };
  // Two runs of different workloads: two isolated points, nothing to draw.
  assert.deepEqual(trendOf([a, b]).trend, []);
  // A third run of a's workload: that workload is drawn, b's single run is not.
  const { trend, runs } = trendOf([a, b, c]);
  assert.equal(trend.length, 1);
  assert.deepEqual(
    runs.filter((r) => trend.includes(r.workloadKey)).map((r) => r.slug),
    ['a', 'c'],
  );
});
