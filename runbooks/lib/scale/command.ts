/**
 * The `--export` / `--import` branch of load.ts: flags in, text and an exit code out.
 * It writes the files it was asked to write and never prints (the script shell does).
 */
import { labelText } from '../target/label';
import { resolve } from 'node:path';
import type { Config } from '../config/schema';
import type { Target } from '../target/resolve';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import { RunbookError, usageError } from '../errors';
import { writeFileAtomic } from '../fs/atomic';
import { assertSafeTarget } from '../target/safety';
import { formatLoadSummary } from '../report/format-load';
import { provenance } from '../report/build';
import type { LoadReport } from '../report/load';
import { artilleryScript } from './artillery-export';
import { importArtillery } from './artillery-import';
import { readArtilleryReport } from './artillery-report';
import { lockedVersion } from './artillery-tool';
import { k6Script } from './k6-export';
import { scalePlan, type ScaleFlags } from './plan';

export interface ScaleCommand {
  flags: ScaleFlags & {
    export?: string | undefined;
    import?: string | undefined;
    instances?: number | undefined;
    out?: string | undefined;
    publish: boolean;
    confirmProduction: boolean;
    json: boolean;
  };
  positionals: readonly string[];
  config: Config;
  target: () => Target;
  env: NodeJS.ProcessEnv;
  repoRoot: string;
  stateDir: string;
  /** The shell's redactor: every byte written passes it, as every byte printed does. */
  redact: (s: string) => string;
}

export interface ScaleResult {
  exitCode: ExitCode;
  /** The exported script, when it goes to stdout (no --out). */
  script?: string;
  /** Human text. */
  text: string;
  json: unknown;
}

const listed = (title: string, xs: readonly string[]) =>
  xs.length ? [title, ...xs.map((x) => `  ${x}`)] : [];

/** Writes `--export <engine>`: the journey, workload and thresholds as a script; nothing is sent. */
export async function exportScript(c: ScaleCommand, engine: string): Promise<ScaleResult> {
  if (c.flags.import !== undefined)
    throw usageError(
      '--export and --import cannot be combined.',
      'Export the journey first, run it, then import the report.',
    );
  if (c.positionals.length)
    throw usageError(
      `--export takes no file argument (got "${c.positionals.join(' ')}").`,
      'Write the script with --out <file>, e.g. --export artillery --out journey.yml.',
    );
  if (c.flags.json && !c.flags.out)
    throw usageError('--export with --json needs --out <file>: stdout carries the JSON result.');
  const target = c.target();
  assertSafeTarget(c.config, target, { confirmProduction: c.flags.confirmProduction, env: c.env });
  const plan = scalePlan(c.config, c.flags);
  const r =
    engine === 'artillery' ? artilleryScript(c.config, plan, target) : k6Script(c.config, plan, target);
  const text = c.redact(r.text);
  const file = c.flags.out ? resolve(c.flags.out) : undefined;
  if (file)
    await writeFileAtomic(file, text).catch((e: Error) =>
      Promise.reject(
        new RunbookError('RB_USAGE', `Could not write ${file}: ${e.message}.`, {
          hint: 'Check that the --out directory is writable.',
        }),
      ),
    );
  const run =
    engine === 'artillery'
      ? `${plan.apiKeyEnv}=… npm run artillery -- run ${c.flags.out ?? 'journey.yml'} --output out.json`
      : `${plan.apiKeyEnv}=… k6 run ${c.flags.out ?? 'journey.js'}`;
  const lines = [
    `${file ? `Wrote ${file}` : 'The script is on stdout'}: the journey as ${engine === 'artillery' ? 'an Artillery' : 'a k6'} script against ${target.baseUrl} (${labelText(target.label)}). The API key is read from $${plan.apiKeyEnv} when it runs; the file holds none.`,
    ...listed(engine === 'artillery' ? 'Checks (ensure):' : 'Thresholds:', r.checks),
    ...listed('Not carried over (the import judges every threshold again):', r.notCarried),
    `Run it: ${run}`,
  ];
  return {
    exitCode: EXIT.OK,
    ...(file ? {} : { script: text }),
    text: lines.join('\n'),
    json: { ok: true, engine, out: file ?? null, checks: r.checks, notCarried: r.notCarried },
  };
}

/** Reads an Artillery run back as a load report, judged by the SLOs of a local run of the same workload (the pipeline writes it). */
export async function importRun(
  c: Omit<ScaleCommand, 'redact' | 'stateDir'>,
): Promise<{ report: LoadReport; summary: (r: LoadReport) => string }> {
  if (c.flags.import !== 'artillery')
    throw usageError(
      `--import "${c.flags.import}": only Artillery reports can be imported.`,
      'Use --import artillery <out.json> (the file `artillery run --output` wrote).',
    );
  const [file, ...rest] = c.positionals;
  if (!file || rest.length)
    throw usageError(
      file
        ? `--import artillery takes one report file (got ${c.positionals.length}).`
        : '--import artillery needs the report file.',
      "e.g. npx zx runbooks/load.ts --import artillery out.json --users 15 --duration 5m (the export's workload flags).",
    );
  const instances = c.flags.instances ?? 1;
  const plan = scalePlan(c.config, c.flags);
  const target = c.target();
  const { report: art, text } = await readArtilleryReport(resolve(file));
  const workloadGiven =
    c.flags.users !== undefined || c.flags.rate !== undefined || c.flags.stages !== undefined;
  const report = importArtillery({
    config: c.config,
    plan,
    workloadGiven,
    report: art,
    text,
    file,
    target,
    prov: provenance(c.repoRoot),
    engine: { name: 'artillery', version: lockedVersion(c.repoRoot) ?? 'unknown', instances },
  });
  const summary = (r: LoadReport) =>
    [
      `Imported ${file}: an Artillery run on ${instances} instance${instances > 1 ? 's' : ''}, judged by the SLO thresholds of a local run of the same workload.${workloadGiven ? '' : ' No --users/--rate/--stages given: the workload is inferred from the report, without a rate check.'}`,
      formatLoadSummary(r),
      "(generator figures above are zero: Artillery does not report its generator's health)",
    ].join('\n');
  return { report, summary };
}
