/**
 * The reports plugin: every JSON under static/reports/<kind>/ becomes
 * a page, with an index per kind (trend across runs) and an overall index. A thin
 * lifecycle shell: loadReports (read + validate) and buildRoutes (pure) do the work.
 */
import type { LoadContext, Plugin } from '@docusaurus/types';
import { loadReports } from './load';
import { buildRoutes, homeHeadline, type ReportsContent } from './routes';

export interface ReportsPluginOptions {
  /** Where the pages live (default /reports). */
  routeBasePath?: string;
  /** Where the report files are (default <site>/static/reports). */
  reportsDir?: string;
  /** The configured environments, in the order the index shows their latest verdicts. */
  environments?: string[];
}

const COMPONENTS = {
  ReportPage: '@site/src/components/reports/ReportPage/index.tsx',
  ReportIndex: '@site/src/components/reports/ReportIndex/index.tsx',
} as const;

export default function reportsPlugin(
  context: LoadContext,
  options: ReportsPluginOptions = {},
): Plugin<ReportsContent> {
  const routeBasePath = options.routeBasePath ?? '/reports';
  return {
    name: 'handbook-reports',
    getPathsToWatch() {
      return [`${options.reportsDir ?? `${context.siteDir}/static/reports`}/**/*.json`]; // examples.json included
    },
    async loadContent() {
      return { entries: loadReports(context.siteDir, options.reportsDir) };
    },
    async contentLoaded({ content, actions }) {
      const opts = { baseUrl: context.baseUrl, routeBasePath, environments: options.environments };
      // The home page shows the newest scorecard's one-line state (usePluginData('handbook-reports')).
      actions.setGlobalData({ scorecard: homeHeadline(content, opts) });
      for (const r of buildRoutes(content, opts)) {
        const data = await actions.createData(`${r.dataName}.json`, JSON.stringify(r.data));
        actions.addRoute({
          path: r.path,
          component: COMPONENTS[r.component],
          modules: { data },
          exact: true,
        });
      }
    },
  };
}
