// Every section a script links to (Slack messages, a failed step's output, monitor alerts,
// drills) is an explicit heading anchor of its page's source: a renamed heading fails here,
// not in a link opened at 3 a.m. (tests/e2e/incident-now.spec.ts checks the built site too.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';
import { SECTIONS, handbookLink, sectionUrl, type Section } from '../../runbooks/lib/sections/index';
import { DEPLOY_SECTIONS } from '../../runbooks/lib/deploy/sections';
import { linkOf } from '../../runbooks/lib/deploy/wire';
import { loadConfig } from '../../runbooks/lib/config/load';
import { configWith } from '../helpers/config';

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

test("each deploy step links its runbook section, absolute under handbook.url (npm start's site unless the team hosts it)", async () => {
  const config = await loadConfig();
  for (const id of Object.values(DEPLOY_SECTIONS))
    assert.equal(SECTIONS[id].page, '/docs/deployment-runbook');
  assert.equal(config.handbook.url, 'http://127.0.0.1:3000');
  assert.equal(linkOf({ config })('rollback'), 'http://127.0.0.1:3000/docs/deployment-runbook/#rollback');
  const hosted = await configWith({ handbook: { url: 'https://team.example/handbook/' } });
  assert.equal(hosted.handbook.url, 'https://team.example/handbook', 'stored without its trailing slash');
  assert.equal(
    linkOf({ config: hosted })('verify'),
    'https://team.example/handbook/docs/deployment-runbook/#post-deploy',
  );
  // The site's own pages link site-relative.
  assert.equal(sectionUrl('fallback'), '/docs/incident-response-playbook/#two-hundred-but-failing');
  assert.equal(handbookLink('/docs/x/#y', 'https://h.example'), 'https://h.example/docs/x/#y');
  assert.equal(
    handbookLink('https://elsewhere.example/a', 'https://h.example'),
    'https://elsewhere.example/a',
  );
});

test("the handbook's address has one home: handbook.url; the old incident.handbookUrl is refused with where it went", async () => {
  await assert.rejects(
    () => configWith({ incident: { handbookUrl: 'https://h.example' } } as never),
    (e: Error) =>
      /incident\.handbookUrl/.test(e.message) && /absent: it moved to handbook\.url/.test(e.message),
  );
  await assert.rejects(
    () => configWith({ handbook: { url: 'ftp://h.example' } }),
    (e: Error) => /handbook\.url/.test(e.message) && /http or https/.test(e.message),
  );
});
