import { EXIT, type ExitCode } from '../errors/exit-codes';

/** Checks collect findings instead of throwing at the first (checkly's diagnostics). */
export type Severity = 'error' | 'warning' | 'notice';

export interface Finding {
  severity: Severity;
  /** What the finding is about (a variable, a step, a sub-service). */
  subject: string;
  message: string;
  /** What to do about it. */
  hint?: string;
}

/** The worst finding picks the exit code; `errorCode` is what an error means for this check. */
export function exitFromFindings(
  findings: readonly Finding[],
  opts: { strict?: boolean; errorCode?: ExitCode } = {},
): ExitCode {
  if (findings.some((f) => f.severity === 'error')) return opts.errorCode ?? EXIT.FAILED;
  if (opts.strict && findings.some((f) => f.severity === 'warning')) return EXIT.FAILED;
  return EXIT.OK;
}
