/**
 * The one exit-code table. Every script's --help prints it, every error maps onto it,
 * and the site's reference pages render it. Keep codes stable: CI and operators branch on them.
 */
export const EXIT = {
  /** success (warnings allowed; --strict turns warnings into 1) */
  OK: 0,
  /** a check failed, a threshold or SLO was breached, the target is unhealthy */
  FAILED: 1,
  /** usage or config error: bad flag, bad URL, missing env var, invalid config */
  USAGE: 2,
  /** the target or a remote API could not be reached (refused, DNS, TLS, timeout) */
  UNREACHABLE: 3,
  /** interrupted (Ctrl-C); whatever was measured so far is saved, marked partial */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_TABLE: ReadonlyArray<{ code: ExitCode; meaning: string }> = [
  { code: EXIT.OK, meaning: 'success (warnings allowed; --strict turns warnings into 1)' },
  { code: EXIT.FAILED, meaning: 'a check failed, a threshold or SLO was breached, the target is unhealthy' },
  { code: EXIT.USAGE, meaning: 'usage or config error: bad flag, bad URL, missing env var, invalid config' },
  {
    code: EXIT.UNREACHABLE,
    meaning: 'the target or a remote API could not be reached (refused, DNS, TLS, timeout)',
  },
  {
    code: EXIT.INTERRUPTED,
    meaning: 'interrupted (Ctrl-C); whatever was measured so far is saved, marked partial',
  },
];
