/**
 * A `::run[caption]{script="health" env="staging" flags="--strict" args="…" pin}` block as
 * data: the validated invocation, the environment it targets, whether it is pinned there
 * (or the environments it may target, `envs="local,staging"`), and its caption. The remark
 * plugin turns this into a command block.
 */
import type { LeafDirective } from 'mdast-util-directive';
import type { Config } from '../config/schema';
import { ENVIRONMENT_NAMES, isEnvironmentName, type EnvironmentName } from '../config/environments';
import type { ScriptMeta } from '../registry/types';
import { cfgFlagValue } from './cfg';
import { invocationFor, type Invocation } from './command';
import { DirectiveError, labelText, tokenize } from './directives';
import { EXIT_TABLE, type ExitCode } from '../errors/exit-codes';

export interface RunBlock {
  invocation: Invocation;
  env: EnvironmentName;
  /** Pinned blocks stay on their environment whatever the reader picks. */
  pinned: boolean;
  /**
   * The environments the block may target (`envs="local,staging"`), when not all: the picker
   * moves it only among them and leaves it as written otherwise, saying why (a load test on
   * a page that says load never runs on production never becomes `--env production`).
   */
  envs: EnvironmentName[] | undefined;
  caption: string | undefined;
  /** The exit code the page says the reader will see here ({exit="1"}), with its meaning; the onboarding test holds the page to it. */
  expectExit: { code: ExitCode; meaning: string } | undefined;
  /**
   * {background="You are the responder"}: the command keeps running while the reader goes
   * on in another terminal, once it has printed this text. The onboarding test starts it,
   * waits for the text, runs the blocks that follow, then holds it to its exit code.
   */
  background: string | undefined;
}

const RUN_ATTRS = new Set(['script', 'env', 'envs', 'flags', 'args', 'pin', 'exit', 'background']);

/** Reads and validates a `::run` directive; throws DirectiveError on an authoring mistake. */
export function readRunBlock(
  ctx: { config: Config; registry: readonly ScriptMeta[]; defaultEnv: EnvironmentName },
  node: LeafDirective,
): RunBlock {
  const a = node.attributes ?? {};
  for (const k of Object.keys(a))
    if (!RUN_ATTRS.has(k))
      throw new DirectiveError(
        `::run does not take "${k}"; it takes script, env, envs, flags, args, pin, exit and background`,
        node,
      );
  const script = a.script ?? '';
  if (!script) throw new DirectiveError('::run needs script="…" naming a runbook script', node);
  const env = a.env ?? ctx.defaultEnv;
  if (!isEnvironmentName(env))
    throw new DirectiveError(
      `::run env "${env}" is not an environment; use ${ENVIRONMENT_NAMES.join(', ')}`,
      node,
    );
  const pinned = 'pin' in a;
  if (pinned && !a.env) throw new DirectiveError('::run{pin} needs env="…" to pin the block to', node);
  const envs = readEnvs(a.envs, env, pinned, node);
  const flags = tokenize(a.flags ?? '').map((t) => cfgFlagValue(ctx.config, t, node));
  // A block pinned to production is the one place a page may write the confirmation itself.
  const invocation = invocationFor(ctx.registry, script, tokenize(a.args ?? ''), flags, node, {
    allowConfirm: pinned && env === 'production',
  });
  let expectExit: RunBlock['expectExit'];
  if (a.exit !== undefined && a.exit !== null) {
    const row = EXIT_TABLE.find((r) => String(r.code) === a.exit);
    if (!row)
      throw new DirectiveError(
        `::run exit="${a.exit}" is not an exit code of the scripts (${EXIT_TABLE.map((r) => r.code).join(', ')})`,
        node,
      );
    expectExit = { code: row.code, meaning: row.meaning };
  }
  const background = a.background ?? undefined;
  if (background !== undefined && !background.trim())
    throw new DirectiveError(
      '::run{background} needs the text the command prints when the reader can go on, e.g. background="You are the responder"',
      node,
    );
  return { invocation, env, pinned, envs, caption: labelText(node) || undefined, expectExit, background };
}

/** `envs="local,staging"`: known environments, the written one among them, and not with pin (which allows one). */
function readEnvs(
  raw: string | null | undefined,
  env: EnvironmentName,
  pinned: boolean,
  node: LeafDirective,
): EnvironmentName[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (pinned)
    throw new DirectiveError('::run takes pin or envs, not both: pin allows only the env="…" it names', node);
  const list = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (!list.length)
    throw new DirectiveError('::run{envs} needs environments, e.g. envs="local,staging"', node);
  for (const e of list)
    if (!isEnvironmentName(e))
      throw new DirectiveError(
        `::run envs names "${e}", which is not an environment; use ${ENVIRONMENT_NAMES.join(', ')}`,
        node,
      );
  if (!list.includes(env))
    throw new DirectiveError(
      `::run envs="${list.join(',')}" leaves out the block's own environment "${env}"; add it or change env`,
      node,
    );
  return list as EnvironmentName[];
}
