import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig } from '@playwright/test';
import { serveStatic } from '../helpers/static-server';
import { ROOT } from '../helpers/root';
import { chromiumPath } from './browser';

/**
 * Runs once in Playwright's runner process, before any worker starts: serves build/ with
 * the plain static server (it lives as long as the run) and finds the Chromium. Workers
 * inherit both through the environment and read them in playwright.config.ts.
 */
export default async function globalSetup(_config: FullConfig): Promise<() => Promise<void>> {
  const build = join(ROOT, 'build');
  if (!existsSync(join(build, 'index.html')))
    throw new Error('build/ is missing: run `npx docusaurus build` first (npm test does).');
  process.env.CHROMIUM_PATH = await chromiumPath();
  const server = await serveStatic(build, process.env.HANDBOOK_BASE_URL ?? '/');
  process.env.HANDBOOK_E2E_URL = server.url;
  return () => server.close();
}
