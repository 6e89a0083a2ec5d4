/**
 * Artillery installed on demand: tools/artillery/ has its own package.json and lockfile,
 * so the root `npm install` never pulls its ~600 MB tree (cloud SDKs, a browser engine).
 * These helpers say where it lives, whether the locked version is there, and how to
 * install and run it (telemetry off, no browser download, no tsx loader in its way).
 * The runner shell is scripts/artillery.ts (`npm run artillery:install`, `npm run artillery -- …`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOOL_DIR = 'tools/artillery';

const readJson = (p: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

/** The Artillery version tools/artillery/package.json pins (e.g. "2.0.21"), or undefined. */
export function lockedVersion(root: string): string | undefined {
  const deps = readJson(join(root, TOOL_DIR, 'package.json'))?.dependencies as
    Record<string, string> | undefined;
  return deps?.artillery?.replace(/^[=v]/, '');
}

/** The version installed under tools/artillery/node_modules, or undefined. */
export function installedVersion(root: string): string | undefined {
  const v = readJson(join(root, TOOL_DIR, 'node_modules/artillery/package.json'))?.version;
  return typeof v === 'string' ? v : undefined;
}

/** Installed at the pinned version (then installing again does nothing). */
export function isInstalled(root: string): boolean {
  const locked = lockedVersion(root);
  return locked !== undefined && installedVersion(root) === locked && existsSync(artilleryBin(root));
}

/** Artillery's CLI entry (a Node script: run it with process.execPath). */
export function artilleryBin(root: string): string {
  return join(root, TOOL_DIR, 'node_modules/artillery/bin/run');
}

/**
 * The environment for npm and Artillery: telemetry off, no Playwright browser download, and
 * without the handbook's tsx loader (the root .npmrc's node-options), which npm and npx pass
 * on in NODE_OPTIONS and npm_config_node_options.
 */
export function toolEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...env,
    ARTILLERY_DISABLE_TELEMETRY: 'true',
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  };
  delete out.NODE_OPTIONS;
  delete out.npm_config_node_options;
  delete out.NPM_CONFIG_NODE_OPTIONS;
  return out;
}

/** `npm ci` of tools/artillery from its lockfile. */
export function installArgs(root: string): string[] {
  return ['ci', '--prefix', join(root, TOOL_DIR), '--no-audit', '--no-fund', '--loglevel=error'];
}
