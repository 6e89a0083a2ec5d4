import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import { loadConfig } from '@holisticos/runbooks/config/load';
import { registry } from '@holisticos/runbooks/registry/index';
import { FAULTS } from '@holisticos/runbooks/faults/catalogue';
import handbookRemark from './src/remark/handbook/index';

/**
 * Whether the site sits in a git work tree. Pages show their last-updated date from git,
 * and Docusaurus fails the build when it cannot run `git log` (an export or a tarball
 * without .git): there, dates are off and the build still works.
 */
function insideGit(dir: string): boolean {
  const r = spawnSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd: dir, encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() === 'true';
}

/**
 * The site reads the same config and registry the scripts do, at build time: numbers on
 * pages (`:cfg[…]`), command blocks (`::run{…}`), checklists and the reference pages all
 * come from them. RUNBOOKS_CONFIG points the build at another config (tests do).
 */
export default async function createConfig(): Promise<Config> {
  const cfg = await loadConfig();
  const docsDir = resolve(__dirname, 'docs');
  // Where the handbook is served has one home, handbook.url (alerts and Slack link under it):
  // the site's origin is its origin. A host that serves it under a path the config does not
  // know yet (GitHub Pages' /<repository>/) passes HANDBOOK_BASE_URL at build time.
  const handbook = new URL(cfg.handbook.url);
  const baseUrl = process.env.HANDBOOK_BASE_URL ?? handbook.pathname.replace(/\/?$/, '/');
  const remark = [
    [
      handbookRemark,
      { config: cfg, registry, docsDir, rootDir: __dirname, referenceRoute: '/docs/reference/scripts' },
    ],
  ];

  return {
    title: 'HolisticOS Ops Handbook',
    tagline: `Deploy, watch and recover ${cfg.service.name}: pages bound to the scripts that run them`,
    favicon: 'img/favicon.svg',
    url: handbook.origin,
    baseUrl,
    trailingSlash: true,
    // A direct section link lands on its section also when the page renders in the browser (npm start).
    clientModules: ['./src/client/scroll-to-hash.ts'],
    onBrokenLinks: 'throw',
    onBrokenAnchors: 'throw',
    markdown: { hooks: { onBrokenMarkdownLinks: 'throw' } },
    future: { v4: true, experimental_vcs: insideGit(__dirname) ? true : 'disabled' },
    i18n: { defaultLocale: 'en', locales: ['en'] },
    presets: [
      [
        'classic',
        {
          docs: {
            sidebarPath: './sidebars.ts',
            remarkPlugins: remark,
            exclude: ['**/_*.{md,mdx}'],
            showLastUpdateTime: true,
          },
          blog: false,
          pages: { remarkPlugins: remark },
          theme: { customCss: ['./src/css/custom.css', './src/css/print.css'] },
        } satisfies Preset.Options,
      ],
    ],
    plugins: [
      './src/plugins/rspack-cache/index.ts',
      ['./src/plugins/reference/index.ts', { registry, config: cfg, docsDir, faults: FAULTS }],
      // Every JSON under static/reports/{load,stress,benchmark,cost}/ becomes a page under /reports.
      [
        './src/plugins/reports/index.ts',
        {
          environments: Object.keys(cfg.environments),
          reportsDir: process.env.RUNBOOKS_PUBLISH_DIR || undefined,
        },
      ],
    ],
    themes: [
      [
        require.resolve('@easyops-cn/docusaurus-search-local'),
        {
          hashed: true,
          indexDocs: true,
          // Report pages are pages (not docs): indexed so a search for a run, a verdict or a fault finds them.
          indexPages: true,
          indexBlog: false,
          docsRouteBasePath: '/docs',
          highlightSearchTermsOnTargetPage: false,
          searchResultLimits: 8,
          explicitSearchResultPath: true,
          searchBarShortcutHint: false,
        },
      ],
    ],
    themeConfig: {
      colorMode: { respectPrefersColorScheme: true },
      navbar: {
        title: 'HolisticOS Ops Handbook',
        logo: { alt: 'HolisticOS Ops Handbook home', src: 'img/logo.svg' },
        items: [
          { type: 'docSidebar', sidebarId: 'handbook', position: 'left', label: 'Handbook' },
          { to: '/docs/deployment-runbook', label: 'Deploy', position: 'left' },
          { to: '/docs/incident-response-playbook', label: 'Incident', position: 'left' },
          { type: 'custom-envPicker', position: 'right' },
          { type: 'search', position: 'right' },
        ],
      },
      footer: {
        style: 'dark',
        links: [
          {
            title: 'Procedures',
            items: [
              { label: 'Deployment runbook', to: '/docs/deployment-runbook' },
              { label: 'Incident response playbook', to: '/docs/incident-response-playbook' },
              { label: 'Load testing', to: '/docs/load-testing' },
            ],
          },
          {
            title: 'Reference',
            items: [
              { label: 'Scripts', to: '/docs/reference/scripts/health' },
              { label: 'Configuration', to: '/docs/reference/config' },
              { label: 'Exit codes', to: '/docs/reference/exit-codes' },
            ],
          },
        ],
        copyright: `Numbers on these pages come from runbooks.config.ts at build time.`,
      },
      prism: {
        theme: prismThemes.github,
        darkTheme: prismThemes.dracula,
        additionalLanguages: ['bash', 'json'],
      },
      tableOfContents: { minHeadingLevel: 2, maxHeadingLevel: 4 },
    } satisfies Preset.ThemeConfig,
  };
}
