// The reports plugin's scorecard parts: the home page's one line picks the newest scorecard
// of production before any other environment; a scorecard's trend per promise runs over its
// own environment's scorecards up to it, oldest first; evidence is linked only when its
// report is published in the same build (a link to a missing page would break the build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/root';
import type { ScorecardReport } from '../../runbooks/lib/report/scorecard';
import type { ReportEntry } from '../../src/plugins/reports/routes';
import { scorecardHeadline, scorecardView } from '../../src/plugins/reports/scorecard';

const dir = join(ROOT, 'static/reports/scorecard');
const base = JSON.parse(readFileSync(join(dir, readdirSync(dir).sort()[0]!), 'utf8')) as ScorecardReport;
/** The committed example scorecard, moved to another environment and time, with one promise's verdict set. */
function card(
  slug: string,
  env: string,
  startedAt: string,
  uptime: 'kept' | 'missed' | 'not-measured',
): ReportEntry {
  const r = structuredClone(base);
  r.startedAt = startedAt;
  r.scorecard.environment = env;
  r.scorecard.promises.find((p) => p.id === 'uptime')!.verdict = uptime;
  r.scorecard.summary.line = `${env} at ${startedAt}`;
  return { kind: 'scorecard', file: `static/reports/scorecard/${slug}.json`, slug, report: r };
}
const pathOf = (e: ReportEntry) => `/reports/${e.kind}/${e.slug}`;

test('the home line: the newest production scorecard, else the next environment in order, else none', () => {
  const local = card('l', 'local', '2026-12-09T00:00:00.000Z', 'kept');
  const prodOld = card('p1', 'production', '2026-12-01T00:00:00.000Z', 'missed');
  const prodNew = card('p2', 'production', '2026-12-05T00:00:00.000Z', 'kept');
  const staging = card('s', 'staging', '2026-12-08T00:00:00.000Z', 'kept');
  const envs = ['local', 'staging', 'production'];
  const h = scorecardHeadline([local, prodNew, prodOld, staging], envs, pathOf)!;
  assert.equal(h.environment, 'production');
  assert.equal(h.path, '/reports/scorecard/p2');
  assert.equal(h.line, 'production at 2026-12-05T00:00:00.000Z');
  // Without production, the configured order decides: local comes before staging in the config.
  assert.equal(scorecardHeadline([local, staging], envs, pathOf)!.environment, 'local');
  assert.equal(scorecardHeadline([], envs, pathOf), null);
});

test("a scorecard's trend: its environment's scorecards up to it, oldest first; evidence linked only when published here", () => {
  const a = card('a', 'production', '2026-12-01T00:00:00.000Z', 'missed');
  const b = card('b', 'production', '2026-12-02T00:00:00.000Z', 'not-measured');
  const c = card('c', 'production', '2026-12-03T00:00:00.000Z', 'kept');
  const later = card('d', 'production', '2026-12-04T00:00:00.000Z', 'missed');
  const other = card('x', 'staging', '2026-12-02T12:00:00.000Z', 'kept');
  const evidenceFile = base.scorecard.promises.flatMap((p) => p.evidence).find((e) => e.file)!.file!;
  const [kind, name] = evidenceFile.replace(/\.json$/, '').split('/');
  const published: ReportEntry = {
    kind: kind as never,
    slug: name!,
    file: `static/reports/${evidenceFile}`,
    report: JSON.parse(readFileSync(join(ROOT, 'static/reports', evidenceFile), 'utf8')) as never,
  };
  const v = scorecardView(
    { ...c, report: c.report as ScorecardReport },
    [later, c, a, other, b, published],
    pathOf,
  );
  assert.deepEqual(
    v.trend.uptime!.map((p) => [p.path, p.verdict]),
    [
      ['/reports/scorecard/a', 'missed'],
      ['/reports/scorecard/b', 'not-measured'],
      ['/reports/scorecard/c', 'kept'],
    ],
  );
  assert.deepEqual(v.links, { [evidenceFile]: `/reports/${kind}/${name}` });
  assert.deepEqual(scorecardView({ ...c, report: c.report as ScorecardReport }, [c], pathOf).links, {});
});
