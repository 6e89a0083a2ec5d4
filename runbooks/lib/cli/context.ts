/**
 * What a script's `main` gets: parsed flags, the config, the output, the run's signal,
 * and the steps every script of a kind takes the same way — resolving its target (with
 * the API key, or after the safety checks of a load), and finishing a run (report, summary,
 * JSON, exit code). One implementation each, so a new script reuses them.
 */
import type { ScriptMeta } from '../registry/types';
import type { Config } from '../config/schema';
import { REPO_ROOT, publishDir, stateDir as stateDirOf } from '../config/load';
import { resolveTarget, type Target } from '../target/resolve';
import { resolveApiKey } from '../target/api-key';
import { assertSafeTarget } from '../target/safety';
import type { ExitCode } from '../errors/exit-codes';
import { provenance } from '../report/build';
import type { Report } from '../report/schema';
import { finishReport } from '../pipeline/finish';
import { exitCodeOf } from '../pipeline/exit';
import type { ParsedFlags } from './flags';
import type { Output } from './output';

export interface ScriptContext<M extends ScriptMeta> {
  meta: M;
  flags: ParsedFlags<M['flags']>;
  positionals: string[];
  config: Config;
  /** Resolves --env/--url; throws a usage error when the environment's URL is missing. */
  target(): Target;
  /**
   * The target with its API key, for runs that send the key (`why` names what needs it):
   * the key variable, or the sandbox's development key when the target is a running
   * sandbox; otherwise a usage error (exit 2) before anything is sent.
   */
  keyedTarget(why: string): Target;
  /** For runs that send load: the safety checks (loopback or configured, --confirm-production), then the key if `why` is given. */
  loadTarget(why?: string): Target;
  /** Writes the run's report (redacted, validated, atomic; --out, --publish), prints `summary` and the paths, and returns the exit code. */
  finish<R extends Report>(report: R, summary: (r: R) => string): Promise<ExitCode>;
  /** Tool version and git commit, for reports. */
  provenance(): ReturnType<typeof provenance>;
  /** Where runs keep local state (RUNBOOKS_STATE_DIR, default .runbooks/). */
  stateDir: string;
  out: Output;
  /** Aborted on the first Ctrl-C: stop sending, save what was measured, return EXIT.INTERRUPTED. */
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}

/** Builds the context of one script run. */
export function createContext<M extends ScriptMeta>(x: {
  meta: M;
  flags: ParsedFlags<M['flags']>;
  positionals: string[];
  config: Config;
  out: Output;
  signal: AbortSignal;
  env: NodeJS.ProcessEnv;
}): ScriptContext<M> {
  const { config, env, out } = x;
  const f = x.flags as {
    env?: string;
    url?: string;
    out?: string;
    publish?: boolean;
    'confirm-production'?: boolean;
  };
  const state = stateDirOf(env);
  let target: Target | undefined;
  let prov: ReturnType<typeof provenance> | undefined;
  const getTarget = () => (target ??= resolveTarget(config, { env: f.env ?? 'local', url: f.url }, env));
  const keyed = (why: string) => ({
    ...getTarget(),
    apiKey: resolveApiKey(config, getTarget().baseUrl, env, state, why).value,
  });
  return {
    ...x,
    stateDir: state,
    target: getTarget,
    keyedTarget: keyed,
    loadTarget(why) {
      assertSafeTarget(config, getTarget(), { confirmProduction: f['confirm-production'] ?? false, env });
      return why ? keyed(why) : getTarget();
    },
    provenance: () => (prov ??= provenance(REPO_ROOT)),
    async finish(report, summary) {
      const done = await finishReport(report, {
        redactor: out.redactor,
        stateDir: state,
        publishDir: publishDir(env),
        out: f.out,
        publish: f.publish,
      });
      out.info(summary(done.report));
      out.info(`report: ${done.paths.join(', ')}`);
      if (out.json)
        out.result({
          ok: done.report.verdict.status === 'pass' && !done.report.partial,
          paths: done.paths,
          report: done.report,
        });
      return exitCodeOf(done.report, config.journey.apiKeyEnv);
    },
  };
}
