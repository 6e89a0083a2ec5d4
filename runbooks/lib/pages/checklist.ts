import type { Node, Parent } from 'unist';
import type { ContainerDirective, TextDirective } from 'mdast-util-directive';
import { DirectiveError, flagTokens, labelText, plainText, tokenize } from './directives';
import { ENVIRONMENT_NAMES, isEnvironmentName } from '../config/environments';

/**
 * Checklists as data. The same function reads a `:::checklist` container from the site's
 * MDX tree (remark plugin) and from the runner's remark-parse tree (checklist.ts), so the
 * browser and the terminal see the same items in the same order.
 *
 *   :::checklist{#pre-deploy title="Pre-deployment checklist"}
 *   - [ ] Every required variable is set :check[env-check]
 *   - [ ] Code review approved
 *   :::
 */
export interface Binding {
  /** A registry script id (health, smoke, …) or a built-in check (tests, load-report-fresh, …). */
  check: string;
  /** Flag tokens for the check, from {flags="…"}. */
  flags: string[];
  /** The environments the check applies to, from {envs="staging,production"}; absent = all. Elsewhere it is "not applicable". */
  envs?: string[];
  /** Positional arguments, from {args="…"}: a script's subcommand (`:check[incident]{args="assess"}`). */
  args?: string[];
}

export interface ChecklistItem {
  /** Stable id from the item text (slug), unique within the checklist; keys the browser's ticks. */
  id: string;
  /** Plain text of the item, config values filled in. */
  text: string;
  bind?: Binding;
  line?: number;
}

export interface Checklist {
  id: string;
  title: string;
  items: ChecklistItem[];
  line?: number;
}

/** Slug used for ids: lower-case words joined by dashes, at most 48 characters. */
export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48)
      .replace(/-+$/, '') || 'item'
  );
}

const CHECKLIST_ID = /^[a-z][a-z0-9-]*$/;

/** Finds the one `:check[…]` directive of an item, or none; two is an authoring error. */
export function findCheck(item: Node): TextDirective | undefined {
  const found: TextDirective[] = [];
  const walk = (n: Node) => {
    if (n.type === 'textDirective' && (n as TextDirective).name === 'check') found.push(n as TextDirective);
    if (n.type === 'list') return; // a nested list's checks belong to its own items
    if ('children' in n) (n as Parent).children.forEach(walk);
  };
  ((item as Parent).children ?? []).forEach(walk);
  if (found.length > 1)
    throw new DirectiveError('a checklist item may bind one check; split it into two items', found[1]!);
  return found[0];
}

/** Reads one checklist container; throws DirectiveError on an authoring mistake. */
export function readChecklist(node: ContainerDirective, cfgText: (d: TextDirective) => string): Checklist {
  const id = node.attributes?.id ?? '';
  if (!CHECKLIST_ID.test(id))
    throw new DirectiveError(
      `a checklist needs an id like {#pre-deploy} (lower-case, dashes); got "${id}"`,
      node,
    );
  const items: ChecklistItem[] = [];
  const seen = new Map<string, number>();
  for (const child of node.children) {
    if (child.type !== 'list') continue;
    for (const li of child.children) {
      const check = findCheck(li);
      const text = plainText(li, cfgText)
        .replace(/^\s*\[[ xX]\]\s+/, '')
        .replace(/\s+/g, ' ')
        .trim();
      if (!text) throw new DirectiveError('a checklist item needs text saying what to verify', li);
      // The id names config values by path, not value, so ticks survive a config change.
      let itemId = slugify(plainText(li, (d) => labelText(d)).replace(/^\s*\[[ xX]\]\s+/, ''));
      const n = seen.get(itemId) ?? 0;
      seen.set(itemId, n + 1);
      if (n) itemId = `${itemId}-${n + 1}`;
      const item: ChecklistItem = { id: itemId, text, line: li.position?.start.line };
      if (check) {
        const name = labelText(check);
        if (!name) throw new DirectiveError('a :check needs the check it binds, e.g. :check[health]', check);
        const args = tokenize(check.attributes?.args ?? '');
        item.bind = { check: name, flags: flagTokens(check), ...(args.length ? { args } : {}) };
        const envs = check.attributes?.envs;
        if (envs !== undefined && envs !== null) {
          const list = envs.split(/[\s,]+/).filter(Boolean);
          const bad = list.filter((e) => !isEnvironmentName(e));
          if (!list.length || bad.length)
            throw new DirectiveError(
              `:check[${name}] envs="${envs}" must list environments among ${ENVIRONMENT_NAMES.join(', ')}`,
              check,
            );
          item.bind.envs = list;
        }
      }
      items.push(item);
    }
  }
  if (!items.length)
    throw new DirectiveError(`checklist "${id}" has no items; write them as a list (- [ ] …)`, node);
  return { id, title: node.attributes?.title ?? id, items, line: node.position?.start.line };
}
