import type { ContainerDirective } from 'mdast-util-directive';
import { DirectiveError } from '@holisticos/runbooks/pages/index';
import { jsxFlow } from './jsx';

/**
 * `:::template{name="first message"}` … `:::` → <CopyTemplate name="…">…</CopyTemplate>:
 * a message to paste into a channel, shown as written and copied as the reader sees it
 * (config values filled in). The name says what the copy button copies.
 */
export function transformTemplate(node: ContainerDirective) {
  const a = node.attributes ?? {};
  for (const k of Object.keys(a))
    if (k !== 'name') throw new DirectiveError(`:::template does not take "${k}"; it takes name="…"`, node);
  const name = a.name?.trim();
  if (!name)
    throw new DirectiveError(
      ':::template needs name="…": the copy button says which message it copies',
      node,
    );
  return jsxFlow('CopyTemplate', { name }, node.children as never);
}
