/**
 * The one exit-code rule of long runs, from what they produced. A report that says the
 * run could not be made at all (its `stopped`: no request connected, the key refused)
 * throws the stable error; the shell prints it as one paragraph after the report was written.
 */
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { keyRefusedError, RunbookError } from '../errors';
import type { Finding } from '../checks/findings';
import { exitFromFindings } from '../checks/findings';
import type { Report } from '../report/schema';

/** When no request of a run ever connected; `detail` says what was tried. */
export function unreachableError(url: string, detail?: string): RunbookError {
  return new RunbookError(
    'RB_REFUSED',
    `No request to ${url} ever connected${detail ? `: ${detail}` : ': every one was refused or its connection broke'}.`,
    {
      hint: 'Is the service running (npm start runs the local sandbox)? Check --url/--env. The report of the run was written all the same.',
    },
  );
}

/** 130 partial; a run that could not be made throws its error (`stopped`: 2 key refused, 3 unreachable); 0 pass; 1 otherwise. */
export function exitCodeOf(report: Report, keyEnv = 'HOLISTICOS_API_KEY'): ExitCode {
  if (report.partial) return EXIT.INTERRUPTED;
  const stopped = report.stopped;
  if (stopped?.cause === 'auth-refused') throw keyRefusedError(report.target.url, stopped.detail, keyEnv);
  if (stopped?.cause === 'unreachable') throw unreachableError(report.target.url, stopped.detail);
  return report.verdict.status === 'pass' ? EXIT.OK : EXIT.FAILED;
}

/** The same rule for checks that collect findings: the worst one picks the code. */
export function exitCodeOfFindings(
  findings: readonly Finding[],
  opts: { strict?: boolean; errorCode?: ExitCode } = {},
): ExitCode {
  return exitFromFindings(findings, opts);
}
