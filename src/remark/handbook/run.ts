import type { LeafDirective } from 'mdast-util-directive';
import { SAFETY_LABEL, type ScriptMeta } from '../../../runbooks/lib/registry/types';
import { validateInvocation, invocationShape, renderCommand, tokenize, type Invocation } from '../../../runbooks/lib/checklist/command';
import { isRunbookError } from '../../../runbooks/lib/errors';
import { lookupConfig } from '../../../runbooks/lib/checklist/cfg';
import { DirectiveError, labelText } from '../../../runbooks/lib/checklist/model';
import type { NormalizedOptions } from './options';
import { jsxFlow } from './jsx';

const ENVS = ['local', 'staging', 'production'];
const RUN_ATTRS = new Set(['script', 'env', 'flags', 'args', 'pin']);

/** Validates a script invocation for a directive, turning the parser's usage error into a DirectiveError. */
export function invocationFor(registry: readonly ScriptMeta[], script: string, positionals: string[], flags: string[], node: LeafDirective | { type: string }, opts: { allowConfirm?: boolean } = {}): Invocation {
  const meta = registry.find((m) => m.id === script);
  if (!meta) throw new DirectiveError(`unknown script "${script}"; the registry has: ${registry.map((m) => m.id).join(', ')}`, node);
  try {
    return validateInvocation(meta, positionals, flags, opts);
  } catch (e) {
    if (isRunbookError(e)) throw new DirectiveError(`${script}: ${e.message}${e.hint ? ` ${e.hint}` : ''}`, node);
    throw e;
  }
}

/** The props a command block component receives: everything it needs to rebuild the command for another env. */
export function commandProps(inv: Invocation, env: string, pinned: boolean, referenceRoute: string) {
  return {
    script: inv.meta.id,
    shape: JSON.stringify(invocationShape(inv)),
    env,
    pinned,
    command: renderCommand(inv, inv.meta.targeted ? env : undefined),
    safety: inv.meta.safety,
    safetyLabel: SAFETY_LABEL[inv.meta.safety],
    href: `${referenceRoute}/${inv.meta.id}`,
  };
}

/**
 * A flag value written `cfg:slo.concurrentUsers` takes the config's raw value, so a command
 * that passes a configured number (users, steps) changes with the config like the prose does.
 */
function configToken(opts: NormalizedOptions, token: string, node: LeafDirective): string {
  if (!token.startsWith('cfg:')) return token;
  const path = token.slice(4);
  const found = lookupConfig(opts.config, path);
  if (!found.ok) throw new DirectiveError(`flag value ${token}: ${found.reason}`, node);
  if (typeof found.value !== 'number' && typeof found.value !== 'string') throw new DirectiveError(`flag value ${token} is not a number or text`, node);
  return String(found.value);
}

/** `::run[caption]{script="health" env="staging" flags="--strict" args="…" pin}` → <RunCommand …/>. */
export function transformRun(opts: NormalizedOptions, node: LeafDirective) {
  const a = node.attributes ?? {};
  for (const k of Object.keys(a)) if (!RUN_ATTRS.has(k)) throw new DirectiveError(`::run does not take "${k}"; it takes script, env, flags, args and pin`, node);
  const script = a.script ?? '';
  if (!script) throw new DirectiveError('::run needs script="…" naming a runbook script', node);
  const env = a.env ?? opts.defaultEnv;
  if (!ENVS.includes(env)) throw new DirectiveError(`::run env "${env}" is not an environment; use ${ENVS.join(', ')}`, node);
  const pinned = 'pin' in a;
  if (pinned && !a.env) throw new DirectiveError('::run{pin} needs env="…" to pin the block to', node);
  const flags = tokenize(a.flags ?? '').map((t) => configToken(opts, t, node));
  // A block pinned to production is the one place a page may write the confirmation itself.
  const inv = invocationFor(opts.registry, script, tokenize(a.args ?? ''), flags, node, { allowConfirm: pinned && env === 'production' });
  const caption = labelText(node);
  return jsxFlow('RunCommand', { ...commandProps(inv, env, pinned, opts.referenceRoute), caption: caption || undefined });
}
