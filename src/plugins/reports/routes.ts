/**
 * Routes of the reports plugin, as data: one page per report, one index per kind (with the
 * trend across runs), one overall index. Pure (plugin-content-pages' routes.ts is the
 * model): index.ts turns these into createData + addRoute.
 */
import type { Report, ReportKind } from '@holisticos/runbooks/report/schema';
import { compare, keyMetrics, type Change, type Metric } from './summary';

export const KINDS: readonly ReportKind[] = ['load', 'stress', 'benchmark', 'cost'];

export const KIND_TITLE: Record<ReportKind, string> = { load: 'Load tests', stress: 'Stress tests', benchmark: 'Benchmarks', cost: 'Cost analyses' };

/** A report file as loaded: where it came from and its validated content. */
export interface ReportEntry {
  kind: ReportKind;
  /** Path relative to the site, e.g. static/reports/load/2025-…-local.json. */
  file: string;
  /** File name without .json: the page's last path segment. */
  slug: string;
  report: Report;
}

export interface ReportsContent {
  entries: ReportEntry[];
}

/** One line of an index: enough to list a run and plot its trend. */
export interface RunSummary {
  slug: string;
  path: string;
  file: string;
  startedAt: string;
  environment: string;
  sandbox: boolean;
  partial: boolean;
  verdict: Report['verdict']['status'];
  metrics: Metric[];
}

export type RouteData =
  | { type: 'report'; report: Report; file: string; path: string; indexPath: string; previous: RunSummary | null; changes: Change[] | null }
  | { type: 'kind-index'; kind: ReportKind; title: string; runs: RunSummary[] }
  | { type: 'index'; kinds: { kind: ReportKind; title: string; path: string; count: number; latest: RunSummary | null }[] };

export interface RouteSpec {
  path: string;
  /** Name of the data module (unique, file-safe). */
  dataName: string;
  component: 'ReportPage' | 'ReportIndex';
  data: RouteData;
}

const join = (...parts: string[]) => ('/' + parts.map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')).replace(/\/+/g, '/');

/** Histograms are for merging runs, not for pages: dropped to keep the page data small. */
function forPage(r: Report): Report {
  if (r.kind !== 'load') return r;
  return { ...r, load: { ...r.load, steps: r.load.steps.map((s) => ({ ...s, histogram: '', sendHistogram: '' })), journeys: { ...r.load.journeys, histogram: '', sendHistogram: '' } } };
}

/** Every route the reports need; entries are sorted by start time within their kind. */
export function buildRoutes(content: ReportsContent, opts: { baseUrl: string; routeBasePath: string }): RouteSpec[] {
  const base = join(opts.baseUrl, opts.routeBasePath);
  const routes: RouteSpec[] = [];
  const kinds: Extract<RouteData, { type: 'index' }>['kinds'] = [];
  for (const kind of KINDS) {
    const list = content.entries.filter((e) => e.kind === kind).sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt) || a.slug.localeCompare(b.slug));
    const indexPath = join(base, kind);
    const summaries: RunSummary[] = list.map((e) => ({
      slug: e.slug,
      path: join(indexPath, e.slug),
      file: e.file,
      startedAt: e.report.startedAt,
      environment: e.report.target.environment,
      sandbox: e.report.target.sandbox,
      partial: e.report.partial,
      verdict: e.report.verdict.status,
      metrics: keyMetrics(e.report),
    }));
    list.forEach((e, i) => {
      const previous = i > 0 ? summaries[i - 1]! : null;
      routes.push({
        path: summaries[i]!.path,
        dataName: `report-${kind}-${e.slug}`,
        component: 'ReportPage',
        data: { type: 'report', report: forPage(e.report), file: e.file, path: summaries[i]!.path, indexPath, previous, changes: previous ? compare(summaries[i]!.metrics, previous.metrics) : null },
      });
    });
    routes.push({ path: indexPath, dataName: `index-${kind}`, component: 'ReportIndex', data: { type: 'kind-index', kind, title: KIND_TITLE[kind], runs: summaries } });
    kinds.push({ kind, title: KIND_TITLE[kind], path: indexPath, count: list.length, latest: summaries.at(-1) ?? null });
  }
  routes.push({ path: base, dataName: 'index', component: 'ReportIndex', data: { type: 'index', kinds } });
  return routes;
}
