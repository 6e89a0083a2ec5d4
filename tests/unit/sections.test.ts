// Every section a script links to (Slack messages, a failed step's output, monitor alerts,
// drills) is an explicit heading anchor of its page's source: a renamed heading fails here,
// not in a link opened at 3 a.m. (tests/e2e/incident-now.spec.ts checks the built site too.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';
import { SECTIONS, sectionUrl, type Section } from '../../runbooks/lib/sections/index';
import { DEPLOY_SECTIONS } from '../../runbooks/lib/deploy/sections';
import { linkOf } from '../../runbooks/lib/deploy/wire';
import { loadConfig } from '../../runbooks/lib/config/load';

// Heading ids of a page's source: the explicit `{/ * #id * /}` (without the spaces), else the
// slug Docusaurus makes of the heading's text.
function anchors(route: string): Set<string> {
  const src = readFileSync(join(ROOT, `${route.replace(/^\/docs\//, 'docs/')}.mdx`), 'utf8');
  return new Set(
    [...src.matchAll(/^#{2,4} (.*)$/gm)].map(([, text]) => {
      const explicit = /\{\/\* #([a-z0-9-]+) \*\/\}\s*$/.exec(text!);
      return explicit
        ? explicit[1]!
        : text!
            .toLowerCase()
            .replace(/[^a-z0-9 -]/g, '')
            .trim()
            .replace(/ /g, '-');
    }),
  );
}

test('every section of the map is a heading anchor of its page', () => {
  for (const [id, s] of Object.entries(SECTIONS) as [string, Section][]) {
    const have = anchors(s.page);
    assert.ok(
      have.has(s.anchor),
      `${id} → ${s.page}#${s.anchor} is not a heading id there (have: ${[...have].join(', ')})`,
    );
  }
});

test('each deploy step links its runbook section; links are absolute once the config says where the handbook is hosted', async () => {
  const config = await loadConfig();
  for (const id of Object.values(DEPLOY_SECTIONS))
    assert.equal(SECTIONS[id].page, '/docs/deployment-runbook');
  assert.equal(linkOf({ config })('rollback'), '/docs/deployment-runbook/#rollback');
  const hosted = { ...config, incident: { ...config.incident, handbookUrl: 'https://handbook.example/' } };
  assert.equal(
    linkOf({ config: hosted })('verify'),
    'https://handbook.example/docs/deployment-runbook/#post-deploy',
  );
  assert.equal(sectionUrl('fallback'), '/docs/incident-response-playbook/#two-hundred-but-failing');
});
