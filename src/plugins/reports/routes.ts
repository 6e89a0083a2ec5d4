/**
 * Routes of the reports plugin, as data: one page per report, one index per kind (with the
 * trend across runs), one overall index. Pure (plugin-content-pages' routes.ts is the
 * model): index.ts turns these into createData + addRoute.
 */
import type { Report, ReportKind } from '@holisticos/runbooks/report/schema';
import { labelShort, reportLabel } from '@holisticos/runbooks/target/label';
import { latencyCurves, type LatencyCurves } from './percentiles';
import { compare, keyMetrics, type Change, type Metric } from './summary';
import { timeScaleOf, workloadDifferences, workloadOf, type WorkloadPart } from './workload';
import { scorecardHeadline, scorecardView, type ScorecardHeadline, type ScorecardView } from './scorecard';

// The scorecard first: it answers "are we ready?" from the others.
export const KINDS: readonly ReportKind[] = [
  'scorecard',
  'load',
  'stress',
  'benchmark',
  'cost',
  'drill',
  'incident',
  'monitor',
];

export const KIND_TITLE: Record<ReportKind, string> = {
  scorecard: 'Scorecards',
  monitor: 'Monitor runs',
  load: 'Load tests',
  stress: 'Stress tests',
  benchmark: 'Benchmarks',
  cost: 'Cost analyses',
  drill: 'Incident drills',
  incident: 'Post-incident reviews',
};

/** A review of a drill's incident: listed, but kept out of the real incidents' figures (trends, latest verdicts). */
export const isDrillIncident = (r: Report): boolean => r.kind === 'incident' && r.incident.drill;

/** A report file as loaded: where it came from and its validated content. */
export interface ReportEntry {
  kind: ReportKind;
  /** Path relative to the site, e.g. static/reports/load/2025-…-local.json. */
  file: string;
  /** File name without .json: the page's last path segment. */
  slug: string;
  report: Report;
  /** Listed in static/reports/examples.json: committed with the handbook, not a run of anyone's. */
  example?: boolean;
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
  /** What the run was against, short (target/label.ts): an environment, or `--url <host>`; the index groups by it. */
  environment: string;
  sandbox: boolean;
  partial: boolean;
  verdict: Report['verdict']['status'];
  metrics: Metric[];
  example: boolean;
  /** The workload in a few words, and its identity: equal keys are comparable runs. */
  workload: string;
  workloadKey: string;
  /** A drill's incident (reviews only): shown, never counted in the figures of real incidents. */
  drill?: boolean;
  /** Drills: the scenario, for the per-scenario table. */
  scenario?: string;
}

/** How many workloads a trend chart draws at most (the most recent). */
export const TREND_WORKLOADS = 5;

/**
 * The workloads a kind's trend draws: the most recent ones with two runs or more. A point
 * joins only runs of its own workload, so a workload with one run is an isolated dot; until
 * one has two comparable runs there is nothing to draw. A drill's incident review is
 * practice and never moves the real incidents' trend.
 */
export function trendWorkloads(runs: readonly RunSummary[], max = TREND_WORKLOADS): string[] {
  const counted = runs.filter((r) => !r.drill);
  const n = (key: string) => counted.filter((r) => r.workloadKey === key).length;
  return [...new Set([...counted].reverse().map((r) => r.workloadKey))]
    .filter((k) => n(k) >= 2)
    .slice(0, max);
}

/** The previous run of the kind, when its workload differs: shown, but not compared. */
export interface Mismatch {
  previous: RunSummary;
  differences: string[];
}

export type RouteData =
  | {
      type: 'report';
      report: Report;
      file: string;
      path: string;
      indexPath: string;
      example: boolean;
      workload: WorkloadPart[];
      timeScale: { value: number; inferred: boolean };
      /** The latest earlier run of the same workload, and the changes since it. */
      previous: RunSummary | null;
      changes: Change[] | null;
      /** Set when no earlier run has this workload but an earlier run exists. */
      mismatch: Mismatch | null;
      /** Load reports: latency percentile curves read from the histograms (null for other kinds). */
      percentiles: LatencyCurves | null;
      /** Scorecards: evidence links and each promise's trend (null for other kinds). */
      scorecard: ScorecardView | null;
    }
  | {
      type: 'kind-index';
      kind: ReportKind;
      title: string;
      runs: RunSummary[];
      /** The scorecards' index shows the newest one first, with its trend per promise (null for other kinds). */
      latest: { report: Report; path: string; example: boolean; view: ScorecardView } | null;
      /** The workloads the trend draws (trendWorkloads); empty: no chart, the runs table only. */
      trend: string[];
    }
  | {
      type: 'index';
      environments: string[];
      kinds: {
        kind: ReportKind;
        title: string;
        path: string;
        count: number;
        latestByEnv: Record<string, RunSummary>;
      }[];
    };

export interface RouteSpec {
  path: string;
  /** Name of the data module (unique, file-safe). */
  dataName: string;
  component: 'ReportPage' | 'ReportIndex';
  data: RouteData;
}

