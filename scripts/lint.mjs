#!/usr/bin/env node
// House-rule lint (STYLE.md), fast and dependency-free:
//  - the library (runbooks/lib) never prints and never exits: only the script shells and
//    cli/, the shell runner they share, do;
//  - the site reaches the library through one alias (@holisticos/runbooks/…), never a relative path;
//  - no focused or skipped tests are committed;
//  - no tracked file looks like it carries a real secret;
//  - no file grows past 400 lines (a sign it holds two ideas) without saying why.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  encoding: 'utf8',
})
  .split('\n')
  .filter(
    (f) =>
      f && !f.startsWith('static/reports/') && !f.includes('/fixtures/') && !f.endsWith('package-lock.json'),
  );
const problems = [];
const check = (file, re, why) => {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (re.test(line) && !/lint-allow/.test(line))
      problems.push(`${file}:${i + 1}: ${why}\n    ${line.trim()}`);
  });
};
for (const f of files) {
  let text;
  try {
    text = readFileSync(f, 'utf8');
  } catch {
    continue; // deleted in the working tree
  }
  if (/^runbooks\/lib\/.*\.ts$/.test(f) && !f.startsWith('runbooks/lib/cli/')) {
    check(
      f,
      /\bconsole\.(log|error|warn|info)\(/,
      'the library never prints: return a string and let the script shell print it',
    );
    check(f, /\bprocess\.exit\(/, 'the library never exits: return an exit code or throw a RunbookError');
  }
  if (/^src\/.*\.tsx?$/.test(f) || f === 'docusaurus.config.ts')
    check(
      f,
      /from '(\.\.?\/[^']*runbooks\/lib|@site\/runbooks)/,
      'the site reaches the library through one alias: import from @holisticos/runbooks/<path>',
    );
  if (/^tests\/.*\.ts$/.test(f))
    check(
      f,
      /\b(it|test|describe)\.(only|skip)\(|\{ *(only|skip): *true/,
      'focused or skipped test committed',
    );
  if (/\.(ts|tsx|mjs|js|json|md|mdx|yml|yaml)$/.test(f))
    check(
      f,
      /\b(sk-[A-Za-z0-9]{32,}|rnd_[A-Za-z0-9]{24,}|xox[bp]-[A-Za-z0-9-]{20,})\b/,
      'looks like a real secret',
    );
  if (/\.(ts|tsx)$/.test(f) && text.split('\n').length > 400 && !/lint-allow-long-file/.test(text))
    problems.push(
      `${f}: ${text.split('\n').length} lines; split it (STYLE.md: a file past ~400 lines holds two ideas)`,
    );
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} lint problem(s).`);
  process.exit(1);
}
console.log(`lint: ${files.length} files clean`);
