import { existsSync, readFileSync, readdirSync, writeFileSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';
import { createJiti } from 'jiti';
import type { ScriptMeta } from '../../../runbooks/lib/registry/types';
import type { Config } from '../../../runbooks/lib/config/schema';
import { buildReferencePages, type FaultInfo, type GeneratedPage } from './pages';
import { lastCommitDate, REFERENCE_SOURCES, withLastUpdate } from './last-update';

export interface ReferencePluginOptions {
  registry: readonly ScriptMeta[];
  config: Config;
  /** The docs folder the pages are written into (as `*.gen.mdx`, git-ignored). */
  docsDir: string;
  /** The sandbox's fault catalogue module, rendered when it exists. */
  faultsModule?: string;
}

/** Reads the sandbox fault catalogue if the sandbox has one yet (any exported array of {name}). */
export async function loadFaults(path: string | undefined): Promise<FaultInfo[] | undefined> {
  if (!path || !existsSync(path)) return undefined;
  const mod = (await createJiti(__filename, { moduleCache: false }).import(path)) as Record<string, unknown>;
  for (const v of Object.values(mod)) {
    const list = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.entries(v).map(([name, f]) => (f && typeof f === 'object' ? { name, ...(f as object) } : null)) : [];
    if (list.length && list.every((f) => f && typeof f === 'object' && typeof (f as FaultInfo).name === 'string')) return list as FaultInfo[];
  }
  return undefined;
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
  const walk = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)])) : []);
  for (const f of walk(resolve(docsDir, 'reference'))) if (f.endsWith('.gen.mdx') && !wanted.has(f)) rmSync(f);
}

/**
 * Generates the reference pages (one per script, exit codes, env vars, sandbox faults)
 * from the registry and the config. It writes them when the plugin is created — before any
 * plugin loads content — so the docs plugin, the sidebar and the search index see them.
 */
export default async function referencePlugin(context: LoadContext, options: ReferencePluginOptions): Promise<Plugin> {
  const faults = await loadFaults(options.faultsModule);
  const updated = lastCommitDate(context.siteDir, REFERENCE_SOURCES);
  writePages(options.docsDir, buildReferencePages(options.registry, options.config, faults).map((p) => withLastUpdate(p, updated)));
  return { name: 'handbook-reference' };
}
