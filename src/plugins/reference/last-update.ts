import { spawnSync } from 'node:child_process';
import type { GeneratedPage } from './pages';

/**
 * What the generated pages are made from: their "last updated" date is the newest commit
 * among these (the pages themselves are git-ignored, so git has no date for them).
 */
export const REFERENCE_SOURCES = [
  'runbooks/lib/registry',
  'runbooks/lib/cli',
  'runbooks/lib/pages',
  'runbooks/lib/faults',
  'runbooks/lib/errors',
  'runbooks.config.ts',
  'src/plugins/reference',
];

/** ISO date of the newest commit touching `paths`, or undefined outside a git checkout (a tarball, an export). */
export function lastCommitDate(cwd: string, paths: readonly string[]): string | undefined {
  const r = spawnSync('git', ['log', '-1', '--format=%cI', '--', ...paths], { cwd, encoding: 'utf8' });
  const date = r.status === 0 ? r.stdout.trim() : '';
  return date || undefined;
}

/** The page with `last_update.date` in its front matter (Docusaurus shows it like a git date); unchanged without a date. */
export function withLastUpdate(page: GeneratedPage, date: string | undefined): GeneratedPage {
  if (!date || !page.content.startsWith('---\n')) return page;
  return {
    ...page,
    content: page.content.replace('---\n', `---\nlast_update: ${JSON.stringify({ date })}\n`),
  };
}
