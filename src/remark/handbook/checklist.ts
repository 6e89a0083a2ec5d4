import type { ContainerDirective, TextDirective } from 'mdast-util-directive';
import type { List, ListItem, Paragraph, PhrasingContent, RootContent } from 'mdast';
import type { Parent } from 'unist';
import {
  readChecklist,
  DirectiveError,
  resolveCheck,
  checkDisplay,
  cfgText,
  invocationFor,
  invocationShape,
  BUILTIN_CHECKS,
  type Checklist,
} from '@holisticos/runbooks/pages/index';
import { isRunbookError } from '@holisticos/runbooks/errors/index';
import type { NormalizedOptions } from './options';
import { commandProps } from './run';
import { jsxFlow } from './jsx';

const CHECKLIST_SCRIPT = 'checklist';

/** Removes `:check[…]` directives from an item's content (the component shows the binding as a badge). */
function withoutChecks<T extends Parent>(node: T): T {
  const children = node.children
    .filter((c) => !(c.type === 'textDirective' && (c as TextDirective).name === 'check'))
    .map((c) => ('children' in c && c.type !== 'list' ? withoutChecks(c as Parent) : c));
  return { ...node, children } as T;
}

/** The item's content as the component's children: a lone paragraph is unwrapped to its text. */
function itemChildren(li: ListItem): RootContent[] {
  const clean = withoutChecks(li);
  const kids = clean.children as RootContent[];
  if (kids.length === 1 && kids[0]!.type === 'paragraph') {
    const p = kids[0] as Paragraph;
    const phrasing = [...p.children] as PhrasingContent[];
    // Without GFM (the runner's parser, the fixtures) the task box is still text: drop it.
    const first = phrasing[0];
    if (first?.type === 'text')
      phrasing[0] = { ...first, value: first.value.replace(/^\s*\[[ xX]\]\s+/, '') };
    const last = phrasing[phrasing.length - 1];
    if (last?.type === 'text')
      phrasing[phrasing.length - 1] = { ...last, value: last.value.replace(/\s+$/, '') };
    return phrasing as unknown as RootContent[];
  }
  return kids;
}

/** Reads and validates the checklist, failing on an unknown check or bad flags. */
export function checklistData(opts: NormalizedOptions, node: ContainerDirective): Checklist {
  const list = readChecklist(node, (d) => cfgText(opts.config, d));
  for (const item of list.items) {
    if (!item.bind) continue;
    try {
      resolveCheck(item.bind, opts.registry);
    } catch (e) {
      if (isRunbookError(e))
        throw new DirectiveError(
          `checklist "${list.id}", item "${item.text}": ${e.message}`,
          findCheckNode(node, item.line) ?? node,
        );
      throw e;
    }
  }
  return list;
}

function findCheckNode(node: ContainerDirective, line: number | undefined) {
  for (const c of node.children)
    if (c.type === 'list') for (const li of c.children) if (li.position?.start.line === line) return li;
  return undefined;
}

/** `:::checklist{#id title}` → <Checklist …> with each list item a <ChecklistItem …>. */
export function transformChecklist(opts: NormalizedOptions, node: ContainerDirective, pageId: string) {
  const data = checklistData(opts, node);
  const verify = invocationFor(opts.registry, CHECKLIST_SCRIPT, [`${pageId}/${data.id}`], [], node);
  let k = 0;
  const children = node.children.map((child) => {
    if (child.type !== 'list') return child;
    const items = (child as List).children.map((li) => {
      const item = data.items[k++]!;
      const resolved = item.bind ? resolveCheck(item.bind, opts.registry) : undefined;
      const href =
        resolved?.kind === 'script'
          ? `${opts.referenceRoute}/${resolved.check}`
          : resolved
            ? `${opts.referenceRoute}/${CHECKLIST_SCRIPT}#built-in-checks`
            : undefined;
      return jsxFlow(
        'ChecklistItem',
        {
          itemId: item.id,
          check: item.bind?.check,
          checkCommand: resolved ? checkDisplay(resolved, opts.defaultEnv) : undefined,
          // A script check's command follows the environment picker, as command blocks do.
          checkShape:
            resolved?.kind === 'script' ? JSON.stringify(invocationShape(resolved.invocation)) : undefined,
          checkKind: resolved?.kind,
          checkTitle: resolved && resolved.kind !== 'script' ? BUILTIN_CHECKS[resolved.check] : undefined,
          checkHref: href,
          checkEnvs: item.bind?.envs?.join(', '),
        },
        itemChildren(li) as never,
      );
    });
    return jsxFlow('ChecklistItems', {}, items);
  });
  const verifyProps = commandProps(verify, opts.defaultEnv, false, opts.referenceRoute);
  return jsxFlow(
    'Checklist',
    {
      pageId,
      checklistId: data.id,
      title: data.title,
      bound: data.items.filter((i) => i.bind).length,
      verifyShape: verifyProps.shape,
      verifyCommand: verifyProps.command,
      verifyHref: verifyProps.href,
    },
    children as never,
  );
}
