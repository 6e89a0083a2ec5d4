// What `npm test`'s closing summary says of failed tests (scripts/test.mjs): CI shows the tail
// of a long log, so each failed test is named there, under its suite's line.

/**
 * Reads node's spec reporter line by line: its output closes with "✖ failing tests:", then
 * "test at <file:line:col>" and "✖ <name> (<ms>)" for each failed test. Keeps "<name>
 * (<file>)": the file alone, since line and column are those of the loader's compiled output.
 */
export function nodeFailureCollector(cwd = process.cwd()) {
  const failures = [];
  let inFailures = false;
  let at = '';
  return {
    failures,
    /** @param {string} line one line of the reporter's output, without its newline */
    line(line) {
      if (line === '✖ failing tests:') inFailures = true;
      else if (inFailures && line.startsWith('test at '))
        at = line
          .slice(8)
          .replace(`${cwd}/`, '')
          .replace(/:\d+:\d+$/, '');
      else if (inFailures && at && line.startsWith('✖ ')) {
        failures.push(`${line.slice(2).replace(/ \([\d.]+m?s\)$/, '')} (${at})`);
        at = '';
      }
    },
  };
}

/**
 * The failed tests of a Playwright JSON report, "[project] file:line › describe › title",
 * flaky ones marked.
 * @param {{ suites?: object[] }} report
 * @returns {string[]}
 */
export function playwrightFailures(report) {
  const out = [];
  const visit = (suite, titles) => {
    for (const spec of suite.specs ?? [])
      for (const t of spec.tests ?? [])
        if (t.status === 'unexpected' || t.status === 'flaky')
          out.push(
            `[${t.projectName}] ${spec.file}:${spec.line} › ${[...titles, spec.title].join(' › ')}${t.status === 'flaky' ? ' (flaky)' : ''}`,
          );
    for (const s of suite.suites ?? [])
      visit(s, s.title && !s.title.endsWith('.ts') ? [...titles, s.title] : titles);
  };
  for (const s of report.suites ?? []) visit(s, []);
  return out;
}

/**
 * The summary's lines for failed tests: the first ten, indented under their suite's line.
 * @param {string[]} names
 */
export const failedLines = (names) => [
  ...names.slice(0, 10).map((n) => `  ✖ ${n}`),
  ...(names.length > 10 ? [`  … and ${names.length - 10} more (see the output above)`] : []),
];
