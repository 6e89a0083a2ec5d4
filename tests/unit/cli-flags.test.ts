import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFlags } from '../../runbooks/lib/cli/flags';
import { formatHelp } from '../../runbooks/lib/cli/help';
import { parseDuration, formatDuration } from '../../runbooks/lib/units';
import { RunbookError } from '../../runbooks/lib/errors';
import type { ScriptMeta } from '../../runbooks/lib/registry/types';

const meta = {
  id: 'demo',
  title: 'Demo',
  summary: 'a demo script',
  safety: 'read-only',
  targeted: true,
  flags: [
    { name: 'users', type: 'number', default: 5, description: 'users' },
    { name: 'duration', type: 'duration', default: '20s', description: 'how long' },
    { name: 'fault', type: 'list', default: [], description: 'faults', choices: ['a', 'b', 'c'] },
    { name: 'strict', type: 'boolean', default: false, description: 'strict' },
    { name: 'mode', type: 'enum', choices: ['x', 'y'], default: 'x', description: 'mode' },
  ],
  examples: [{ command: 'npx zx runbooks/demo.ts --users 3', description: 'three users' }],
} as const satisfies ScriptMeta;

function usage(fn: () => unknown): RunbookError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof RunbookError, `expected a RunbookError, got ${String(e)}`);
    assert.equal(e.exitCode, 2);
    return e;
  }
  assert.fail('expected a usage error');
}

test('defaults apply and typed values are coerced', () => {
  const { flags, positionals } = parseFlags(meta, [
    'pos1',
    '--users=7',
    '--fault',
    'a,b',
    '--fault',
    'c',
    '--strict',
    '--duration',
    '1m30s',
  ]);
  assert.equal(flags.users, 7);
  assert.equal(flags.duration, 90_000);
  assert.deepEqual(flags.fault, ['a', 'b', 'c']);
  assert.equal(flags.strict, true);
  assert.equal(flags.mode, 'x');
  assert.equal(flags.env, 'local');
  assert.equal(flags.json, false);
  assert.deepEqual(positionals, ['pos1']);
  assert.equal(parseFlags(meta, []).flags.duration, 20_000);
  assert.equal(parseFlags(meta, ['--no-strict']).flags.strict, false);
});

test('bad values and unknown flags are usage errors that say what to do', () => {
  assert.match(usage(() => parseFlags(meta, ['--users', 'many'])).message, /--users "many" is not a number/);
  assert.match(usage(() => parseFlags(meta, ['--duration', 'soon'])).message, /not a duration/);
  assert.match(
    usage(() => parseFlags(meta, ['--env', 'nowhere'])).message,
    /not one of local, staging, production/,
  );
  assert.match(usage(() => parseFlags(meta, ['--url', 'not-a-url'])).message, /not a URL/);
  assert.match(usage(() => parseFlags(meta, ['--url', 'ftp://x'])).message, /only http and https/);
  assert.match(usage(() => parseFlags(meta, ['--fault', 'z'])).message, /"z" is not one of a, b, c/);
  const e = usage(() => parseFlags(meta, ['--user', '3']));
  assert.match(e.message, /Unknown flag --user/);
  assert.match(e.hint ?? '', /Did you mean --users\?/);
  assert.match(usage(() => parseFlags(meta, ['--users'])).message, /needs a value/);
});

test('help lists every flag with defaults, the examples and the exit-code table', () => {
  const help = formatHelp(meta);
  for (const s of [
    '--users',
    '(default: 5)',
    '--duration',
    '(default: 20s)',
    '--env',
    '--url',
    '--json',
    '--help',
    'npx zx runbooks/demo.ts --users 3',
    'Exit codes:',
    '130',
    'Safety: read-only',
  ]) {
    assert.ok(help.includes(s), `help should include ${s}`);
  }
});

test('durations parse and format', () => {
  assert.equal(parseDuration('500ms'), 500);
  assert.equal(parseDuration('2m'), 120_000);
  assert.equal(parseDuration('1h'), 3_600_000);
  assert.equal(parseDuration('3'), 3000);
  assert.equal(parseDuration('3x'), undefined);
  assert.equal(parseDuration(''), undefined);
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(formatDuration(1500), '1.5s');
});

test('script arguments exclude the script path under zx and under node', async () => {
  const { scriptArgs } = await import('../../runbooks/lib/cli/run');
  assert.deepEqual(
    scriptArgs(
      ['/usr/bin/node', '/x/node_modules/.bin/zx', 'runbooks/checklist.ts', 'a/b', '--env', 'local'],
      'checklist',
    ),
    ['a/b', '--env', 'local'],
  );
  assert.deepEqual(scriptArgs(['/usr/bin/node', '/repo/runbooks/checklist.ts', 'a/b'], 'checklist'), ['a/b']);
  assert.deepEqual(scriptArgs(['/usr/bin/node', 'runbooks/health.ts', 'checklist.ts'], 'health'), [
    'checklist.ts',
  ]);
});
