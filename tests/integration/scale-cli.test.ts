// load.ts --export / --import as real processes: files written, nothing sent, no secret in
// any output, and every kind of bad input a one-paragraph usage error (exit 2), no stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runRunbook, ROOT } from '../helpers/run';
import { validateReport } from '../../runbooks/lib/report/schema';

const dir = mkdtempSync(join(tmpdir(), 'rb-scale-'));
const SENTINEL = 'cli-sentinel-key-must-not-appear-5e2a';
const FIXTURE = join(ROOT, 'tests/fixtures/artillery/sandbox-3-users.json');
const noStack = (s: string) => assert.doesNotMatch(s, /\n\s+at /, 'no stack trace');

test('--export artillery writes the script; the key in the environment appears nowhere', async () => {
  const out = join(dir, 'journey.yml');
  const r = await runRunbook(
    'load',
    [
      '--export',
      'artillery',
      '--users',
      '4',
      '--duration',
      '10s',
      '--url',
      'http://127.0.0.1:9',
      '--out',
      out,
    ],
    { env: { HOLISTICOS_API_KEY: SENTINEL }, timeoutMs: 60_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  for (const s of [text, r.stdout, r.stderr])
    assert.ok(!s.includes(SENTINEL), 'the key was written or printed');
  const doc = parse(text);
  assert.equal(doc.config.target, 'http://127.0.0.1:9');
  assert.equal(doc.config.phases[0].maxVusers, 4);
  assert.match(r.stdout, /Checks \(ensure\):\n {2}step\.health\.latency: p\(95\)</);
  assert.match(r.stdout, /Not carried over[^\n]*\n {2}.*time_blocks/);
});

test('--export k6 without --out prints the script on stdout and the notes on stderr; --env staging needs its URL', async () => {
  const r = await runRunbook('load', ['--export', 'k6', '--rate', '1', '--duration', '30s'], {
    env: { HOLISTICOS_API_KEY: SENTINEL },
    timeoutMs: 60_000,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\/\/ HolisticOS MVP: the handbook's load journey as a k6 script\./);
  assert.match(r.stdout, /const BASE_URL = "http:\/\/127\.0\.0\.1:8001";/);
  assert.match(r.stderr, /The script is on stdout/);
  assert.ok(!r.stdout.includes(SENTINEL) && !r.stderr.includes(SENTINEL));
  const staging = await runRunbook('load', ['--export', 'artillery', '--env', 'staging'], {
    timeoutMs: 60_000,
  });
  assert.equal(staging.code, 2);
  assert.match(staging.stderr, /RB_ENV.*HOLISTICOS_STAGING_URL/);
  const far = await runRunbook('load', ['--export', 'artillery', '--url', 'http://192.0.2.10:8001'], {
    timeoutMs: 60_000,
  });
  assert.equal(far.code, 2, 'a script that would load an unknown host is refused like the load itself');
  assert.match(far.stderr, /RB_UNSAFE_TARGET/);
});

test('--import artillery writes a valid load report marked with its engine; --json carries it', async () => {
  const out = join(dir, 'imported.json');
  const r = await runRunbook(
    'load',
    [
      '--import',
      'artillery',
      FIXTURE,
      '--users',
      '3',
      '--duration',
      '12s',
      '--instances',
      '2',
      '--out',
      out,
      '--json',
    ],
    { timeoutMs: 60_000 },
  );
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  const v = validateReport(report);
  assert.ok(v.ok, v.ok ? '' : v.errors.join('\n'));
  assert.deepEqual(report.engine, { name: 'artillery', version: '2.0.21', instances: 2 });
  assert.deepEqual(report.load.model, { type: 'closed', users: 6, thinkMs: 0 });
  assert.equal(JSON.parse(r.stdout).report.runId, report.runId);
  assert.match(r.stderr, /verdict: pass/);
});

test('bad input: a one-paragraph usage error, exit 2, no stack trace', async () => {
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, 'Phase started: closed\n');
  const other = join(dir, 'other.json');
  writeFileSync(other, JSON.stringify({ metrics: { p95: 1 } }));
  const cases: [string[], RegExp][] = [
    [
      ['--import', 'artillery', join(dir, 'missing.json')],
      /RB_USAGE\]: No Artillery report at .*missing\.json\. Give the file/,
    ],
    [['--import', 'artillery', notJson], /RB_USAGE\]: .*not\.json is not JSON/],
    [
      ['--import', 'artillery', other],
      /RB_USAGE\]: .*other\.json is not an Artillery JSON report: aggregate: required/,
    ],
    [['--import', 'artillery'], /RB_USAGE\]: --import artillery needs the report file/],
    [['--import', 'k6', FIXTURE], /only Artillery reports can be imported/],
    [['--import', 'artillery', FIXTURE, '--instances', '0'], /--instances 0 must be at least 1/],
    [['--export', 'jmeter'], /--export "jmeter" is not one of artillery, k6/],
    [['--export', 'artillery', '--import', 'artillery', FIXTURE], /cannot be combined/],
    [['--export', 'artillery', '--json'], /--export with --json needs --out/],
    [['--export', 'artillery', '--users', '2', '--rate', '1'], /--users and --rate cannot be combined/],
  ];
  for (const [args, re] of cases) {
    const r = await runRunbook('load', args, { timeoutMs: 60_000 });
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, `one paragraph: ${r.stderr}`);
    noStack(r.stderr);
  }
});
