// The staging proof read from Render, against a scripted client: allowed only for the commit
// staging serves, live for at least staging's watch window, with no server_failed since and
// not suspended; each refusal says which condition failed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../runbooks/lib/config/load';
import { describeProof, stagingProofFrom } from '../../runbooks/lib/deploy/staging-render';
import type { PlatformClient, PlatformDeploy, PlatformEvent } from '../../runbooks/lib/platform/types';

const config = await loadConfig();
const NOW = Date.parse('2026-12-07T12:00:00Z');
const WINDOW = config.deploy.watchS.staging * 1000;
const COMMIT = '3f2a9c1d4e5b6a7980716253443526170819a0bc';
const live = (commit: string, liveForMs: number): PlatformDeploy => ({
  id: 'dep-live0000000000000001',
  status: 'live',
  commitId: commit,
  commitMessage: 'the release',
  trigger: 'api',
  createdAt: new Date(NOW - liveForMs - 60_000).toISOString(),
  finishedAt: new Date(NOW - liveForMs).toISOString(),
});
function client(deploys: PlatformDeploy[], events: PlatformEvent[] = [], suspended = false): PlatformClient {
  return {
    describes: 'Render service srv-staging',
    deploys: async () => deploys,
    events: async () => ({ items: events, pages: 1, truncated: false, window: { startMs: 0, endMs: NOW } }),
    service: async () => ({ suspended }),
  } as unknown as PlatformClient;
}
const check = (c: PlatformClient, commit: string | undefined = COMMIT) =>
  stagingProofFrom(c, { config, commit, nowMs: NOW });

test('the commit staging serves, live past its watch window, quiet since: proved, and the plan says how', async () => {
  const r = await check(client([live(COMMIT, WINDOW + 60_000)]));
  assert.equal(r.kind, 'proved');
  assert.ok(r.kind === 'proved');
  assert.equal(r.proof.deployId, 'dep-live0000000000000001');
  assert.match(
    describeProof(r.proof),
    /^from Render \(Render service srv-staging\): dep-live0000000000000001 \(commit 3f2a9c1\) live since 2026-12-07T\S+ \(.+\), 0 event\(s\) since with no server_failed; staging is not suspended$/,
  );
  const none = await check(client([live(COMMIT, WINDOW + 60_000)]), undefined);
  assert.ok(none.kind === 'proved' && none.commit === COMMIT, 'without --commit: what staging serves');
});

test('each condition refuses and says which: another commit, too short, a failure since, suspended, nothing live', async () => {
  const why = async (c: PlatformClient) => {
    const r = await check(c);
    assert.equal(r.kind, 'refused');
    return r.kind === 'refused' ? r.why : '';
  };
  assert.match(
    await why(client([live('e'.repeat(40), WINDOW * 2)])),
    /serving commit eeeeeee .*, not 3f2a9c1/,
  );
  if (WINDOW > 0)
    assert.match(
      await why(client([live(COMMIT, WINDOW / 2)])),
      /live on staging for .* only .*watch window is/,
    );
  const failed: PlatformEvent = {
    id: 'evt-f',
    at: new Date(NOW - 30_000).toISOString(),
    serviceId: 'srv-staging',
    type: 'server_failed',
    instanceId: null,
    reason: { kind: 'exit', evicted: false, nonZeroExit: 1 },
  };
  assert.match(
    await why(client([live(COMMIT, WINDOW + 60_000)], [failed])),
    /a failure since dep-live0000000000000001 went live: server_failed: exit code 1 at .* \(evt-f\)/,
  );
  assert.match(await why(client([live(COMMIT, WINDOW + 60_000)], [], true)), /staging is suspended/);
  assert.match(await why(client([])), /no live deploy on staging/);
});
