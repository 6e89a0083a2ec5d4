// npm test's summary names the failed tests (scripts/test-summary.mjs): CI shows only the tail
// of the log, so a failure the summary does not name cannot be told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failedLines, nodeFailureCollector, playwrightFailures } from '../../scripts/test-summary.mjs';

test("node's spec reporter: each failed test by name and file, nothing from before its failing-tests list", () => {
  const c = nodeFailureCollector('/repo');
  const out = [
    '✔ passes (12.1ms)',
    '✖ fails on purpose (3.2ms)', // the live line, before the list: not counted twice
    'ℹ fail 2',
    '',
    '✖ failing tests:',
    '',
    'test at /repo/tests/integration/monitor-platform.test.ts:6:5634',
    '✖ on a sandbox, a memory leak ends in an OOM kill (exit 1) (9517.051124ms)',
    '  AssertionError [ERR_ASSERTION]: The input did not match the regular expression',
    'test at /repo/tests/unit/x.test.ts:2:10',
    '✖ inner fails (0.9ms)',
  ];
  for (const l of out) c.line(l);
  assert.deepEqual(c.failures, [
    'on a sandbox, a memory leak ends in an OOM kill (exit 1) (tests/integration/monitor-platform.test.ts)',
    'inner fails (tests/unit/x.test.ts)',
  ]);
});

test("Playwright's JSON report: failed and flaky tests with project, file, line and describe titles", () => {
  const report = {
    suites: [
      {
        title: 'walk.spec.ts',
        specs: [
          {
            title: 'page /docs/overview/',
            file: 'walk.spec.ts',
            line: 92,
            tests: [
              { projectName: 'desktop', status: 'expected' },
              { projectName: 'dark', status: 'unexpected' },
            ],
          },
        ],
        suites: [
          {
            title: 'copy buttons',
            specs: [
              {
                title: 'copies the command',
                file: 'walk.spec.ts',
                line: 12,
                tests: [{ projectName: 'mobile', status: 'flaky' }],
              },
            ],
          },
        ],
      },
    ],
  };
  assert.deepEqual(playwrightFailures(report), [
    '[dark] walk.spec.ts:92 › page /docs/overview/',
    '[mobile] walk.spec.ts:12 › copy buttons › copies the command (flaky)',
  ]);
  assert.deepEqual(playwrightFailures({}), []);
});

test('the summary shows ten failed tests at most, and says how many more', () => {
  const names = Array.from({ length: 12 }, (_, i) => `t${i}`);
  const lines = failedLines(names);
  assert.equal(lines.length, 11);
  assert.equal(lines[0], '  ✖ t0');
  assert.equal(lines[10], '  … and 2 more (see the output above)');
  assert.deepEqual(failedLines([]), []);
});
