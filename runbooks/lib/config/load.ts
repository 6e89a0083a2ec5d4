import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { createJiti } from 'jiti';
import { ZodError, type ZodIssue } from 'zod';
import { configSchema, type Config } from './schema';
import { RunbookError } from '../errors';

/** The repository root (runbooks/lib/config → ../../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Where runs keep local state (every report, checklist run records): .runbooks/ in the
 * repository (git-ignored), or RUNBOOKS_STATE_DIR — tests point it at a temp dir so they
 * never leave records an operator's checklist would then read.
 */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNBOOKS_STATE_DIR ? resolve(env.RUNBOOKS_STATE_DIR) : resolve(REPO_ROOT, '.runbooks');
}

/**
 * Where `--publish` writes reports for the site: static/reports/ in the repository, or
 * RUNBOOKS_PUBLISH_DIR — the site (npm start, the build) reads the same variable, so a test
 * can publish and see the page without touching the repository's committed examples.
 */
export function publishDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNBOOKS_PUBLISH_DIR ? resolve(env.RUNBOOKS_PUBLISH_DIR) : resolve(REPO_ROOT, 'static/reports');
}

/** Where the config lives; RUNBOOKS_CONFIG points at another file (tests, forks). */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNBOOKS_CONFIG ? resolve(env.RUNBOOKS_CONFIG) : resolve(REPO_ROOT, 'runbooks.config.ts');
}

function describeIssue(issue: ZodIssue, raw: unknown): string {
  const field = issue.path.length ? issue.path.join('.') : '(root)';
  let got: unknown = raw;
  for (const k of issue.path)
    got = got && typeof got === 'object' ? (got as Record<string | number, unknown>)[k] : undefined;
  const gotText = got === undefined ? 'nothing' : JSON.stringify(got);
  let expected: string;
  switch (issue.code) {
    case 'invalid_type':
      expected = `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`;
      break;
    case 'too_small':
    case 'too_big': {
      // A schema-authored message ("at least 10000 (…)") says more than zod's default.
      const custom = !/^(Number|Array|String|Value) must/.test(issue.message);
      const bound =
        issue.code === 'too_small'
          ? `${issue.inclusive ? '≥' : '>'} ${issue.minimum}`
          : `${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
      expected = custom ? issue.message : issue.type === 'array' ? `${bound} item(s)` : bound;
      break;
    }
    case 'invalid_enum_value':
      expected = `one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}`;
      break;
    default:
      expected = issue.message;
  }
  return `config field "${field}" should be ${expected}, got ${gotText}`;
}

/** Validates a raw config object; throws one RB_CONFIG error naming the first bad field. */
export function parseConfig(raw: unknown, source = 'runbooks.config.ts'): Config {
  try {
    return configSchema.parse(raw);
  } catch (e) {
    if (e instanceof ZodError) {
      const [first, ...rest] = e.issues;
      const more = rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : '';
      throw new RunbookError(
        'RB_CONFIG',
        `Invalid config in ${source}: ${describeIssue(first!, raw)}${more}.`,
        {
          hint: 'Fix the field and run again; runbooks/lib/config/schema.ts documents every field.',
          details: { issues: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
        },
      );
    }
    throw e;
  }
}

/**
 * Loads and validates the config. jiti transpiles the TypeScript file whatever the module
 * system of the repo root (the root must stay CommonJS for Docusaurus), so scripts, tests
 * and the site read the same file the same way. Its transform cache stays on: without it,
 * every run of every script spent half a second of CPU transpiling the config and the
 * schema it imports with Babel. Entries are keyed by the file's path and end with a hash of
 * its source, checked on read, so an edited config (or a test's temp one) is never stale;
 * the module cache stays off, so one process can load two configs.
 */
export async function loadConfig(path = configPath()): Promise<Config> {
  if (!existsSync(path)) {
    throw new RunbookError('RB_CONFIG', `No config file at ${path}.`, {
      hint: 'Run from the repository root, or set RUNBOOKS_CONFIG to a config file.',
    });
  }
  let raw: unknown;
  try {
    const jiti = createJiti(import.meta.url, { moduleCache: false });
    raw = await jiti.import(path, { default: true });
  } catch (e) {
    throw new RunbookError('RB_CONFIG', `Could not load ${path}: ${(e as Error).message.split('\n')[0]}.`, {
      hint: 'Fix the syntax error in the config file.',
    });
  }
  return parseConfig(raw, path);
}
