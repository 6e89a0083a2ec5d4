import type { Node } from 'unist';
import type { ScriptMeta } from '../registry/types';
import { takesEnv } from '../registry/common-flags';
import { parseFlags } from '../cli/flags';
import { RunbookError, isRunbookError, usageError } from '../errors';
import { shapeArgv, shellQuote, type CommandShape } from './render';
import { DirectiveError, tokenize } from './directives';

/**
 * One invocation of a registry script, as a page binds it: the script, its positionals and
 * flags (validated by the very parser the script uses, so a page cannot show a command the
 * script would reject). The environment is kept apart because the site's picker rewrites it.
 */
export interface Invocation {
  meta: ScriptMeta;
  positionals: string[];
  /** Flag tokens as written, e.g. ["--strict", "--only", "liveness,health"]. */
  flags: string[];
}

/** Flags a page may not write: the environment picker owns --env/--url. */
const RESERVED: Record<string, string> = {
  env: 'use the env="…" attribute (the site’s environment picker rewrites it)',
  url: 'pages name environments, not URLs; use env="…"',
  help: 'link to the reference page instead',
};

export const CONFIRM_FLAG = 'confirm-production';

/**
 * Why --confirm-production may appear only where a page pins a block to production: the
 * person acting on production types the confirmation; a block that follows the picker
 * would carry it to production for them (or to another environment, where it is noise).
 */
const CONFIRM_RULE =
  'write it only in a block pinned to production (env="production" pin); anywhere else the person running the command types it';

/** Whether the script takes the production confirmation flag. */
export function hasConfirmFlag(meta: ScriptMeta): boolean {
  return meta.flags.some((f) => f.name === CONFIRM_FLAG);
}

/**
 * Validates flag and positional tokens against a script's metadata; throws a RunbookError
 * (RB_USAGE) whose message says what is wrong, exactly as the script itself would.
 */
export function validateInvocation(
  meta: ScriptMeta,
  positionals: string[],
  flags: string[],
  opts: { allowConfirm?: boolean } = {},
): Invocation {
  for (const tok of flags) {
    const name = tok.startsWith('--') ? tok.slice(2).split('=')[0]! : undefined;
    if (name && RESERVED[name])
      throw usageError(`--${name} may not be written in a command block: ${RESERVED[name]}.`);
    if (name === CONFIRM_FLAG && !opts.allowConfirm)
      throw usageError(`--${CONFIRM_FLAG} may not be written here: ${CONFIRM_RULE}.`);
  }
  const parsed = parseFlags(meta, [...positionals, ...flags]);
  if (parsed.positionals.length !== positionals.length) {
    throw usageError(
      `${meta.id} does not take the argument "${parsed.positionals.slice(positionals.length).join(' ')}"; flags take their values as --flag value.`,
    );
  }
  if (positionals.length && !meta.positionals)
    throw usageError(`${meta.id} takes no positional arguments (got "${positionals.join(' ')}").`);
  if (!positionals.length && meta.positionals && !meta.positionals.startsWith('[')) {
    throw usageError(`${meta.id} needs ${meta.positionals}; give it with args="…".`);
  }
  return { meta, positionals, flags };
}

/** A page's invocation of `script`, validated; the parser's usage error becomes a DirectiveError at `node`. */
export function invocationFor(
  registry: readonly ScriptMeta[],
  script: string,
  positionals: string[],
  flags: string[],
  node: Node,
  opts: { allowConfirm?: boolean } = {},
): Invocation {
  const meta = registry.find((m) => m.id === script);
  if (!meta)
    throw new DirectiveError(
      `unknown script "${script}"; the registry has: ${registry.map((m) => m.id).join(', ')}`,
      node,
    );
  try {
    return validateInvocation(meta, positionals, flags, opts);
  } catch (e) {
    if (isRunbookError(e))
      throw new DirectiveError(`${script}: ${e.message}${e.hint ? ` ${e.hint}` : ''}`, node);
    throw e;
  }
}

/** The plain-data shape the site's component receives. */
export function invocationShape(inv: Invocation): CommandShape {
  return {
    script: inv.meta.id,
    positionals: inv.positionals,
    flags: inv.flags,
    targeted: takesEnv(inv.meta),
  };
}

/** The argv after `npx`: ["zx", "runbooks/<id>.ts", …positionals, --env <env>, …flags]. */
export function invocationArgv(inv: Invocation, env: string | undefined): string[] {
  return shapeArgv(invocationShape(inv), env);
}

/** The exact command line an operator types (and the site shows and copies). */
export function renderCommand(inv: Invocation, env: string | undefined): string {
  return ['npx', ...invocationArgv(inv, env)].map(shellQuote).join(' ');
}

/** Parses a free-hand command ("npx zx runbooks/x.ts --env staging --strict") back into parts (registry examples). */
export function parseCommandLine(
  line: string,
):
  | { id: string; env: string | undefined; positionals: string[]; flags: string[]; shellSuffix: string }
  | undefined {
  // Shell plumbing after the command (`> out.jsonl`, `| jq …`, `&& …`) is not the script's: keep it apart.
  const cut = /\s(?:\d?>>?|\||&&|;)\s?/.exec(line);
  const shellSuffix = cut ? line.slice(cut.index).trim() : '';
  const toks = tokenize(cut ? line.slice(0, cut.index) : line);
  const m = toks[0] === 'npx' && toks[1] === 'zx' ? /^runbooks\/([a-z0-9-]+)\.ts$/.exec(toks[2] ?? '') : null;
  if (!m) return undefined;
  const rest = toks.slice(3);
  let env: string | undefined;
  const positionals: string[] = [];
  const flags: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const t = rest[i]!;
    if (t === '--env') env = rest[++i];
    else if (t.startsWith('--env=')) env = t.slice(6);
    else if (!t.startsWith('-') && !flags.length) positionals.push(t);
    else flags.push(t);
  }
  return { id: m[1]!, env, positionals, flags, shellSuffix };
}

export { RunbookError, shellQuote, tokenize };
