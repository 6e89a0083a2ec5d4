// The dependency rules of DESIGN.md fail the lint on a violation: a fixture tree with an
// engine → sandbox import, a folder cycle and a run-time import of a dev dependency, checked by the same script `npm run lint` runs.
// (The repository itself keeping them is `npm run lint`, the first step of `npm test`.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/run';

const deps = (root?: string) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts/deps.mjs'), ...(root ? ['--root', root] : [])], {
    cwd: ROOT,
    encoding: 'utf8',
  });

test('an engine → sandbox import and a cycle between folders fail the dependency check', () => {
  const r = deps(join(ROOT, 'tests/fixtures/deps'));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /engine-not-sandbox: runbooks\/lib\/load\/engine\.ts → runbooks\/lib\/sandbox\/model\.ts/,
  );
  assert.match(r.stderr, /no-folder-cycles: runbooks\/lib\/\{alpha, beta\} import each other/);
});

// H13: the page parser checklist.ts and deploy.ts use imported remark-directive, a dev
// dependency: an install without dev dependencies broke the checklist.
test('a run-time import of a dev dependency fails the dependency check; a type-only one does not', () => {
  const r = deps(join(ROOT, 'tests/fixtures/deps'));
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(
    r.stderr,
    /runtime-imports-are-dependencies: runbooks\/lib\/pages\/parse\.ts → (\.\.\/)*node_modules\/prettier\//,
  );
  assert.doesNotMatch(r.stderr, /runtime-imports-are-dependencies: [^\n]*mdast/);
});
