import type { Node, Parent } from 'unist';
import type { ContainerDirective, TextDirective, LeafDirective } from 'mdast-util-directive';

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

/** An authoring mistake, pointing at the node so the caller can report file:line. */
export class DirectiveError extends Error {
  constructor(message: string, readonly node: Node) {
    super(message);
    this.name = 'DirectiveError';
  }
}

export type AnyDirective = ContainerDirective | LeafDirective | TextDirective;
export const isDirective = (n: Node): n is AnyDirective => n.type === 'containerDirective' || n.type === 'leafDirective' || n.type === 'textDirective';

/** Slug used for ids: lower-case words joined by dashes, at most 48 characters. */
export function slugify(text: string): string {
  return text.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48).replace(/-+$/, '') || 'item';
}

const CHECKLIST_ID = /^[a-z][a-z0-9-]*$/;

/** Text of a node; `cfg` directives become their values via `cfgText`, `check` directives vanish. */
export function plainText(node: Node, cfgText: (d: TextDirective) => string): string {
  if (node.type === 'textDirective' && (node as TextDirective).name === 'cfg') return cfgText(node as TextDirective);
  if (node.type === 'textDirective' && (node as TextDirective).name === 'check') return '';
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if ('children' in node) return (node as Parent).children.map((c) => plainText(c, cfgText)).join('');
  return '';
}

/** The text of a directive's [label] (its children), e.g. "alerts.memoryMb" in :cfg[alerts.memoryMb]. */
export function labelText(d: AnyDirective): string {
  return d.children.map((c) => plainText(c, () => '')).join('').trim();
}

/** Finds the one `:check[…]` directive of an item, or none; two is an authoring error. */
export function findCheck(item: Node): TextDirective | undefined {
  const found: TextDirective[] = [];
  const walk = (n: Node) => {
    if (n.type === 'textDirective' && (n as TextDirective).name === 'check') found.push(n as TextDirective);
    if (n.type === 'list') return; // a nested list's checks belong to its own items
    if ('children' in n) (n as Parent).children.forEach(walk);
  };
  ((item as Parent).children ?? []).forEach(walk);
  if (found.length > 1) throw new DirectiveError('a checklist item may bind one check; split it into two items', found[1]!);
  return found[0];
}

/** Reads `flags="…"` from a directive's attributes into tokens. */
export function flagTokens(d: AnyDirective): string[] {
  const raw = d.attributes?.flags ?? '';
  return (raw.match(/"[^"]*"|'[^']*'|\S+/g) ?? []).map((t) => t.replace(/^["']|["']$/g, ''));
}

/** Reads one checklist container; throws DirectiveError on an authoring mistake. */
export function readChecklist(node: ContainerDirective, cfgText: (d: TextDirective) => string): Checklist {
  const id = node.attributes?.id ?? '';
  if (!CHECKLIST_ID.test(id)) throw new DirectiveError(`a checklist needs an id like {#pre-deploy} (lower-case, dashes); got "${id}"`, node);
  const items: ChecklistItem[] = [];
  const seen = new Map<string, number>();
  for (const child of node.children) {
    if (child.type !== 'list') continue;
    for (const li of child.children) {
      const check = findCheck(li);
      const text = plainText(li, cfgText).replace(/^\s*\[[ xX]\]\s+/, '').replace(/\s+/g, ' ').trim();
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
        item.bind = { check: name, flags: flagTokens(check) };
      }
      items.push(item);
    }
  }
  if (!items.length) throw new DirectiveError(`checklist "${id}" has no items; write them as a list (- [ ] …)`, node);
  return { id, title: node.attributes?.title ?? id, items, line: node.position?.start.line };
}
