/**
 * What the scorecard pages and the home page need beyond the report itself: the page of
 * each piece of evidence published in this build, each promise's verdicts across the
 * environment's published scorecards (its trend), and the home page's one-line state.
 * Pure, like routes.ts.
 */
import type { PromiseVerdict, ScorecardReport } from '@holisticos/runbooks/report/scorecard';
import type { ReportEntry } from './routes';

/** One promise's verdict in one published scorecard. */
export interface TrendPoint {
  startedAt: string;
  verdict: PromiseVerdict;
  /** The measured figure in words, or null. */
  text: string | null;
  path: string;
}

export interface ScorecardView {
  /** Evidence files ("load/<name>.json") published in this build → their page; others are not linked. */
  links: Record<string, string>;
  /** Per promise id: its verdicts across this environment's scorecards up to this one, oldest first (at most 8). */
  trend: Record<string, TrendPoint[]>;
}

/** The home page's one line: the newest scorecard of the first environment that has one (production first). */
export interface ScorecardHeadline {
  line: string;
  environment: string;
  startedAt: string;
  path: string;
  example: boolean;
  kept: number;
  missed: number;
  notMeasured: number;
}

const TREND_POINTS = 8;
const isScorecard = (e: ReportEntry): e is ReportEntry & { report: ScorecardReport } =>
  e.report.kind === 'scorecard';

/** The view of the scorecard `self` (an entry among `entries`); `pathOf` gives a report's page. */
export function scorecardView(
  self: ReportEntry & { report: ScorecardReport },
  entries: readonly ReportEntry[],
  pathOf: (e: ReportEntry) => string,
): ScorecardView {
  const byFile = new Map(entries.map((e) => [`${e.kind}/${e.slug}.json`, e]));
  const links: Record<string, string> = {};
  for (const p of self.report.scorecard.promises)
    for (const ev of p.evidence) {
      const e = ev.file ? byFile.get(ev.file) : undefined;
      if (e) links[ev.file!] = pathOf(e);
    }
  const env = self.report.scorecard.environment;
  const history = entries
    .filter(isScorecard)
    .filter((e) => e.report.scorecard.environment === env && e.report.startedAt <= self.report.startedAt)
    .sort((a, b) => a.report.startedAt.localeCompare(b.report.startedAt))
    .slice(-TREND_POINTS);
  const trend: Record<string, TrendPoint[]> = {};
  for (const p of self.report.scorecard.promises)
    trend[p.id] = history.flatMap((e) => {
      const row = e.report.scorecard.promises.find((x) => x.id === p.id);
      return row
        ? [
            {
              startedAt: e.report.startedAt,
              verdict: row.verdict,
              text: row.measured?.text ?? null,
              path: pathOf(e),
            },
          ]
        : [];
    });
  return { links, trend };
}

/**
 * The one-line state for the home page: the newest scorecard of production, else of the
 * next configured environment that has one, else of any; null when none is published.
 */
export function scorecardHeadline(
  entries: readonly ReportEntry[],
  environments: readonly string[],
  pathOf: (e: ReportEntry) => string,
): ScorecardHeadline | null {
  const all = entries
    .filter(isScorecard)
    .sort((a, b) => b.report.startedAt.localeCompare(a.report.startedAt));
  const order = ['production', ...environments.filter((e) => e !== 'production')];
  const pick =
    order.map((env) => all.find((e) => e.report.scorecard.environment === env)).find(Boolean) ?? all[0];
  if (!pick) return null;
  const s = pick.report.scorecard.summary;
  return {
    line: s.line,
    environment: pick.report.scorecard.environment,
    startedAt: pick.report.startedAt,
    path: pathOf(pick),
    example: Boolean(pick.example),
    kept: s.kept,
    missed: s.missed,
    notMeasured: s.notMeasured,
  };
}
