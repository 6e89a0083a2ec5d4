// scorecard.ts as a real process against a temp publish dir holding the committed example
// reports and a state dir holding the ledger fixture (tests/fixtures/scorecard/): every
// promise printed with a verdict, sandbox evidence labelled and never kept for production,
// deployment frequency and change failure rate from the ledger, --json validating against
// the report schema, --publish writing a scorecard the site loads, Render's deploy list read
// from a fake Render on loopback, and a bad --as-of refused with exit 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, copyFileSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runRunbook } from '../helpers/run';
import { startFakeRender } from '../helpers/fake-render';
import { validateReport } from '../../runbooks/lib/report/schema';
import { PROMISE_IDS, type ScorecardReport } from '../../runbooks/lib/report/scorecard';
import { loadReports } from '../../src/plugins/reports/load';

const AS_OF = '2026-12-07T12:00:00Z';
// Made up, in the shape the fake checks (rnd_…); never a real key.
const RENDER_KEY = 'rnd_SENTINEL-scorecard-key-3c2d';

/** A publish dir with the committed examples and a state dir with the ledger fixture. */
function dirs(): { publish: string; state: string } {
  const publish = mkdtempSync(join(tmpdir(), 'rb-scorecard-pub-'));
  cpSync(join(ROOT, 'static/reports'), publish, { recursive: true });
  const state = mkdtempSync(join(tmpdir(), 'rb-scorecard-state-'));
  copyFileSync(join(ROOT, 'tests/fixtures/scorecard/ledger.jsonl'), join(state, 'ledger.jsonl'));
  return { publish, state };
}
const env = (d: { publish: string; state: string }) => ({
  RUNBOOKS_PUBLISH_DIR: d.publish,
  RUNBOOKS_STATE_DIR: d.state,
});

test('every promise is printed with a verdict; sandbox evidence is labelled and not kept for production; the four keys read the ledger', async () => {
  const d = dirs();
  const r = await runRunbook('scorecard', ['--env', 'production', '--as-of', AS_OF], {
    env: env(d),
    timeoutMs: 60_000,
  });
  // One rolled-back deploy of four is a 25 % change failure rate: the consistent-releases promise is missed.
  assert.equal(r.code, 1, r.stdout + r.stderr);
  const out = r.stdout;
  const verdicts = [...out.matchAll(/^(KEPT|MISSED|NOT MEASURED) +(.+)$/gm)];
  assert.equal(verdicts.length, PROMISE_IDS.length, out);
  assert.match(out, /^0 of 11 promises kept, 1 missed, 10 not measured$/m);
  assert.match(out, /^MISSED +The deployment runbook enables consistent releases$/m);
  // Report-based promises: the examples were measured against the sandbox, and say so.
  assert.match(out, /NOT MEASURED +Load testing validates 10\+ concurrent users/);
  assert.match(out, /local, sandbox, example — not counted: measured against the sandbox/);
  assert.match(
    out,
    /deployment frequency +0\.13 per day \(4 deploys went live in 30 days\) \[source: ledger\]/,
  );
  assert.match(out, /change failure rate +25% \(1 of 4\) \[source: ledger\]/);
  assert.match(out, /^ {2}render +not configured/m);
  assert.match(out, /report: .*reports\/scorecard\/.*-production\.json/);
});

