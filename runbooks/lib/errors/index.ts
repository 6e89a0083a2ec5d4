import { EXIT, type ExitCode } from './exit-codes';

/**
 * Stable error codes. Tests and --json consumers assert on these strings, never on
 * message text, so messages can improve without breaking anyone.
 */
export type ErrorCode =
  | 'RB_USAGE'
  | 'RB_CONFIG'
  | 'RB_ENV'
  | 'RB_AUTH'
  | 'RB_UNSAFE_TARGET'
  | 'RB_REFUSED'
  | 'RB_DNS'
  | 'RB_TLS'
  | 'RB_TIMEOUT'
  | 'RB_NETWORK'
  | 'RB_BAD_RESPONSE'
  | 'RB_HTTP'
  | 'RB_CHECK_FAILED'
  | 'RB_INTERRUPTED'
  | 'RB_REPORT';

const EXIT_BY_CODE: Record<ErrorCode, ExitCode> = {
  RB_USAGE: EXIT.USAGE,
  RB_CONFIG: EXIT.USAGE,
  RB_ENV: EXIT.USAGE,
  RB_AUTH: EXIT.USAGE,
  RB_UNSAFE_TARGET: EXIT.USAGE,
  RB_REFUSED: EXIT.UNREACHABLE,
  RB_DNS: EXIT.UNREACHABLE,
  RB_TLS: EXIT.UNREACHABLE,
  RB_TIMEOUT: EXIT.UNREACHABLE,
  RB_NETWORK: EXIT.UNREACHABLE,
  RB_BAD_RESPONSE: EXIT.FAILED,
  RB_HTTP: EXIT.FAILED,
  RB_CHECK_FAILED: EXIT.FAILED,
  RB_INTERRUPTED: EXIT.INTERRUPTED,
  RB_REPORT: EXIT.USAGE,
};

/**
 * The one error type of the toolkit. `message` says what was wrong; `hint` says what to
 * do next. The CLI shell prints both as one paragraph, never a stack trace.
 */
export class RunbookError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { hint?: string; cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'RunbookError';
    this.code = code;
    this.hint = opts.hint;
    this.details = opts.details;
  }

  get exitCode(): ExitCode {
    return EXIT_BY_CODE[this.code];
  }
}

export const usageError = (message: string, hint?: string) => new RunbookError('RB_USAGE', message, { hint });
export const configError = (message: string, hint?: string) =>
  new RunbookError('RB_CONFIG', message, { hint });

export function isRunbookError(e: unknown): e is RunbookError {
  return e instanceof RunbookError;
}

/** Maps an error code to its exit code, for results that carry a code but are not thrown. */
export function exitCodeFor(code: ErrorCode): ExitCode {
  return EXIT_BY_CODE[code];
}

/**
 * The service refused the API key (401/403 to a request that carried it): the one error
 * every script that sends the key gives — smoke, load, stress, cost, benchmark, monitor's
 * synthetic journey, deploy's verify and watch — so a wrong key is exit 2 (RB_AUTH) and
 * reads the same wherever it is met. `detail` says what was refused and how often.
 */
export function keyRefusedError(url: string, detail: string, keyEnv: string): RunbookError {
  return new RunbookError('RB_AUTH', `${url} refused the API key in ${keyEnv}: ${detail}.`, {
    hint: `Export ${keyEnv} with the X-API-Key value this service accepts (it is never printed), then run again.`,
  });
}
