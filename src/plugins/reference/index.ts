import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import type { ScriptMeta } from '@holisticos/runbooks/registry/types';
import type { Config } from '@holisticos/runbooks/config/schema';
import type { FaultSpec } from '@holisticos/runbooks/faults/catalogue';
import { buildReferencePages, type GeneratedPage } from './pages';
import { lastCommitDate, REFERENCE_SOURCES, withLastUpdate } from './last-update';

export interface ReferencePluginOptions {
  registry: readonly ScriptMeta[];
  config: Config;
  /** The docs folder the pages are written into (as `*.gen.mdx`, git-ignored). */
  docsDir: string;
  /** The fault catalogue (runbooks/lib/faults), rendered as the faults' reference page. */
  faults: readonly FaultSpec[];
}

/** Writes the pages (atomically), touching only files whose content changed (so `docusaurus start` does not reload in a loop), and removes stale ones. */
export function writePages(docsDir: string, pages: GeneratedPage[]): void {
  const wanted = new Set(pages.map((p) => resolve(docsDir, p.path)));
  for (const p of pages) {
    const file = resolve(docsDir, p.path);
    if (existsSync(file) && readFileSync(file, 'utf8') === p.content) continue;
    mkdirSync(dirname(file), { recursive: true });
    // Atomically: tests that read docs/ may run while `npm test` builds the site.
    writeFileSync(`${file}.${process.pid}.tmp`, p.content);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  const walk = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
          d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)],
        )
      : [];
  for (const f of walk(resolve(docsDir, 'reference')))
    if (f.endsWith('.gen.mdx') && !wanted.has(f)) rmSync(f);
}

/**
 * Generates the reference pages (one per script, exit codes, env vars, sandbox faults)
 * from the registry and the config. It writes them when the plugin is created — before any
 * plugin loads content — so the docs plugin, the sidebar and the search index see them.
 */
export default async function referencePlugin(
  context: LoadContext,
  options: ReferencePluginOptions,
): Promise<Plugin> {
  const updated = lastCommitDate(context.siteDir, REFERENCE_SOURCES);
  writePages(
    options.docsDir,
    buildReferencePages(options.registry, options.config, options.faults).map((p) =>
      withLastUpdate(p, updated),
    ),
  );
  return { name: 'handbook-reference' };
}
