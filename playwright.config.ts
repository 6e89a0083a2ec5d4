import { defineConfig } from '@playwright/test';

/**
 * The browser tests: the built site (build/, made by `npm test` or `npx docusaurus build`)
 * served by a plain static file server (tests/helpers/static-server.ts) and driven in a
 * Chromium found on this machine, never downloaded. tests/e2e/global-setup.ts finds both and
 * hands them to the workers through HANDBOOK_E2E_URL and CHROMIUM_PATH; this file is read
 * again in every worker, after that setup.
 *
 * Projects: `desktop` runs everything and walks every page; `mobile` (390 px, touch) and
 * `dark` run the page walk on a representative set of pages (one of each layout; the others
 * are tagged @desktop-only in walk.spec.ts) and their own file, where the viewport or the
 * colour scheme changes what is checked. Running every behaviour test three times would
 * triple the time for no new coverage.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  fullyParallel: true,
  // Two cores here and in CI: one worker per core; the static server lives in the runner.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    baseURL: process.env.HANDBOOK_E2E_URL,
    screenshot: 'only-on-failure',
    // No trace: recording one for every test to keep the failed ones cost about 5 % of the
    // run, and CI keeps no files. `npm test -- e2e -- --trace retain-on-failure` records them.
    trace: 'off',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH, args: FLAGS },
  },
  projects: [
    {
      name: 'desktop',
      use: { viewport: { width: 1280, height: 800 }, colorScheme: 'light' },
      testIgnore: ['**/narrow.spec.ts', '**/dark.spec.ts'],
    },
    {
      name: 'mobile',
      use: {
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
        colorScheme: 'light',
      },
      testMatch: ['**/walk.spec.ts', '**/narrow.spec.ts'],
      grepInvert: /@desktop-only/,
    },
    {
      name: 'dark',
      use: { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
      testMatch: ['**/walk.spec.ts', '**/dark.spec.ts'],
      grepInvert: /@desktop-only/,
    },
  ],
});