const join = (...parts: string[]) =>
  (
    '/' +
    parts
      .map((p) => p.replace(/^\/+|\/+$/g, ''))
      .filter(Boolean)
      .join('/')
  ).replace(/\/+/g, '/');

/** The base64 histograms leave the page data (it gets their curves, `percentiles`, instead): a page stays small. */
function forPage(r: Report): Report {
  if (r.kind !== 'load') return r;
  return {
    ...r,
    load: {
      ...r.load,
      steps: r.load.steps.map((s) => ({ ...s, histogram: '', sendHistogram: '' })),
      journeys: { ...r.load.journeys, histogram: '', sendHistogram: '' },
    },
  };
}

/**
 * Every route the reports need; entries are sorted by start time within their kind.
 * `environments` orders the index's latest-verdict columns (the config's environments);
 * any other environment a report names is added after them.
 */
export function buildRoutes(
  content: ReportsContent,
  opts: { baseUrl: string; routeBasePath: string; environments?: readonly string[] },
): RouteSpec[] {
  const base = join(opts.baseUrl, opts.routeBasePath);
  const routes: RouteSpec[] = [];
  const pathOf = (e: ReportEntry) => join(base, e.kind, e.slug);
  const kinds: Extract<RouteData, { type: 'index' }>['kinds'] = [];
  for (const kind of KINDS) {
    const list = content.entries
      .filter((e) => e.kind === kind)
      .sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt) || a.slug.localeCompare(b.slug));
    const indexPath = join(base, kind);
    const workloads = list.map((e) => workloadOf(e.report));
    const summaries: RunSummary[] = list.map((e, i) => ({
      slug: e.slug,
      path: join(indexPath, e.slug),
      file: e.file,
      startedAt: e.report.startedAt,
      environment: labelShort(reportLabel(e.report.target)),
      sandbox: e.report.target.sandbox,
      partial: e.report.partial,
      verdict: e.report.verdict.status,
      metrics: keyMetrics(e.report),
      example: Boolean(e.example),
      workload: workloads[i]!.label,
      workloadKey: workloads[i]!.key,
      ...(isDrillIncident(e.report) ? { drill: true } : {}),
      ...(e.report.kind === 'drill' ? { scenario: e.report.drill.scenario } : {}),
    }));
    list.forEach((e, i) => {
      const self = summaries[i]!;
      const previous = summaries.slice(0, i).findLast((s) => s.workloadKey === self.workloadKey) ?? null;
      const last = i > 0 ? i - 1 : -1;
      const mismatch =
        !previous && last >= 0
          ? { previous: summaries[last]!, differences: workloadDifferences(workloads[last]!, workloads[i]!) }
          : null;
      routes.push({
        path: self.path,
        dataName: `report-${kind}-${e.slug}`,
        component: 'ReportPage',
        data: {
          type: 'report',
          report: forPage(e.report),
          file: e.file,
          path: self.path,
          indexPath,
          example: self.example,
          workload: workloads[i]!.parts,
          timeScale: timeScaleOf(e.report),
          previous,
          changes: previous ? compare(self.metrics, previous.metrics) : null,
          mismatch,
          percentiles: latencyCurves(e.report),
          scorecard:
            e.report.kind === 'scorecard'
              ? scorecardView({ ...e, report: e.report }, content.entries, pathOf)
              : null,
        },
      });
    });
    const newest = list.at(-1);
    routes.push({
      path: indexPath,
      dataName: `index-${kind}`,
      component: 'ReportIndex',
      data: {
        type: 'kind-index',
        kind,
        title: KIND_TITLE[kind],
        runs: summaries,
        latest:
          newest && newest.report.kind === 'scorecard'
            ? {
                report: newest.report,
                path: pathOf(newest),
                example: Boolean(newest.example),
                view: scorecardView({ ...newest, report: newest.report }, content.entries, pathOf),
              }
            : null,
        trend: trendWorkloads(summaries),
      },
    });
    // Runs are in time order, so the last one written per environment is its latest.
    const latestByEnv: Record<string, RunSummary> = {};
    for (const s of summaries) if (!s.drill) latestByEnv[s.environment] = s;
    kinds.push({ kind, title: KIND_TITLE[kind], path: indexPath, count: list.length, latestByEnv });
  }
  const seen = kinds.flatMap((k) => Object.keys(k.latestByEnv));
  const environments = [...new Set([...(opts.environments ?? []), ...seen])];
  routes.push({
    path: base,
    dataName: 'index',
    component: 'ReportIndex',
    data: { type: 'index', environments, kinds },
  });
  return routes;
}

/** The home page's one-line scorecard state (plugin global data), or null when no scorecard is published. */
export function homeHeadline(
  content: ReportsContent,
  opts: { baseUrl: string; routeBasePath: string; environments?: readonly string[] },
): ScorecardHeadline | null {
  const base = join(opts.baseUrl, opts.routeBasePath);
  return scorecardHeadline(content.entries, opts.environments ?? [], (e) => join(base, e.kind, e.slug));
}
