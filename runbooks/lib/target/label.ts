/**
 * What a run targets, in words, from the flags it was given: `--env <name>` names a
 * configured environment; `--url <base>` is an explicit URL and is labelled by what it is
 * (the URL and its host), never as the local environment that `--env` defaults to. One rule
 * for every label: incidents, their briefings and the commands they suggest (and reports).
 */

/** A run's target as chosen on the command line. */
export interface TargetChoice {
  /** --env (default local). */
  env: string;
  /** --url, when given. */
  url?: string | null | undefined;
}

const clean = (url: string) => url.replace(/\/+$/, '');

/** The URL's host and port ("10.0.0.5:8002", "holisticos.onrender.com"); the text itself when it is not a URL. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** The short name of the target: the environment, or for --url the URL's host. */
export function targetName(t: TargetChoice): string {
  return t.url ? urlHost(t.url) : t.env;
}

/** The target in a sentence: "environment staging", or "http://10.0.0.5:8002 (an explicit --url)". */
export function targetLabel(t: TargetChoice): string {
  return t.url ? `${clean(t.url)} (an explicit --url)` : `environment ${t.env}`;
}

/** The flags that point another command at the same target: "--env staging", "--url http://10.0.0.5:8002". */
export function targetFlags(t: TargetChoice): string {
  if (!t.url) return `--env ${t.env}`;
  return t.env && t.env !== 'local' ? `--env ${t.env} --url ${clean(t.url)}` : `--url ${clean(t.url)}`;
}
