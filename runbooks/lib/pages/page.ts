import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkDirective from 'remark-directive';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import type { Config } from '../config/schema';
import type { EnvironmentName } from '../config/environments';
import type { ScriptMeta } from '../registry/types';
import { readRunBlock, type RunBlock } from './run-block';
import { usageError } from '../errors';
import { readChecklist, type Checklist } from './checklist';
import { DirectiveError } from './directives';
import { cfgText } from './cfg';

/** Blanks YAML front matter but keeps its lines, so positions still match the file. */
function blankFrontMatter(src: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(src);
  return m ? m[0].replace(/[^\n]/g, '') + src.slice(m[0].length) : src;
}

/**
 * Reads every `:::checklist` of a page with remark-parse + remark-directive — the same
 * directive syntax the site's MDX pipeline parses, read by the same `readChecklist`.
 */
export function parseChecklists(source: string, config: Config, file = 'page'): Checklist[] {
  const tree = unified().use(remarkParse).use(remarkDirective).parse(blankFrontMatter(source)) as Root;
  const found: Checklist[] = [];
  visit(tree, 'containerDirective', (node: ContainerDirective) => {
    if (node.name !== 'checklist') return;
    try {
      found.push(readChecklist(node, (d) => cfgText(config, d)));
    } catch (e) {
      if (e instanceof DirectiveError)
        throw usageError(
          `${file}:${e.node.position?.start.line ?? '?'}: ${e.message}.`,
          'Fix the page; the site build reports the same error.',
        );
      throw e;
    }
  });
  return found;
}

/**
 * Every `::run` block of a page, in reading order, read by the same `readRunBlock` the site
 * renders them with. The onboarding test runs them in this order.
 */
export function parseRunBlocks(
  source: string,
  ctx: { config: Config; registry: readonly ScriptMeta[]; defaultEnv: EnvironmentName },
  file = 'page',
): RunBlock[] {
  const tree = unified().use(remarkParse).use(remarkDirective).parse(blankFrontMatter(source)) as Root;
  const found: RunBlock[] = [];
  visit(tree, 'leafDirective', (node: LeafDirective) => {
    if (node.name !== 'run') return;
    try {
      found.push(readRunBlock(ctx, node));
    } catch (e) {
      if (e instanceof DirectiveError)
        throw usageError(
          `${file}:${e.node.position?.start.line ?? '?'}: ${e.message}.`,
          'Fix the page; the site build reports the same error.',
        );
      throw e;
    }
  });
  return found;
}

/** The page file for a page id ("deployment-runbook" → docs/deployment-runbook.mdx). */
export function findPageFile(docsDir: string, pageId: string): string | undefined {
  if (!/^[a-z0-9][a-z0-9/_-]*$/.test(pageId) || pageId.includes('..')) return undefined;
  return ['.mdx', '.md'].map((ext) => resolve(docsDir, pageId + ext)).find((p) => existsSync(p));
}

/** Page ids of every page in docs/ that holds a checklist, for "did you mean" messages. */
export function pagesWithChecklists(docsDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const d of existsSync(dir) ? readdirSync(dir, { withFileTypes: true }) : []) {
      const p = join(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (/\.mdx?$/.test(d.name) && /^:::checklist/m.test(readFileSync(p, 'utf8')))
        out.push(
          relative(docsDir, p)
            .split(sep)
            .join('/')
            .replace(/\.mdx?$/, ''),
        );
    }
  };
  walk(docsDir);
  return out.sort();
}

/** Finds `<page-id>/<checklist-id>` in the docs; throws a usage error listing what exists. */
export function loadChecklist(
  docsDir: string,
  ref: string,
  config: Config,
): { checklist: Checklist; file: string; pageId: string } {
  const slash = ref.lastIndexOf('/');
  if (slash <= 0)
    throw usageError(`"${ref}" is not <page-id>/<checklist-id>.`, `Checklists: ${listAll(docsDir, config)}.`);
  const pageId = ref.slice(0, slash);
  const id = ref.slice(slash + 1);
  const file = findPageFile(docsDir, pageId);
  if (!file)
    throw usageError(
      `No page "${pageId}" in ${docsDir}.`,
      `Pages with checklists: ${pagesWithChecklists(docsDir).join(', ') || 'none'}.`,
    );
  const lists = parseChecklists(readFileSync(file, 'utf8'), config, relative(process.cwd(), file));
  const checklist = lists.find((c) => c.id === id);
  if (!checklist)
    throw usageError(
      `Page "${pageId}" has no checklist "${id}".`,
      `Its checklists: ${lists.map((c) => `${pageId}/${c.id}`).join(', ') || 'none'}.`,
    );
  return { checklist, file, pageId };
}

function listAll(docsDir: string, config: Config): string {
  return (
    pagesWithChecklists(docsDir)
      .flatMap((p) =>
        parseChecklists(readFileSync(findPageFile(docsDir, p)!, 'utf8'), config).map((c) => `${p}/${c.id}`),
      )
      .join(', ') || 'none'
  );
}
