/**
 * A watch's verdict and its one-line reason, from its metrics' verdicts and what else it saw:
 * a refused key first (nothing could be judged), then the platform's failures (an OOM kill is
 * a fact, not a threshold), downtime and failed thresholds, measurement errors, an
 * interrupt, and a metric that could not be judged (never a pass). Pure.
 */
import { formatValue } from '../units';
import type { SectionRef } from '../sections/index';
import { inconclusiveReason, type MetricState, type MetricVerdict, type Origin } from './evaluate';
import type { PlatformFailure } from './platform';

/** One metric's part of a watch's summary. */
export interface MetricSummary extends MetricState {
  label: string;
  unit: string;
  max: number;
  source: string;
  signal: string;
  /** Whose figure: app, platform or synthetic. */
  origin: Origin;
  /** The page section that handles this metric's breach. */
  section: SectionRef;
  verdict: MetricVerdict;
}

/** How a watch ended. */
export type MonitorVerdict = 'passed' | 'failed' | 'errored' | 'inconclusive' | 'interrupted';

/** The verdict of a watch and why, in one line. */
export function watchVerdict(
  metrics: readonly MetricSummary[],
  x: {
    failures: readonly PlatformFailure[];
    unreachableSamples: number;
    count: number;
    interrupted: boolean;
    keyRefused: { message: string } | undefined;
  },
): { verdict: MonitorVerdict; reason: string } {
  const failures = x.failures;
  const by = (v: MetricVerdict) => metrics.filter((m) => m.verdict === v);
  let verdict: MonitorVerdict;
  let reason: string;
  const down = x.unreachableSamples
    ? [`the target was unreachable in ${x.unreachableSamples} of ${x.count} sample(s)`]
    : [];
  if (x.keyRefused) {
    verdict = 'errored';
    reason = x.keyRefused.message;
  } else if (
    failures.length ||
    by('failed').length ||
    (down.length && !by('errored').length && !x.interrupted)
  ) {
    verdict = 'failed';
    reason = [
      ...failures.map((f) => f.text),
      ...down,
      ...by('failed').map((m) =>
        m.id === 'health'
          ? `health critical in ${m.consecutiveBreaches} consecutive polls`
          : `${m.label} above ${m.max}${m.unit ? ` ${m.unit}` : ''} in ${m.consecutiveBreaches} consecutive samples (max ${formatValue(m.maxValue, m.unit)})`,
      ),
    ].join('; ');
  } else if (by('errored').length) {
    verdict = 'errored';
    reason = by('errored')
      .map(
        (m) =>
          `${m.label}: ${m.consecutiveErrors} consecutive measurement errors (${m.lastError?.code}: ${m.lastError?.reason})`,
      )
      .join('; ');
  } else if (x.interrupted) {
    verdict = 'interrupted';
    reason = `interrupted after ${x.count} sample(s); no threshold failed so far`;
  } else if (by('inconclusive').length) {
    verdict = 'inconclusive';
    reason = `could not judge ${by('inconclusive')
      .map((m) => `${m.label} (${inconclusiveReason(m)})`)
      .join(', ')}: not a pass`;
  } else {
    verdict = 'passed';
    reason = `every threshold held over ${x.count} sample(s)`;
  }
  return { verdict, reason };
}
