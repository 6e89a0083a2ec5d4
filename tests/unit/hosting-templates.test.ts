// The hosted handbook's templates, checked against this repository as ci-templates.test.ts
// checks the workflows: the Render Blueprint (templates/hosting/render.yaml) builds with
// npm scripts that exist and publishes the folder the build writes, needs no secret, and
// serves the site at the base the build is given; the GitHub Pages workflow builds with the
// base Pages serves it under and deploys that build; the nightly load test publishes its
// reports and the scorecards, commits them, and asks Pages to rebuild.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../runbooks/lib/config/load';
import { ROOT } from '../helpers/root';

const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};
const docusaurusConfig = readFileSync(join(ROOT, 'docusaurus.config.ts'), 'utf8');
const yaml = (p: string) => parse(readFileSync(join(ROOT, p), 'utf8')) as Record<string, unknown>;
type Step = {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  id?: string;
  if?: string;
  'working-directory'?: string;
};
type Job = {
  needs?: string;
  steps: Step[];
  defaults?: { run?: { 'working-directory'?: string } };
  environment?: { name: string };
};

/** Every command of a shell line joined with &&, each checked: `npm ci`, or `npm run <a script package.json has>`. */
function npmCommands(line: string): string[] {
  return line.split('&&').map((c) => c.trim());
}
function assertNpm(cmd: string, where: string): void {
  if (cmd === 'npm ci') return;
  const m = /^npm run ([\w:-]+)$/.exec(cmd);
  assert.ok(m, `${where}: "${cmd}" is npm ci or npm run <script>`);
  assert.ok(pkg.scripts[m[1]!], `${where}: package.json has no script "${m[1]}"`);
}

test('render.yaml: one static site, built by scripts package.json has, publishing where the build writes', () => {
  const b = yaml('templates/hosting/render.yaml') as { services: Record<string, unknown>[] };
  assert.equal(b.services.length, 1);
  const s = b.services[0]! as {
    type: string;
    runtime: string;
    name: string;
    rootDir: string;
    buildCommand: string;
    staticPublishPath: string;
    envVars: { key: string; value?: string; sync?: boolean }[];
    headers: { path: string; name: string; value: string }[];
  };
  assert.equal(s.type, 'web');
  assert.equal(s.runtime, 'static');
  assert.match(s.name, /^[a-z0-9-]+$/);
  // Where the other templates expect the handbook in the service's repository.
  const nightly = yaml('templates/ci/handbook-nightly-load.yml') as { jobs: Record<string, Job> };
  assert.equal(s.rootDir, nightly.jobs.load!.defaults!.run!['working-directory']);
  for (const c of npmCommands(s.buildCommand)) assertNpm(c, 'render.yaml buildCommand');
  assert.deepEqual(npmCommands(s.buildCommand), ['npm ci', 'npm run build']);
  // `npm run build` is `docusaurus build`, which writes build/ unless told otherwise.
  assert.equal(pkg.scripts.build, 'docusaurus build');
  assert.equal(s.staticPublishPath, 'build');
  // The build needs no secret: nothing the config calls secret, no value to type in the dashboard.
  const secret = new Set(config.envVars.filter((v) => v.secret).map((v) => v.name));
  for (const v of s.envVars) {
    assert.ok(!secret.has(v.key), `${v.key} is a secret: the site's build must not need it`);
    assert.ok(typeof v.value === 'string' && v.sync === undefined, `${v.key} has a value`);
  }
  const env = Object.fromEntries(s.envVars.map((v) => [v.key, v.value]));
  // The Node it builds on is one package.json allows (engines ">=20.10"), and the base is the one the site reads.
  assert.ok(Number(env.NODE_VERSION) >= Number(/>=\s*(\d+)/.exec(pkg.engines.node)![1]), 'NODE_VERSION');
  assert.match(docusaurusConfig, /process\.env\.HANDBOOK_BASE_URL/);
  assert.equal(env.HANDBOOK_BASE_URL, '/');
  // Hashed assets are cached for good; pages (and reports) are revalidated, so a rebuild shows at once.
  assert.ok(s.headers.some((h) => h.path === '/assets/*' && /immutable/.test(h.value)));
  assert.ok(s.headers.some((h) => h.path === '/*' && h.name === 'Cache-Control' && h.value === 'no-cache'));
});

