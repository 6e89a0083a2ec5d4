// The runbooks compiled ahead of time for the test suite: each runbooks/<id>.ts with the
// repository's own modules bundled into one file, node_modules packages left as imports.
//
// Why: a runbook started with the tsx loader spends 1.2-1.9 s of CPU before its first
// request (the loader's thread, then every module of the graph through its hooks), and the
// integration tests start hundreds of them: most of their CPU on two cores. The same
// program compiled by esbuild (tsx's own compiler) starts in 0.5-0.7 s. `npm test` builds
// them fresh before the node tests and points RUNBOOKS_BUNDLE at them; tests/helpers/run.ts
// then runs `node <bundle>` where it would run `node --import tsx/esm runbooks/<id>.ts`.
// What an operator types (`npx zx runbooks/<id>.ts`) is still run as typed by the tests that
// follow a page (the onboarding test) and by every process a runbook starts itself.
//
// The bundles live three folders below the root (node_modules/.cache/runbooks/), as
// runbooks/lib/config/load.ts does: REPO_ROOT, found from the module's own URL, is then the
// same in both.
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE_DIR = join(ROOT, 'node_modules', '.cache', 'runbooks');

/** Builds every runbook; resolves with the folder. */
export async function buildRunbookBundles() {
  const entries = readdirSync(join(ROOT, 'runbooks'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(ROOT, 'runbooks', f));
  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  await build({
    entryPoints: entries,
    outdir: BUNDLE_DIR,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return BUNDLE_DIR;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await buildRunbookBundles());
