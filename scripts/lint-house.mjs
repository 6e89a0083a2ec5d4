#!/usr/bin/env node
// The house rules ESLint cannot express, because they are about every tracked file (pages,
// workflows, JSON), not only the code ESLint parses:
//  - no tracked file carries a secret: secretlint (a maintained scanner, .secretlintrc.json)
//    over every tracked text file, with a pattern for Render's API keys besides its presets;
//  - no .env file is tracked;
//  - no code, test, page or template names an absolute path of one machine (a home folder,
//    this workplace's checkout): CI and a teammate's laptop lay the repository elsewhere.
// Run from the root it checks (npm run lint does); tests/fixtures/lint holds files that
// break each rule on purpose, and a test runs `npm run lint` over them.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const SECRETLINT = join(dirname(require.resolve('secretlint')), '..', 'bin', 'secretlint.js');

/** Kept out of the scan, on purpose: installed, generated, or a fixture that breaks a rule. */
const SKIP = [/^tests\/fixtures\/lint\//, /(^|\/)package-lock\.json$/, /^static\/img\//];
const TEXT = /\.(ts|tsx|mjs|cjs|js|json|md|mdx|ya?ml|css|txt|sh)$|(^|\/)(\.npmrc|run)$/;
/** An absolute path of one machine: a home folder, or the workplace this was written in. */
const MACHINE_PATH =
  /["'`(\s](\/home\/[a-z][\w.-]*\/|\/Users\/[A-Za-z][\w.-]*\/|\/work\/[\w.-]+\/|[A-Z]:\\\\Users\\\\)/;

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter((f) => f && !SKIP.some((re) => re.test(f)));

const problems = [];
for (const f of files) {
  if (/(^|\/)\.env(\.|$)/.test(f) && !f.endsWith('.example'))
    problems.push(`${f}: an .env file is tracked; secrets never go into the repository`);
  if (!TEXT.test(f)) continue;
  let text;
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  text.split('\n').forEach((line, i) => {
    if (MACHINE_PATH.test(line))
      problems.push(
        `${f}:${i + 1}: an absolute path of one machine; read it from the repository (tests/helpers/root.ts) or the environment\n    ${line.trim()}`,
      );
  });
}

const scanned = files.filter((f) => TEXT.test(f));
const secrets = spawnSync(process.execPath, [SECRETLINT, '--format', 'unix', '--no-color', ...scanned], {
  encoding: 'utf8',
});
if (secrets.status !== 0) {
  const found = (secrets.stdout + secrets.stderr).trim();
  problems.push(
    `${found}\n  → a secret in a tracked file: remove it and rotate it. A made-up value a test needs is marked on the line above with \`// secretlint-disable-next-line -- <why>\`.`,
  );
}

if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\nlint-house: ${problems.length} problem(s).`);
  process.exit(1);
}
console.log(`lint-house: ${files.length} tracked files, no secret, no .env, no machine path`);
