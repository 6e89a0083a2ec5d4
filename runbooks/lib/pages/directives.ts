/**
 * The directives of the handbook's pages, read the same way by the site's remark plugin
 * and by the terminal (checklist.ts): `::run`, `:cfg`, `:::checklist` with `:check`. Errors
 * point at the node, so each reader can report file:line:column.
 */
import type { Node, Parent } from 'unist';
import type { ContainerDirective, TextDirective, LeafDirective } from 'mdast-util-directive';

/** An authoring mistake, pointing at the node so the caller can report file:line. */
export class DirectiveError extends Error {
  constructor(
    message: string,
    readonly node: Node,
  ) {
    super(message);
    this.name = 'DirectiveError';
  }
}

export type AnyDirective = ContainerDirective | LeafDirective | TextDirective;
export const isDirective = (n: Node): n is AnyDirective =>
  n.type === 'containerDirective' || n.type === 'leafDirective' || n.type === 'textDirective';

/** Text of a node; `cfg` directives become their values via `cfgText`, `check` directives vanish. */
export function plainText(node: Node, cfgText: (d: TextDirective) => string): string {
  if (node.type === 'textDirective' && (node as TextDirective).name === 'cfg')
    return cfgText(node as TextDirective);
  if (node.type === 'textDirective' && (node as TextDirective).name === 'check') return '';
  if ('value' in node && typeof node.value === 'string' && node.type !== 'html') return node.value;
  if ('children' in node) return (node as Parent).children.map((c) => plainText(c, cfgText)).join('');
  return '';
}

/** The text of a directive's [label] (its children), e.g. "alerts.memoryMb" in :cfg[alerts.memoryMb]. */
export function labelText(d: AnyDirective): string {
  return d.children
    .map((c) => plainText(c, () => ''))
    .join('')
    .trim();
}

/** Reads `flags="…"` from a directive's attributes into tokens. */
export function flagTokens(d: AnyDirective): string[] {
  return tokenize(d.attributes?.flags ?? '');
}

/** Splits a flags string like a shell would for the simple cases pages need (quotes, no escapes). */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}
