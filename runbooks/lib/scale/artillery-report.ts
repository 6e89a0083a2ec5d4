/**
 * Reading an Artillery JSON report (`artillery run --output out.json`): the shape it has
 * in 2.x (`aggregate` and `intermediate` periods with counters and summaries), checked
 * before anything is converted, so bad input is one clear usage error and never a stack.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { usageError } from '../errors';

const num = z.number().finite();
/** Artillery's summary of a histogram (ms); percentiles it did not compute are absent. */
export const summarySchema = z
  .object({
    min: num,
    max: num,
    count: num,
    mean: num,
    p50: num.optional(),
    median: num.optional(),
    p75: num.optional(),
    p90: num.optional(),
    p95: num.optional(),
    p99: num.optional(),
    p999: num.optional(),
  })
  .passthrough();
const periodSchema = z
  .object({
    counters: z.record(num).default({}),
    summaries: z.record(summarySchema).default({}),
    firstMetricAt: num.optional(),
    lastMetricAt: num.optional(),
    period: z.union([z.string(), num]).optional(),
  })
  .passthrough();
export const artilleryReportSchema = z.object({
  aggregate: periodSchema.extend({ firstMetricAt: num, lastMetricAt: num }),
  intermediate: z.array(periodSchema),
});

export type ArtillerySummary = z.infer<typeof summarySchema>;
export type ArtilleryPeriod = z.infer<typeof periodSchema>;
export type ArtilleryReport = z.infer<typeof artilleryReportSchema>;

const HINT =
  'Give the file that `artillery run --output out.json` wrote for a script from `npx zx runbooks/load.ts --export artillery`.';

/** Validates parsed JSON as an Artillery report; throws RB_USAGE naming what is missing. */
export function parseArtilleryReport(json: unknown, file: string): ArtilleryReport {
  if (json && typeof json === 'object' && 'schemaVersion' in json && 'kind' in json)
    throw usageError(`${file} is already a handbook report, not an Artillery report.`, HINT);
  const r = artilleryReportSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw usageError(
      `${file} is not an Artillery JSON report: ${i.path.join('.') || '(root)'}: ${i.message.toLowerCase()} (it needs "aggregate" with counters, summaries and metric times, and "intermediate").`,
      HINT,
    );
  }
  return r.data;
}

/** Reads and validates a report file; every failure is a usage error (exit 2). */
export async function readArtilleryReport(file: string): Promise<{ report: ArtilleryReport; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(
      code === 'ENOENT'
        ? `No Artillery report at ${file}.`
        : `Could not read ${file} (${code ?? (e as Error).message}).`,
      HINT,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw usageError(`${file} is not JSON (${(e as Error).message}).`, HINT);
  }
  return { report: parseArtilleryReport(json, file), text };
}
