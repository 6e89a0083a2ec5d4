/**
 * The real config with a few fields changed, for tests that need a number the shipped
 * config would not allow in a test's time (a 1 s synthetic interval, say). The temp file
 * imports runbooks.config.ts and merges the overrides into it, so every other field is the
 * shipped one and the file is validated like any config.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './run';
import { loadConfig } from '../../runbooks/lib/config/load';
import type { Config } from '../../runbooks/lib/config/schema';

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

/** Writes a config file = runbooks.config.ts with `overrides` merged in; returns its path (for RUNBOOKS_CONFIG). */
export function configFileWith(overrides: DeepPartial<Config>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rb-config-'));
  const file = join(dir, 'runbooks.config.ts');
  const src = [
    `import base from ${JSON.stringify(join(ROOT, 'runbooks.config.ts'))};`,
    'const merge = (a: any, b: any): any => (b && typeof b === "object" && !Array.isArray(b) && a && typeof a === "object" ? Object.fromEntries([...new Set([...Object.keys(a), ...Object.keys(b)])].map((k) => [k, k in b ? merge(a[k], b[k]) : a[k]])) : b);',
    `export default merge(base, ${JSON.stringify(overrides)});`,
  ].join('\n');
  writeFileSync(file, src);
  return file;
}

/** The validated config with `overrides` merged in. */
export function configWith(overrides: DeepPartial<Config>): Promise<Config> {
  return loadConfig(configFileWith(overrides));
}
