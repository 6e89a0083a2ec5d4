import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../helpers/root';

// One real site build, of a copy of this working tree without .git (an export, a tarball,
// a CI cache restored without history) and with a temporary config: the build must work
// there (Docusaurus reads last-updated dates from git and fails outside a work tree unless
// told not to), and a changed alerts.memoryMb must change both procedures with nothing else
// edited.
const tmp = mkdtempSync(join(tmpdir(), 'handbook-build-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** The files a fresh checkout has (tracked, plus new files not yet committed), copied without .git; node_modules linked. */
function exportTree(dest: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    cpSync(join(ROOT, f), join(dest, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dest, 'node_modules'), 'dir');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function build(
  cwd: string,
  outDir: string,
  env: Record<string, string>,
): Promise<{ code: number | null; log: string }> {
  // No persistent cache: node_modules is the working tree's (linked), and this build must not
  // share Rspack's cache directory with the suite's own build running beside it.
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...env,
    NO_UPDATE_NOTIFIER: '1',
    DOCUSAURUS_NO_PERSISTENT_CACHE: '1',
  };
  delete childEnv.GIT_DIR;
  delete childEnv.GIT_WORK_TREE;
  return new Promise((done) => {
    const child = spawn('npx', ['docusaurus', 'build', '--out-dir', outDir], {
      cwd,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, log });
    });
  });
}

test(
  'a copy without git history builds, and a changed memory alert in a temporary config changes the runbook and the playbook',
  { timeout: 300_000 },
  async () => {
    const src = join(tmp, 'checkout');
    exportTree(src);
    assert.ok(!existsSync(join(src, '.git')));
    const config = join(tmp, 'runbooks.config.ts');
    writeFileSync(
      config,
      `import base from ${JSON.stringify(join(src, 'runbooks.config.ts'))};\nexport default { ...base, alerts: { ...base.alerts, memoryMb: 777 } };\n`,
    );
    const out = join(tmp, 'build');
    // Secrets set in the environment of the build, as on an operator's machine, reach no page.
    const SECRETS = {
      RENDER_API_KEY: 'rnd_SENTINEL-build-key',
      RENDER_DEPLOY_HOOK_URL: 'https://api.render.com/deploy/srv-x?key=hooksentinelbuild',
      // secretlint-disable-next-line -- a made-up sentinel the test looks for in the built pages
      SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/slacksentinelbuild',
      HOLISTICOS_API_KEY: 'holisticos-sentinel-build',
    };
    const r = await build(src, out, { RUNBOOKS_CONFIG: config, ...SECRETS });
    assert.equal(r.code, 0, r.log.slice(-3000));
    for (const page of ['deployment-runbook', 'incident-response-playbook']) {
      const html = readFileSync(join(out, 'docs', page, 'index.html'), 'utf8');
      assert.match(html, /data-cfg="?alerts\.memoryMb"?[^>]*>777 MB</, `${page} shows the new alert`);
      assert.doesNotMatch(html, />450 MB</, `${page} no longer shows the old one`);
      // Without git there is no honest date to show: none, rather than the build's own.
      assert.doesNotMatch(html, /theme-last-updated/, `${page} claims no last-updated date without git`);
    }
    assert.ok(existsSync(join(out, 'reports/load/index.html')), 'the reports are built too');
    const built = filesUnder(out).filter((f) =>
      /SENTINEL-build|hooksentinelbuild|slacksentinelbuild|holisticos-sentinel-build/.test(
        readFileSync(f, 'latin1'),
      ),
    );
    assert.deepEqual(built, [], "no built file holds a secret of the build's environment");
  },
);
