import { relative, sep } from 'node:path';
import type { Root } from 'mdast';
import type { Node, Parent } from 'unist';
import type { VFile } from 'vfile';
import { visit, SKIP } from 'unist-util-visit';
import { DirectiveError, isDirective, type AnyDirective } from '@holisticos/runbooks/pages/index';
import { normalize, type HandbookRemarkOptions, type NormalizedOptions } from './options';
import { transformCfg } from './cfg';
import { transformRun } from './run';
import { transformChecklist } from './checklist';
import { transformTemplate } from './template';
import { transformFile } from './file';

export type { HandbookRemarkOptions } from './options';

const HANDLED: Record<string, AnyDirective['type']> = {
  run: 'leafDirective',
  file: 'leafDirective',
  cfg: 'textDirective',
  checklist: 'containerDirective',
  template: 'containerDirective',
};
const SYNTAX: Record<AnyDirective['type'], string> = {
  leafDirective: '::',
  textDirective: ':',
  containerDirective: ':::',
};

/** The page id the checklist runner uses: the path below docs/ without the extension. */
export function pageIdOf(file: VFile, docsDir: string): string {
  const p = file.path ? relative(docsDir, file.path) : 'page';
  return p
    .split(sep)
    .join('/')
    .replace(/\.mdx?$/, '');
}

/** "docs/x.mdx:12:3" for error messages. */
function where(file: VFile, node: Node, rootDir: string): string {
  const p = file.path ? relative(rootDir, file.path) : '<input>';
  const pos = node.position?.start;
  return pos ? `${p}:${pos.line}:${pos.column}` : p;
}

/** An authoring error in a page; its message starts with file:line:column so the build log points at the source. */
export class PageError extends Error {
  constructor(
    message: string,
    readonly location: string,
  ) {
    super(`${location}: ${message}`);
    this.name = 'PageError';
  }
}

// A plain Error rather than file.fail(): Docusaurus prints a VFileMessage's whole node
// tree as "Details", burying the one line that matters.
function fail(file: VFile, node: Node, message: string, rootDir: string): never {
  throw new PageError(message, where(file, node, rootDir));
}

/**
 * The transform, pure over (tree, file): checklists first (their items read `:cfg` and
 * `:check`), then config values, then command blocks and files, then any directive left over is an
 * authoring error — Docusaurus would only warn and render nothing.
 */
export function transform(opts: NormalizedOptions, tree: Root, file: VFile): void {
  const pageId = pageIdOf(file, opts.docsDir);
  const replace = (node: Node, index: number | undefined, parent: Parent | undefined, make: () => Node) => {
    if (!parent || index === undefined) return;
    try {
      parent.children[index] = make() as never;
    } catch (e) {
      if (e instanceof DirectiveError) fail(file, e.node.position ? e.node : node, e.message, opts.rootDir);
      throw e;
    }
  };
  visit(tree, 'containerDirective', (node, index, parent) => {
    if (node.name !== 'checklist') return;
    replace(node, index, parent, () => transformChecklist(opts, node, pageId));
    return SKIP;
  });
  // Templates wrap ordinary content (which may hold :cfg): only the wrapper is replaced.
  visit(tree, 'containerDirective', (node, index, parent) => {
    if (node.name === 'template') replace(node, index, parent, () => transformTemplate(node));
  });
  visit(tree, 'textDirective', (node, index, parent) => {
    if (node.name === 'cfg') replace(node, index, parent, () => transformCfg(opts.config, node));
  });
  visit(tree, 'leafDirective', (node, index, parent) => {
    if (node.name === 'run') replace(node, index, parent, () => transformRun(opts, node));
    else if (node.name === 'file') replace(node, index, parent, () => transformFile(opts, node));
  });
  visit(tree, (node: Node) => {
    if (!isDirective(node) || opts.allowDirectives.includes(node.name)) return;
    const d = node as AnyDirective;
    const expected = HANDLED[d.name];
    if (expected)
      fail(
        file,
        d,
        `${SYNTAX[d.type]}${d.name} is written with the wrong number of colons: use ${SYNTAX[expected]}${d.name}`,
        opts.rootDir,
      );
    if (d.name === 'check') fail(file, d, ':check[…] belongs inside a :::checklist item', opts.rootDir);
    fail(
      file,
      d,
      `unknown directive ${SYNTAX[d.type]}${d.name}; the handbook knows ::run, ::file, :cfg, :::checklist (with :check), :::template and the admonitions ${opts.allowDirectives.join(', ')}. For a literal colon before a word, escape it: \\:${d.name}`,
      opts.rootDir,
    );
  });
}

/** The remark plugin: `remarkPlugins: [[handbookRemark, { config, registry }]]`. */
export default function handbookRemark(options: HandbookRemarkOptions) {
  const opts = normalize(options);
  return (tree: Root, file: VFile) => transform(opts, tree, file);
}
