import type { LeafDirective } from 'mdast-util-directive';
import { SAFETY_LABEL, takesEnv } from '@holisticos/runbooks/registry/index';
import {
  invocationShape,
  readRunBlock,
  renderCommand,
  type Invocation,
} from '@holisticos/runbooks/pages/index';
import type { NormalizedOptions } from './options';
import { jsxFlow } from './jsx';

/** The props a command block component receives: everything it needs to rebuild the command for another env. */
export function commandProps(inv: Invocation, env: string, pinned: boolean, referenceRoute: string) {
  return {
    script: inv.meta.id,
    shape: JSON.stringify(invocationShape(inv)),
    env,
    pinned,
    command: renderCommand(inv, takesEnv(inv.meta) ? env : undefined),
    safety: inv.meta.safety,
    safetyLabel: SAFETY_LABEL[inv.meta.safety],
    href: `${referenceRoute}/${inv.meta.id}`,
  };
}

/** `::run[caption]{script="health" env="staging" flags="--strict" args="…" pin|envs="…"}` → <RunCommand …/>. */
export function transformRun(opts: NormalizedOptions, node: LeafDirective) {
  const b = readRunBlock(opts, node);
  return jsxFlow('RunCommand', {
    ...commandProps(b.invocation, b.env, b.pinned, opts.referenceRoute),
    envs: b.envs?.join(','),
    caption: b.caption,
    ...(b.expectExit ? { expectExit: String(b.expectExit.code), expectMeaning: b.expectExit.meaning } : {}),
    ...(b.background ? { background: b.background } : {}),
  });
}
