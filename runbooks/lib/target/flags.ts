/**
 * The flags that point another command at the target a run was given, so the commands an
 * incident suggests reach what it was opened on: `--env staging`, or `--url <base>` for an
 * explicit URL (with `--env` too when it is not the default, whose settings the run borrows).
 * How the target is named is label.ts's rule.
 */

/** A run's target as chosen on the command line. */
export interface TargetChoice {
  /** --env (default local). */
  env: string;
  /** --url, when given. */
  url?: string | null | undefined;
}

/** "--env staging", "--url http://10.0.0.5:8002", "--env staging --url https://s.example". */
export function targetFlags(t: TargetChoice): string {
  if (!t.url) return `--env ${t.env}`;
  const url = t.url.replace(/\/+$/, '');
  return t.env && t.env !== 'local' ? `--env ${t.env} --url ${url}` : `--url ${url}`;
}
