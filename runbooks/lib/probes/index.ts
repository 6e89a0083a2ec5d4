/** The probes deploy and incident response call: health and smoke, as typed results with formatters. */
export { runHealth, healthExitCode, checkMemory, type HealthResult, type HealthVerdict, type HealthOptions, type HealthEvent, type MemoryCheck } from './health';
export { runSmoke, smokeExitCode, stepTimeoutMs, SMOKE_STEP_IDS, SMOKE_STEP_TITLES, type SmokeResult, type SmokeStep, type SmokeStepId, type SmokeOptions, type SmokeEvent, type StepVerdict } from './smoke';
export { formatHealth } from './format-health';
export { formatSmoke, formatSmokeEvent, failureLine } from './format-smoke';
export { formatRetry } from './format-common';
export { DuplicateGuard, freshUserId, fillTemplate } from './duplicates';
export { SANDBOX_HEADER, UNREACHABLE_CODES, isUnreachable, type ProbeDeps, type ProbeError } from './common';