test('the Pages workflow builds with the base Pages serves under, uploads that build and deploys it', () => {
  const w = yaml('templates/ci/handbook-pages.yml') as {
    on: { push: { branches: string[]; paths: string[] }; workflow_dispatch: unknown };
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  assert.deepEqual(w.on.push.paths, ['ops-handbook/**']);
  assert.ok('workflow_dispatch' in w.on, 'other workflows can ask it to rebuild');
  assert.deepEqual(w.permissions, { contents: 'read', pages: 'write', 'id-token': 'write' });
  const build = w.jobs.build!;
  const dir = build.defaults!.run!['working-directory']!;
  assert.equal(dir, 'ops-handbook');
  const uses = build.steps.map((s) => s.uses?.replace(/@.*/, '')).filter(Boolean);
  assert.deepEqual(uses, [
    'actions/checkout',
    'actions/setup-node',
    'actions/configure-pages',
    'actions/upload-pages-artifact',
  ]);
  const checkout = build.steps.find((s) => s.uses?.startsWith('actions/checkout'))!;
  assert.equal(checkout.with?.['fetch-depth'], 0, 'full history: the pages show their last-updated date');
  const node = build.steps.find((s) => s.uses?.startsWith('actions/setup-node'))!;
  assert.ok(Number(node.with?.['node-version']) >= Number(/>=\s*(\d+)/.exec(pkg.engines.node)![1]));
  const runs = build.steps.filter((s) => s.run).map((s) => s.run!.trim());
  for (const r of runs) for (const c of npmCommands(r)) assertNpm(c, 'handbook-pages.yml');
  assert.deepEqual(runs, ['npm ci', 'npm run build']);
  const pagesId = build.steps.find((s) => s.uses?.startsWith('actions/configure-pages'))!.id!;
  const buildStep = build.steps.find((s) => s.run?.trim() === 'npm run build')!;
  assert.equal(buildStep.env?.HANDBOOK_BASE_URL, `\${{ steps.${pagesId}.outputs.base_path }}/`);
  const upload = build.steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'))!;
  assert.equal(upload.with?.path, `${dir}/build`);
  const deploy = w.jobs.deploy!;
  assert.equal(deploy.needs, 'build');
  assert.equal(deploy.environment?.name, 'github-pages');
  assert.deepEqual(
    deploy.steps.map((s) => s.uses?.replace(/@.*/, '')),
    ['actions/deploy-pages'],
  );
});

test('the nightly load test publishes its report and the scorecards, commits them, and asks Pages to rebuild', () => {
  const w = yaml('templates/ci/handbook-nightly-load.yml') as {
    permissions: Record<string, string>;
    jobs: Record<string, Job>;
  };
  assert.equal(w.permissions.contents, 'write', 'it pushes a commit');
  assert.equal(w.permissions.actions, 'write', 'it starts the Pages workflow');
  const steps = w.jobs.load!.steps;
  const at = (re: RegExp) => steps.findIndex((s) => re.test(s.run ?? ''));
  const load = at(/runbooks\/load\.ts .*--publish/);
  const staging = at(/runbooks\/scorecard\.ts --env staging --publish/);
  const production = at(/runbooks\/scorecard\.ts --env production --publish/);
  const commit = at(/git add static\/reports/);
  const pages = at(/gh workflow run handbook-pages\.yml/);
  assert.ok(load >= 0 && load < staging && staging < production && production < commit && commit < pages);
  // After a failed load (an SLO breached), the scorecards, the commit and the rebuild still run.
  for (const i of [staging, production, commit, pages])
    assert.match(steps[i]!.if ?? '', /!cancelled\(\)|always\(\)/);
  // What it commits is where --publish writes (static/reports/, relative to the handbook).
  assert.ok(existsSync(join(ROOT, 'static/reports')));
  assert.match(
    steps[commit]!.run!,
    /git diff --cached --quiet/,
    'no empty commit when nothing was published',
  );
  assert.match(steps[commit]!.run!, /git pull --rebase\s+git push/);
  // The workflow it starts is the Pages template, by its file name, run from the repository root.
  assert.ok(existsSync(join(ROOT, 'templates/ci/handbook-pages.yml')));
  assert.equal(steps[pages]!['working-directory'], '.');
  assert.equal(steps[pages]!.env?.GH_TOKEN, '${{ github.token }}');
});
