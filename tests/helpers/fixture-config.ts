/**
 * The config the remark and checklist fixtures are written against: the real config with
 * the values their expected outputs name pinned, so a change to runbooks.config.ts does not
 * rewrite the fixtures (that the site follows the real config is config-build's test).
 */
import { configFileWith, configWith } from './config';

export const FIXTURE_PINS = {
  alerts: { memoryMb: 450, memoryTargetMb: 400, errorRatePct: 5, dailyCostUsd: 50, responseTimeMs: 10_000 },
  slo: { concurrentUsers: 15, costPerUserPerDayUsd: 0.1 },
  capacity: { maxDurationS: 3_600, maxRequests: 1_000_000, stressSteps: [1, 5, 10, 15, 20, 25, 30] },
  timeouts: { generate: 300_000 },
  costModel: { perCall: { routine_generation: 0.02 } },
};

/** The fixtures' config, validated. */
export const fixtureConfig = () => configWith(FIXTURE_PINS);

/** A config file with the fixtures' pins plus `extra` (for RUNBOOKS_CONFIG of a child process). */
export const fixtureConfigFile = (extra: Parameters<typeof configFileWith>[0] = {}) =>
  configFileWith({ ...FIXTURE_PINS, ...extra });
