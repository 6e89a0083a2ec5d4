/**
 * The one exit-code rule of long runs, from what they produced. A report that says the
 * run could not be made at all (no request connected, the key refused) throws the stable
 * error; the shell prints it as one paragraph after the report was written.
 */
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { RunbookError } from '../errors';
import type { Finding } from '../checks/findings';
import { exitFromFindings } from '../checks/findings';
import type { Report } from '../report/schema';

/** When no request of a run ever connected. */
export function unreachableError(url: string): RunbookError {
  return new RunbookError(
    'RB_REFUSED',
    `No request to ${url} ever connected: every one was refused or its connection broke.`,
    {
      hint: 'Is the service running (npm start runs the local sandbox)? Check --url/--env. The report of the run was written all the same.',
    },
  );
}

/** When the service refused the API key. */
export function keyRefusedError(
  url: string,
  detail: string | undefined,
  keyEnv = 'HOLISTICOS_API_KEY',
): RunbookError {
  return new RunbookError(
    'RB_AUTH',
    `${url} refused the API key: ${detail ?? 'its requests were answered 401/403'}. The run stopped instead of sending more.`,
    {
      hint: `Export ${keyEnv} with the X-API-Key value this service accepts (it is never printed).`,
    },
  );
}

function neverConnected(steps: readonly { requests: number; errors: { connection: number } }[]): boolean {
  const requests = steps.reduce((a, s) => a + s.requests, 0);
  return requests > 0 && steps.reduce((a, s) => a + s.errors.connection, 0) === requests;
}

/** 130 partial; refusals thrown (2 key, 3 unreachable); 0 pass; 1 otherwise. */
export function exitCodeOf(report: Report): ExitCode {
  if (report.partial) return EXIT.INTERRUPTED;
  const url = report.target.url;
  if (report.kind === 'load') {
    if (report.load.stoppedBy === 'auth-refused') throw keyRefusedError(url, report.load.stopDetail);
    if (neverConnected(report.load.steps)) throw unreachableError(url);
  }
  if (report.kind === 'cost' && report.cost.validation?.unreachable) throw unreachableError(url);
  if (report.kind === 'stress') {
    const cause = report.stress.stoppedEarly?.cause;
    if (cause === 'auth-refused') throw keyRefusedError(url, report.stress.stoppedEarly?.reason);
    if (cause === 'unreachable') throw unreachableError(url);
  }
  return report.verdict.status === 'pass' ? EXIT.OK : EXIT.FAILED;
}

/** The same rule for checks that collect findings: the worst one picks the code. */
export function exitCodeOfFindings(
  findings: readonly Finding[],
  opts: { strict?: boolean; errorCode?: ExitCode } = {},
): ExitCode {
  return exitFromFindings(findings, opts);
}
