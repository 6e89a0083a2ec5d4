import type { Config, EnvVarSpec, EnvironmentName } from '../config/schema';
import { maskValue } from '../secrets/mask';
import type { Finding } from './findings';

export type VarStatus = 'ok' | 'missing' | 'empty' | 'malformed' | 'unset' | 'default';

export interface VarResult {
  name: string;
  required: boolean;
  secret: boolean;
  scope: EnvVarSpec['scope'];
  status: VarStatus;
  /** The value for non-secrets, a masked hint (sk-…9f2c) for secrets, what is used instead (default), null when unset. */
  shown: string | null;
  problem?: string;
}

export interface EnvCheckResult {
  env: EnvironmentName;
  scope: 'all' | 'runbooks' | 'service';
  vars: VarResult[];
  findings: Finding[];
}

function formatProblem(spec: EnvVarSpec, value: string): string | undefined {
  if (value !== value.trim()) return 'has leading or trailing whitespace';
  if (spec.format === 'url' || spec.format === 'https-url') {
    let u: URL;
    try {
      u = new URL(value);
    } catch {
      return 'is not a URL';
    }
    if (spec.format === 'https-url' && u.protocol !== 'https:')
      return `must use https (got ${u.protocol.replace(':', '')})`;
    if (spec.format === 'url' && !/^(https?|rediss?):$/.test(u.protocol))
      return `has an unexpected scheme ${u.protocol}`;
  }
  if (spec.prefix && !value.startsWith(spec.prefix)) return `should start with "${spec.prefix}"`;
  return undefined;
}

/** What the API-key row shows when it is unset on local: which key is used, not its value. */
export const DEV_KEY_SHOWN =
  "unset: the sandbox's public development key is used (sandbox.devApiKey in runbooks.config.ts), only for a sandbox on this machine";

/**
 * Checks the variables an environment needs: present, non-empty, well-formed. Secret
 * values never leave this function except as a masked hint.
 */
export function checkEnv(
  config: Config,
  envName: EnvironmentName,
  scope: EnvCheckResult['scope'],
  processEnv: NodeJS.ProcessEnv,
): EnvCheckResult {
  const envCfg = config.environments[envName];
  const wanted = new Map<string, boolean>();
  for (const n of envCfg.requires) wanted.set(n, true);
  for (const n of envCfg.optional) if (!wanted.has(n)) wanted.set(n, false);

  const vars: VarResult[] = [];
  const findings: Finding[] = [];
  for (const [name, required] of wanted) {
    const spec = config.envVars.find((v) => v.name === name)!;
    if (scope !== 'all' && spec.scope !== scope) continue;
    const raw = processEnv[name];
    const base = { name, required, secret: spec.secret, scope: spec.scope };
    if (raw === undefined) {
      if (envName === 'local' && name === config.journey.apiKeyEnv) {
        // A secret row never shows a value in clear, not even a public one: it says what is used.
        vars.push({ ...base, status: 'default', shown: DEV_KEY_SHOWN });
        findings.push({
          severity: 'notice',
          subject: name,
          message: `${name} is unset; a sandbox running on this machine gets its development key, any other target none`,
        });
      } else if (required) {
        vars.push({ ...base, status: 'missing', shown: null, problem: 'is not set' });
        findings.push({
          severity: 'error',
          subject: name,
          message: `${name} is not set (${spec.description})`,
          hint: `export ${name}=…`,
        });
      } else {
        vars.push({ ...base, status: 'unset', shown: null });
      }
      continue;
    }
    const shown = spec.secret ? maskValue(raw) : raw;
    if (raw.trim() === '') {
      vars.push({ ...base, status: 'empty', shown: null, problem: 'is set but empty' });
      findings.push({
        severity: required ? 'error' : 'warning',
        subject: name,
        message: `${name} is set but empty`,
        hint: `export ${name}=… with a real value, or unset it`,
      });
      continue;
    }
    const problem = formatProblem(spec, raw);
    if (problem) {
      vars.push({ ...base, status: 'malformed', shown, problem });
      findings.push({
        severity: required ? 'error' : 'warning',
        subject: name,
        message: `${name} ${problem}`,
        hint: spec.secret ? `check the value you exported (shown masked: ${shown})` : `got "${shown}"`,
      });
      continue;
    }
    vars.push({ ...base, status: 'ok', shown });
  }
  return { env: envName, scope, vars, findings };
}

const MARK: Record<VarStatus, string> = {
  ok: '✔',
  default: '✔',
  unset: '·',
  missing: '✘',
  empty: '✘',
  malformed: '✘',
};

/** Renders the result as a table plus a verdict line. */
export function formatEnvCheck(r: EnvCheckResult): string {
  const rows = r.vars.map((v) => [
    MARK[v.status],
    v.name,
    v.required ? 'required' : 'optional',
    v.secret ? 'secret' : '',
    v.status === 'default' ? 'default' : v.status,
    v.problem ?? v.shown ?? '',
  ]);
  const widths = [1, 0, 0, 0, 0].map((_, i) => Math.max(...rows.map((row) => row[i]!.length), 1));
  const lines = [`Environment check — ${r.env} (scope: ${r.scope})`, ''];
  for (const row of rows)
    lines.push(
      '  ' +
        row
          .slice(0, 5)
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ') +
        '  ' +
        row[5],
    );
  const errors = r.findings.filter((f) => f.severity === 'error');
  const warnings = r.findings.filter((f) => f.severity === 'warning');
  lines.push('');
  if (errors.length) {
    lines.push(
      `✘ ${errors.length} problem${errors.length > 1 ? 's' : ''}: ${errors.map((f) => f.subject).join(', ')}`,
    );
    for (const f of errors) lines.push(`  - ${f.message}${f.hint ? ` → ${f.hint}` : ''}`);
  } else {
    lines.push(
      `✔ every required variable for ${r.env} is set and well-formed${warnings.length ? ` (${warnings.length} warning${warnings.length > 1 ? 's' : ''})` : ''}`,
    );
  }
  for (const f of warnings) lines.push(`  ! ${f.message}${f.hint ? ` → ${f.hint}` : ''}`);
  return lines.join('\n');
}
