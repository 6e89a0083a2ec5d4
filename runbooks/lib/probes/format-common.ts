import { formatDuration } from '../units';
import type { RetryNotice } from './common';

/** "liveness: [RB_REFUSED] … — retrying in 1.2s (attempt 2 of 4)". */
export function formatRetry(e: RetryNotice): string {
  return `${e.what}: [${e.error.code}] ${e.error.message} Retrying in ${formatDuration(e.delayMs)} (attempt ${e.attempt + 1} of ${e.of}).`;
}
