// scorecard.ts as a real process reading uptime from the platform's events: with Render
// configured, failures and suspensions over the window from a fake Render (read in slices,
// each event once) and the sources naming the platform; without it, the published monitor
// runs as before and the sources saying why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runRunbook } from '../helpers/run';
import { startFakeRender } from '../helpers/fake-render';
import { rawEvent } from '../helpers/fake-render-platform';
import type { ScorecardReport } from '../../runbooks/lib/report/scorecard';

const KEY = 'rnd_SENTINEL-scorecard-platform-4b5a';
const SERVICE = 'srv-scorecardplatform00';
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function dirs() {
  const publish = mkdtempSync(join(tmpdir(), 'rb-sc-platform-pub-'));
  cpSync(join(ROOT, 'static/reports'), publish, { recursive: true });
  return {
    RUNBOOKS_PUBLISH_DIR: publish,
    RUNBOOKS_STATE_DIR: mkdtempSync(join(tmpdir(), 'rb-sc-platform-')),
  };
}
const uptimeOf = (r: ScorecardReport) => r.scorecard.promises.find((p) => p.id === 'uptime')!;
const platformStatus = (r: ScorecardReport) =>
  r.scorecard.sources.find((s) => s.source === 'platform')!.status;

test("with Render configured, uptime comes from the platform's failures and suspensions over the window", async () => {
  const now = Date.now();
  const e = (type: string, at: number) => rawEvent(SERVICE, type, {}, at);
  const render = await startFakeRender({
    apiKey: KEY,
    serviceId: SERVICE,
    platform: {
      events: [
        e('server_failed', now - 2 * DAY),
        e('server_available', now - 2 * DAY + 20 * MIN),
        e('service_suspended', now - DAY),
        e('service_resumed', now - DAY + 10 * MIN),
        e('deploy_started', now - 3 * DAY),
        e('server_failed', now - 40 * DAY), // before the window
      ],
    },
  });
  try {
    const r = await runRunbook('scorecard', ['--env', 'production', '--json'], {
      env: { ...dirs(), RENDER_API_KEY: KEY, RENDER_SERVICE_ID: SERVICE, RENDER_API_URL: render.apiUrl },
      timeoutMs: 60_000,
    });
    const doc = JSON.parse(r.stdout) as { report: ScorecardReport };
    const u = uptimeOf(doc.report);
    assert.equal(u.source, 'platform', r.stderr);
    assert.match(u.reason, /From the platform's events: 2 down interval\(s\)/);
    // 30 minutes down in 30 days.
    assert.ok(
      Math.abs(u.measured!.value! - (1 - 30 / (30 * 24 * 60)) * 100) < 0.001,
      String(u.measured?.value),
    );
    assert.match(
      platformStatus(doc.report),
      new RegExp(
        `^4 failure, recovery and suspension events from Render service ${SERVICE} \\(30 reads\\); used for uptime$`,
      ),
    );
    assert.ok(
      render.requests.every((q) => q.method === 'GET'),
      'the scorecard only reads',
    );
    assert.ok(!r.stdout.includes(KEY) && !r.stderr.includes(KEY), 'the key is never printed');
  } finally {
    await render.close();
  }
});

test('without Render variables: uptime from published monitor runs, and the sources say why', async () => {
  const r = await runRunbook('scorecard', ['--env', 'production', '--json'], {
    env: dirs(),
    timeoutMs: 60_000,
  });
  const doc = JSON.parse(r.stdout) as { report: ScorecardReport };
  assert.notEqual(uptimeOf(doc.report).source, 'platform');
  assert.equal(
    platformStatus(doc.report),
    'not configured (set RENDER_API_KEY and RENDER_SERVICE_ID); uptime comes from published monitor runs',
  );
});
