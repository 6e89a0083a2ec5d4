/** Builds a stress report from its steps. */
import { baseReport, type RunContext, type provenance } from './build';
import type { StressReport, StressSection } from './stress';

export function buildStressReport(ctx: RunContext, prov: ReturnType<typeof provenance>, times: { startedAt: string; endedAt: string }, section: StressSection, flags: { partial: boolean; sandbox: boolean }): StressReport {
  const invalidReasons = section.steps.filter((s) => s.invalid).map((s) => `the generator was the bottleneck during the ${s.users}-user step`);
  return { ...baseReport(ctx, prov, times, { partial: flags.partial, invalid: invalidReasons.length > 0, invalidReasons, sandbox: flags.sandbox }, [], []), kind: 'stress', stress: section };
}
