// Every section a script links to (Slack messages, a failed step's output) is a heading
// anchor of its page: a renamed heading fails here, not in a link opened at 3 a.m.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';
import { DEPLOY_SECTIONS, DEPLOYMENT_RUNBOOK, sectionLink } from '../../runbooks/lib/pages/sections';
import { loadConfig } from '../../runbooks/lib/config/load';

const anchors = (page: string) => new Set([...readFileSync(join(ROOT, 'docs', `${page}.mdx`), 'utf8').matchAll(/^#{2,4} .*\{\/\* #([a-z0-9-]+) \*\/\}\s*$/gm)].map((m) => m[1]));

test('every deploy section is an explicit heading anchor of the deployment runbook', () => {
  const have = anchors(DEPLOYMENT_RUNBOOK);
  for (const [step, anchor] of Object.entries(DEPLOY_SECTIONS)) assert.ok(have.has(anchor), `${step} → #${anchor} is not a heading id of ${DEPLOYMENT_RUNBOOK}.mdx (have: ${[...have].join(', ')})`);
});

test('links are absolute with the site URL, site-relative without, and point at the configured page', async () => {
  const config = await loadConfig();
  assert.equal(config.deploy.pageUrl, `/docs/${DEPLOYMENT_RUNBOOK}`);
  assert.equal(sectionLink(config.deploy.pageUrl, 'rollback'), '/docs/deployment-runbook/#rollback');
  assert.equal(sectionLink(config.deploy.pageUrl, 'verify', 'https://handbook.example/'), 'https://handbook.example/docs/deployment-runbook/#post-deploy');
});
