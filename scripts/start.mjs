#!/usr/bin/env node
// `npm start`: the handbook site (docusaurus start on 127.0.0.1:3000) and the sandbox
// (runbooks/sandbox.ts on the local environment's port, 8001) together, so a new engineer gets both at once.
//   npm start [-- <sandbox flags>]     e.g. npm start -- --profile fast --fault openai-outage
//   HANDBOOK_PORT=3001 npm start       the site on another port (the sandbox: -- --port <n>)
// Ctrl-C or SIGTERM stops both; if either dies, the other is stopped and this exits non-zero.
//
// Each child runs in its own process group and gets exactly one SIGTERM from here: a
// terminal's Ctrl-C would otherwise reach the children as well, and a second signal makes
// the sandbox quit at once instead of shutting down gracefully. Children are started with
// node directly (not npx), because npx does not forward SIGTERM to what it runs.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));
const KILL_AFTER_MS = 10_000;

const zxCli = join(dirname(require.resolve('zx/package.json')), 'build', 'cli.js');
const docusaurusCli = join(
  dirname(require.resolve('@docusaurus/core/package.json')),
  'bin',
  'docusaurus.mjs',
);

const children = [
  {
    name: 'site',
    args: [
      docusaurusCli,
      'start',
      '--host',
      '127.0.0.1',
      '--port',
      process.env.HANDBOOK_PORT || '3000',
      '--no-open',
    ],
  },
  { name: 'sandbox', args: ['--import', 'tsx/esm', zxCli, 'runbooks/sandbox.ts', ...process.argv.slice(2)] },
].map((c) => ({
  ...c,
  proc: spawn(process.execPath, c.args, { cwd: ROOT, stdio: 'inherit', detached: true }),
  exited: false,
  code: null,
}));

let stopping = false;
let failed = false;

function signalGroup(proc, sig) {
  try {
    process.kill(-proc.pid, sig);
  } catch {
    // already gone
  }
}

function stopAll(reason) {
  if (stopping) return;
  stopping = true;
  console.error(`\nstart: ${reason}; stopping the site and the sandbox …`);
  for (const c of children) if (!c.exited) signalGroup(c.proc, 'SIGTERM');
  setTimeout(() => {
    for (const c of children) if (!c.exited) signalGroup(c.proc, 'SIGKILL');
  }, KILL_AFTER_MS).unref();
}

for (const c of children) {
  c.proc.on('error', (e) => {
    console.error(`start: could not start the ${c.name}: ${e.message}`);
    c.exited = true;
    failed = true;
    stopAll(`the ${c.name} did not start`);
  });
  c.proc.on('exit', (code, signal) => {
    c.exited = true;
    c.code = code;
    if (!stopping) {
      failed = true;
      stopAll(`the ${c.name} exited (${signal ?? `code ${code}`})`);
    }
    if (children.every((x) => x.exited)) process.exit(failed ? 1 : 0);
  });
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => stopAll(`${sig} received`));
