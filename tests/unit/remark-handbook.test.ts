import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkDirective from 'remark-directive';
import remarkStringify from 'remark-stringify';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { fixtureConfig } from '../helpers/fixture-config';
import { registry } from '../../runbooks/lib/registry/index';
import { transform } from '../../src/remark/handbook/index';
import { normalize } from '../../src/remark/handbook/options';
import { ROOT } from '../helpers/run';

// One folder per case (remark-directive's own test layout): input.md → output.md, or
// error.txt holding the start of the expected message (file:line:column first).
// UPDATE_FIXTURES=1 rewrites output.md files; review the diff before committing.
const DIR = join(ROOT, 'tests/fixtures/remark');
const config = await fixtureConfig();

const PHRASING = new Set([
  'text',
  'emphasis',
  'strong',
  'inlineCode',
  'link',
  'break',
  'mdxJsxTextElement',
  'textDirective',
]);

type JsxNode = {
  type: string;
  name: string;
  attributes: { name: string; value: string }[];
  children: unknown[];
};

/** Prints MDX JSX nodes as tags so outputs are readable (remark-stringify has no JSX handler of its own). */
function jsx(node: JsxNode, _parent: unknown, state: any, info: any): string {
  const attrs = node.attributes.map((a) => ` ${a.name}=${JSON.stringify(a.value)}`).join('');
  if (!node.children.length) return `<${node.name}${attrs} />`;
  if (node.type === 'mdxJsxTextElement')
    return `<${node.name}${attrs}>${state.containerPhrasing(node, info)}</${node.name}>`;
  const phrasing = (node.children as { type: string }[]).every((c) => PHRASING.has(c.type));
  if (phrasing) return `<${node.name}${attrs}>${state.containerPhrasing(node, info)}</${node.name}>`;
  return `<${node.name}${attrs}>\n${state.containerFlow(node, info)}\n</${node.name}>`;
}

function run(caseDir: string): string {
  const path = join(caseDir, 'input.md');
  const file = new VFile({ path, value: readFileSync(path, 'utf8') });
  const opts = normalize({ config, registry, docsDir: caseDir, rootDir: caseDir });
  const processor = unified()
    .use(remarkParse)
    .use(remarkDirective)
    .use(() => (tree: Root, f: VFile) => transform(opts, tree, f))
    .use(remarkStringify, { handlers: { mdxJsxFlowElement: jsx, mdxJsxTextElement: jsx } as never });
  return String(processor.processSync(file));
}

// Folders starting with _ hold pages for other tests (the checklist runner's), not cases.
const cases = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .map((d) => d.name)
  .sort();

test('there are fixture cases for successes and errors', () => {
  assert.ok(cases.filter((c) => c.startsWith('error-')).length >= 5);
  assert.ok(cases.filter((c) => !c.startsWith('error-')).length >= 5);
});

for (const name of cases) {
  test(`remark fixture: ${name}`, () => {
    const dir = join(DIR, name);
    const errorFile = join(dir, 'error.txt');
    if (existsSync(errorFile)) {
      const expected = readFileSync(errorFile, 'utf8').trim();
      assert.throws(
        () => run(dir),
        (e: Error) => {
          assert.ok(
            e.message.startsWith(expected),
            `message:\n  ${e.message}\nshould start with:\n  ${expected}`,
          );
          return true;
        },
      );
      return;
    }
    const actual = run(dir);
    const outFile = join(dir, 'output.md');
    // Writing expectations is a deliberate act (UPDATE_FIXTURES=1), never a side effect of a
    // missing file: a case without output.md or error.txt fails.
    if (process.env.UPDATE_FIXTURES === '1') writeFileSync(outFile, actual);
    assert.ok(
      existsSync(outFile),
      `${name} has neither output.md nor error.txt: write the expected output (UPDATE_FIXTURES=1 writes it from the current result)`,
    );
    assert.equal(actual, readFileSync(outFile, 'utf8'));
  });
}

test('a changed config value changes the output (nothing is hard-coded)', () => {
  const changed = { ...config, alerts: { ...config.alerts, memoryMb: 777 } };
  const file = new VFile({ path: join(DIR, 'x.md'), value: 'Alert at :cfg[alerts.memoryMb].' });
  const p = unified()
    .use(remarkParse)
    .use(remarkDirective)
    .use(
      () => (tree: Root, f: VFile) =>
        transform(normalize({ config: changed, registry, docsDir: DIR, rootDir: DIR }), tree, f),
    )
    .use(remarkStringify, { handlers: { mdxJsxFlowElement: jsx, mdxJsxTextElement: jsx } as never });
  assert.match(String(p.processSync(file)), />777 MB</);
});

test('normalize() fills defaults and rejects missing config', () => {
  const o = normalize({ config, registry });
  assert.equal(o.referenceRoute, '/docs/reference/scripts');
  assert.equal(o.defaultEnv, 'local');
  assert.ok(o.allowDirectives.includes('note'));
  assert.throws(() => normalize({} as never), /needs \{ config, registry \}/);
});
