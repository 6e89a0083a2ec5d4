// `npm run lint` fails on what it promises to catch: tests/fixtures/lint breaks each check
// once (a misformatted file, a floating promise, a console.log in the library, a disable
// comment without a reason, a module cycle, a secret in a page), beside the repository's own lint configs, and scripts/lint.mjs
// must name every one. (The repository itself passing lint is `npm test`'s first step.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';

const CONFIGS = [
  'eslint.config.mjs',
  'prettier.config.mjs',
  '.prettierignore',
  '.secretlintrc.json',
  '.dependency-cruiser.cjs',
];

/** The fixture tree as a repository of its own: the configs copied in, node_modules linked, git. */
function fixtureRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rb-lint-'));
  cpSync(join(ROOT, 'tests/fixtures/lint'), dir, { recursive: true });
  for (const f of CONFIGS) cpSync(join(ROOT, f), join(dir, f));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const git = (...args: string[]) => spawnSync('git', args, { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  git('add', '-A');
  return dir;
}

test('a misformatted file, a floating promise, a console.log in the library, a cycle and a secret each fail the lint', () => {
  const dir = fixtureRepo();
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/lint.mjs')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 1, out);
    assert.match(out, /✖ prettier[\s\S]*runbooks\/lib\/probe\/misformatted\.ts/);
    assert.match(out, /floating\.ts\n\s+7:3\s+error\s+Promises must be awaited.*no-floating-promises/);
    assert.match(out, /prints\.ts\n\s+3:3\s+error\s+Unexpected console statement\s+no-console/);
    assert.match(
      out,
      /unexplained\.ts\n\s+1:\d+\s+error\s+Unexpected undescribed directive comment.*require-description/,
    );
    assert.match(out, /✖ deps[\s\S]*no-module-cycles: runbooks\/lib\/probe\/cycle-/);
    assert.match(out, /✖ house[\s\S]*docs\/leaked\.md:3:\d+: .*secretlint-rule-pattern/);
    assert.doesNotMatch(out, /rnd_Zx9Qw7/, 'the secret is masked in the report');
    assert.match(out, /lint failed: prettier, eslint, house, deps \(npm run format fixes the layout\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
