import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from '../helpers/root';

/**
 * For every docs page, how many commands its MDX source writes with --confirm-production
 * (in a `::run` flags attribute or a fenced code block), keyed by the page's route below
 * the base URL ("docs/overview/"). The browser walk holds the built pages to it: no command
 * block may carry the flag unless its own source wrote it.
 */
export function confirmWrittenBySource(docsDir = join(ROOT, 'docs')): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
      d.isDirectory() ? walk(join(dir, d.name)) : /^[^_].*\.mdx?$/.test(d.name) ? [join(dir, d.name)] : [],
    );
  for (const file of walk(docsDir)) {
    const text = readFileSync(file, 'utf8');
    out.set(routeOf(relative(docsDir, file).split(sep).join('/'), text), countWrites(text));
  }
  return out;
}

/** The docs route of a file: its front matter `slug`, else its folder plus `id` (or file name); index files are their folder. */
export function routeOf(relPath: string, text: string): string {
  const fm = /^---\n([\s\S]*?)\n---/.exec(text)?.[1] ?? '';
  const field = (k: string) => new RegExp(`^${k}:\\s*"?([^"\\n]+)"?\\s*$`, 'm').exec(fm)?.[1];
  const slug = field('slug');
  if (slug?.startsWith('/')) return `docs${slug.replace(/\/?$/, '/')}`;
  const dir = relPath.includes('/') ? relPath.slice(0, relPath.lastIndexOf('/') + 1) : '';
  const name = field('id') ?? relPath.slice(dir.length).replace(/(\.gen)?\.mdx?$/, '');
  return name === 'index' ? `docs/${dir}` : `docs/${dir}${name}/`;
}

function countWrites(text: string): number {
  let n = 0;
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    if ((fenced || /^\s*::run/.test(line)) && line.includes('--confirm-production')) n++;
  }
  return n;
}
