// H13: what the onboarding page says about the commands it runs must be what they do. A
// newcomer read that the pre-deployment checklist's bound items include smoke (they are the
// tests, env-check, health and the load-report check), and that broken-routine breaks the
// routine endpoint (it revokes OpenAI's key: health goes critical and four steps fail).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';
import { loadConfig } from '../../runbooks/lib/config/load';
import { loadChecklist } from '../../runbooks/lib/pages/index';
import { FAULTS } from '../../runbooks/lib/faults/catalogue';

const config = await loadConfig();
const onboarding = readFileSync(join(ROOT, 'docs/onboarding.mdx'), 'utf8');

test("the onboarding names the pre-deployment checklist's bound checks, in the page's order, and no others", () => {
  const { checklist } = loadChecklist(join(ROOT, 'docs'), 'deployment-runbook/pre-deploy', config);
  const bound = checklist.items.flatMap((i) => (i.bind ? [i.bind.check] : []));
  assert.ok(bound.length >= 3, `bound checks: ${bound.join(', ')}`);
  // The paragraph right after the block that runs that checklist.
  const block = onboarding.indexOf('args="deployment-runbook/pre-deploy"');
  assert.ok(block > 0, 'the onboarding runs the pre-deployment checklist');
  const paragraph = onboarding.slice(block).split(/\n\n/)[1]!;
  assert.match(paragraph, /^Bound items run as real checks/);
  const named = [...paragraph.matchAll(/\(`([a-z-]+)`/g)].map((m) => m[1]);
  assert.deepEqual(named, bound);
  assert.doesNotMatch(paragraph, /smoke/, 'smoke is not one of them');
});

test('broken-routine says what it does: the pages show its description, which matches its fault', () => {
  const release = config.sandbox.releases['broken-routine']!;
  assert.deepEqual(release.faults, ['openai-key-revoked']);
  const effect = FAULTS.find((f) => f.name === 'openai-key-revoked')!.effect;
  assert.match(effect, /overall_status "critical"/);
  assert.match(release.description, /health turns critical/);
  assert.match(release.description, /routine, nutrition and behavior/);
  for (const page of ['docs/onboarding.mdx', 'docs/deployment-runbook.mdx'])
    assert.ok(
      readFileSync(join(ROOT, page), 'utf8').includes(':cfg[sandbox.releases.broken-routine.description]'),
      `${page} shows the release's own description`,
    );
  assert.doesNotMatch(onboarding, /routine endpoint is broken|fails on smoke's routine step/);
});
