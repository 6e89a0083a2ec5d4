// templates/ci/: GitHub Actions workflows a team copies into the service's repository.
// Each parses, every `npx zx runbooks/<script>.ts …` in it is a real script with flags its
// own parser accepts, secrets come only from the secrets store under the names of the
// config's envVars (DESIGN.md's names), and no value looks like a secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../runbooks/lib/config/load';
import { parseFlags } from '../../runbooks/lib/cli/flags';
import { findScript } from '../../runbooks/lib/registry/index';
import { tokenize } from '../../runbooks/lib/pages/command';
import { ROOT } from '../helpers/run';

const DIR = join(ROOT, 'templates/ci');
const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));
const files = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
type Workflow = {
  name: string;
  on: unknown;
  jobs: Record<string, { 'runs-on': string; env?: Record<string, string>; steps: Record<string, unknown>[] }>;
};
const load = (f: string) => parse(readFileSync(join(DIR, f), 'utf8')) as Workflow;

/** Every string in a parsed document. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

/** `npx zx runbooks/x.ts …` commands in a text: the script id and its argument tokens (up to the end of the line, a quote or a backtick). */
function commands(text: string): { id: string; args: string[]; line: string }[] {
  return [...text.matchAll(/npx zx runbooks\/([a-z0-9-]+)\.ts([^\n`'"|&;>]*)/g)].map((m) => ({
    id: m[1]!,
    args: tokenize(m[2]!.trim()),
    line: m[0],
  }));
}

test('the five workflows are there: pull requests, after a deploy, nightly load, drill reminder, Pages', () => {
  assert.deepEqual(files, [
    'handbook-after-deploy.yml',
    'handbook-drill-reminder.yml',
    'handbook-nightly-load.yml',
    'handbook-pages.yml',
    'handbook-pull-request.yml',
  ]);
  for (const f of files) {
    const w = load(f);
    assert.ok(w.name && w.on && Object.keys(w.jobs).length, f);
    for (const [id, job] of Object.entries(w.jobs)) {
      assert.equal(job['runs-on'], 'ubuntu-latest', `${f} ${id}`);
      assert.ok(Array.isArray(job.steps) && job.steps.length, `${f} ${id} has steps`);
      assert.ok((job as { 'timeout-minutes'?: number })['timeout-minutes'], `${f} ${id} is bounded in time`);
    }
  }
  const runs = (f: string) =>
    strings(Object.values(load(f).jobs).flatMap((j) => j.steps.map((s) => s.run))).join('\n');
  assert.match(runs('handbook-pull-request.yml'), /npm ci\n[\s\S]*npm test/);
  assert.ok(
    load('handbook-after-deploy.yml').on &&
      'deployment_status' in (load('handbook-after-deploy.yml').on as object),
  );
  assert.ok(
    'schedule' in (load('handbook-nightly-load.yml').on as object) &&
      'schedule' in (load('handbook-drill-reminder.yml').on as object),
  );
  assert.match(readFileSync(join(DIR, 'handbook-nightly-load.yml'), 'utf8'), /actions\/upload-artifact/);
});

test('every runbook command in them names a registry script and flags its parser accepts', () => {
  const seen: string[] = [];
  for (const f of files) {
    for (const c of strings(load(f)).flatMap(commands)) {
      const meta = findScript(c.id);
      assert.ok(meta, `${f}: "${c.line}" names runbooks/${c.id}.ts, which is not in the registry`);
      assert.doesNotThrow(() => parseFlags(meta, c.args), `${f}: "${c.line}"`);
      const { flags, positionals } = parseFlags(meta, c.args);
      assert.ok(
        !positionals.length || meta.positionals,
        `${f}: "${c.line}" passes an argument ${c.id} does not take`,
      );
      // A command against an environment has the variables that environment requires.
      if (meta.targeted && flags.env !== 'local' && !c.line.includes('--url')) {
        const job = Object.values(load(f).jobs).find((j) => strings(j).some((s) => s.includes(c.line)))!;
        const missing = config.environments[flags.env as 'staging'].requires.filter((v) => !job.env?.[v]);
        assert.deepEqual(
          missing,
          [],
          `${f}: "${c.line}" runs against ${flags.env} without ${missing.join(', ')} in the job's env`,
        );
      }
      seen.push(`${c.id} ${c.args.join(' ')}`);
    }
  }
  assert.deepEqual(seen.sort(), [
    'drill --list',
    'drill --scenario openai-outage --publish',
    'health --env staging --strict',
    'load --env staging --users 15 --duration 5m --out load-report.json --publish',
    'scorecard --env production --publish',
    'scorecard --env staging --publish',
    'smoke --env staging',
  ]);
  // The check can fail: an unknown flag, a missing script.
  assert.throws(
    () => parseFlags(findScript('health')!, commands('npx zx runbooks/health.ts --strcit')[0]!.args),
    /Unknown flag --strcit/,
  );
  assert.equal(findScript(commands('npx zx runbooks/deploy-everything.ts --env staging')[0]!.id), undefined);
});

test("the nightly load test runs the SLO's user count", () => {
  const load = strings(parse(readFileSync(join(DIR, 'handbook-nightly-load.yml'), 'utf8')))
    .flatMap(commands)
    .find((c) => c.id === 'load')!;
  assert.equal(
    parseFlags(findScript('load')!, load.args).flags.users,
    config.slo.concurrentUsers,
    'templates/ci/handbook-nightly-load.yml --users must equal slo.concurrentUsers',
  );
});

test('secrets come from the secrets store and URLs from variables, under the config’s names; no literal secret', () => {
  const names = new Map(config.envVars.map((v) => [v.name, v.secret]));
  for (const f of files) {
    const text = readFileSync(join(DIR, f), 'utf8');
    for (const [, store, name] of text.matchAll(/\$\{\{\s*(secrets|vars)\.([A-Za-z0-9_]+)\s*\}\}/g)) {
      assert.ok(
        names.has(name!),
        `${f}: ${store}.${name} is not a variable of the config (DESIGN.md's names)`,
      );
      assert.equal(
        store === 'secrets',
        names.get(name!),
        `${f}: ${name} belongs in ${names.get(name!) ? 'secrets' : 'vars'}`,
      );
    }
    for (const job of Object.values(load(f).jobs)) {
      for (const [k, v] of Object.entries(job.env ?? {})) {
        if (names.get(k)) assert.equal(v, `\${{ secrets.${k} }}`, `${f}: ${k} must come from secrets.${k}`);
      }
    }
    assert.doesNotMatch(
      text,
      /\b(sk-[A-Za-z0-9]{20,}|rnd_[A-Za-z0-9]{20,}|xox[bp]-|hooks\.slack\.com\/services|sandbox-local-key)/,
      `${f} holds a literal secret`,
    );
    assert.doesNotMatch(
      text,
      /echo[^\n]*\$\{?(SLACK_WEBHOOK_URL|HOLISTICOS_API_KEY)/,
      `${f} prints a secret`,
    );
  }
});
