#!/usr/bin/env node
// `npm run lint`: every check of the code that is not a test, over the folder it runs in,
// at once (two cores: the slow one, ESLint's type-aware pass, sets the pace), each reported
// in full, so one run shows everything to fix:
//   prettier   layout (prettier.config.mjs, .prettierignore)          `npm run format` fixes it
//   eslint     floating promises, unused code, hooks, house rules      (eslint.config.mjs)
//   house      secrets in any tracked file, .env files, machine paths  (scripts/lint-house.mjs)
//   deps       boundaries between folders, no cycles                   (scripts/deps.mjs)
// Exit 1 if any fails. Tools are the repository's own (this script's node_modules), so a
// test can run it over a fixture tree (tests/unit/lint.test.ts).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const bin = (pkg, rel) => join(dirname(require.resolve(`${pkg}/package.json`)), rel);

const CHECKS = [
  { name: 'prettier', args: [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level=warn', '.'] },
  // A cache keyed on file contents: a second run over an unchanged tree takes seconds.
  {
    name: 'eslint',
    args: [
      bin('eslint', 'bin/eslint.js'),
      '--cache',
      '--cache-strategy=content',
      '--cache-location=node_modules/.cache/eslint/',
      '.',
    ],
  },
  { name: 'house', args: [join(HERE, 'lint-house.mjs')] },
  { name: 'deps', args: [join(HERE, 'deps.mjs'), '--root', process.cwd()] },
];

const run = ({ name, args }) =>
  new Promise((done) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    child.on('close', (code) => done({ name, code: code ?? 1, log: log.trim(), ms: Date.now() - t0 }));
  });

const results = await Promise.all(CHECKS.map(run));
for (const r of results) {
  const head = `${r.code === 0 ? '✔' : '✖'} ${r.name} (${(r.ms / 1000).toFixed(1)} s)`;
  if (r.code === 0) console.log(`${head}${r.log ? `: ${r.log.split('\n').at(-1)}` : ''}`);
  else console.error(`${head}\n${r.log.replace(/^/gm, '  ')}`);
}
const failed = results.filter((r) => r.code !== 0).map((r) => r.name);
if (failed.length) {
  console.error(
    `\nlint failed: ${failed.join(', ')}${failed.includes('prettier') ? ' (npm run format fixes the layout)' : ''}`,
  );
  process.exit(1);
}
console.log('lint: clean');