test('--json is one document that validates against the report schema', async () => {
  const d = dirs();
  const r = await runRunbook('scorecard', ['--env', 'production', '--as-of', AS_OF, '--json'], {
    env: env(d),
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 1, r.stderr);
  const doc = JSON.parse(r.stdout) as { ok: boolean; paths: string[]; report: ScorecardReport };
  assert.equal(doc.ok, false);
  const v = validateReport(doc.report);
  assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
  const s = doc.report.scorecard;
  // The brief's order: its success criteria, then its performance targets.
  assert.deepEqual(
    s.promises.map((p) => p.id),
    [
      'load-10-users',
      'baselines',
      'consistent-releases',
      'resolution-halved',
      'cost-accuracy',
      'capacity-15-users',
      'p95-latency',
      'uptime',
      'p0-resolution',
      'daily-deploys',
      'cost-per-user',
    ],
  );
  for (const p of s.promises) {
    assert.notEqual(p.verdict, 'kept', `${p.id} is not kept on the examples`);
    for (const e of p.evidence.filter((x) => x.sandbox))
      assert.equal(e.counted, false, `${p.id}: ${e.label}`);
  }
  assert.equal(s.delivery.changeFailureRate.value, 25);
  assert.equal(s.delivery.changeFailureRate.source, 'ledger');
  assert.equal(s.delivery.deploymentFrequency.basis, 4);
  assert.equal(s.delivery.deploymentFrequency.source, 'ledger');
  assert.equal(s.asOf, '2026-12-07T12:00:00.000Z');
  assert.equal(doc.report.target.sandbox, false);
});

test('--publish writes a scorecard the site loads; on local the sandbox evidence counts, labelled', async () => {
  const d = dirs();
  const r = await runRunbook('scorecard', ['--env', 'local', '--as-of', AS_OF, '--publish'], {
    env: env(d),
    timeoutMs: 60_000,
  });
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const committed = readdirSync(join(ROOT, 'static/reports/scorecard'));
  const files = readdirSync(join(d.publish, 'scorecard')).filter((f) => !committed.includes(f));
  assert.equal(files.length, 1, 'one new scorecard beside the committed example');
  assert.match(files[0]!, /-local\.json$/);
  const entries = loadReports(ROOT, d.publish).filter((e) => e.kind === 'scorecard' && !e.example);
  assert.equal(entries.length, 1);
  const report = entries[0]!.report as ScorecardReport;
  assert.ok(report.scorecard.summary.kept > 0, 'the sandbox is the local target: its evidence decides');
  assert.ok(
    report.scorecard.promises
      .filter((p) => p.verdict !== 'not-measured')
      .every((p) => p.evidence[0]!.sandbox),
  );
});

test("with Render configured, the delivery keys read Render's deploy list", async () => {
  const render = await startFakeRender({
    apiKey: RENDER_KEY,
    serviceId: 'srv-scorecard0000000000000',
    initial: [
      { status: 'live', commit: 'c'.repeat(40) },
      { status: 'deactivated', commit: 'b'.repeat(40) },
      { status: 'build_failed', commit: 'f'.repeat(40) },
      { status: 'deactivated', commit: 'a'.repeat(40) },
    ],
  });
  try {
    const d = dirs();
    const r = await runRunbook('scorecard', ['--env', 'production', '--json'], {
      env: {
        ...env(d),
        RENDER_API_KEY: RENDER_KEY,
        RENDER_SERVICE_ID: 'srv-scorecard0000000000000',
        RENDER_API_URL: render.apiUrl,
      },
      timeoutMs: 60_000,
    });
    const doc = JSON.parse(r.stdout) as { report: ScorecardReport };
    const s = doc.report.scorecard;
    assert.equal(s.delivery.deploymentFrequency.source, 'render', r.stderr);
    assert.equal(s.delivery.deploymentFrequency.basis, 3);
    assert.equal(s.delivery.changeFailureRate.value, 0);
    assert.ok(s.delivery.leadTime.value !== null, "Render's deploys carry their commit's time");
    assert.match(s.sources.find((x) => x.source === 'render')!.status, /4 deploys from Render's deploy list/);
    assert.ok(
      render.requests.every((q) => q.method === 'GET'),
      'the scorecard only reads',
    );
    assert.ok(!r.stdout.includes(RENDER_KEY), 'the key is never printed');
  } finally {
    await render.close();
  }
});

test('a bad --as-of is a usage error, one paragraph, exit 2, nothing written', async () => {
  const d = dirs();
  const r = await runRunbook('scorecard', ['--as-of', 'yesterday'], { env: env(d), timeoutMs: 30_000 });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^error \[RB_USAGE\]: --as-of "yesterday" is not a time\. Give an ISO time/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(existsSync(join(d.state, 'reports')), false);
});
