#!/usr/bin/env zx
// The handbook's Artillery runner. Artillery is installed on demand into tools/artillery/
// (its own package.json and lockfile), never by the root `npm install`, and always runs
// with telemetry off.
//   npm run artillery:install                      install the pinned version (nothing to do when it is there)
//   npm run artillery -- run journey.yml --output out.json
//   npm run artillery -- run-fargate journey.yml --count 10 --region eu-west-1 --output out.json
// Any arguments after `--` go to Artillery as they are; it is installed first when missing.
import { spawn } from 'node:child_process';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  artilleryBin,
  installArgs,
  installedVersion,
  isInstalled,
  lockedVersion,
  toolEnv,
  TOOL_DIR,
} from '../runbooks/lib/scale/artillery-tool';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/** Runs a command to its end (bounded by `timeoutMs` when given), forwarding Ctrl-C/SIGTERM; resolves its exit code. */
function run(cmd: string, args: string[], opts: { cwd: string; timeoutMs?: number }): Promise<number> {
  return new Promise((done) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: toolEnv(process.env), stdio: 'inherit' });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (e) => {
      process.stderr.write(`error: could not start ${cmd}: ${e.message}\n`);
      done(2);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      done(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
}

async function ensureInstalled(): Promise<number> {
  const locked = lockedVersion(ROOT);
  if (!locked) {
    process.stderr.write(
      `error: ${TOOL_DIR}/package.json does not pin an artillery version; restore it from git.\n`,
    );
    return 2;
  }
  if (isInstalled(ROOT)) {
    process.stderr.write(`artillery ${locked} is installed in ${TOOL_DIR}/\n`);
    return 0;
  }
  const had = installedVersion(ROOT);
  process.stderr.write(
    `installing artillery ${locked} into ${TOOL_DIR}/${had ? ` (found ${had})` : ''} from its lockfile; about a minute, ~600 MB …\n`,
  );
  const t0 = Date.now();
  const code = await run('npm', installArgs(ROOT), { cwd: ROOT, timeoutMs: INSTALL_TIMEOUT_MS });
  if (code !== 0 || !isInstalled(ROOT)) {
    process.stderr.write(
      `error: npm ci in ${TOOL_DIR}/ failed (exit ${code}). Check the network and npm's registry settings, then run npm run artillery:install again.\n`,
    );
    return code || 1;
  }
  process.stderr.write(`artillery ${locked} installed in ${Math.round((Date.now() - t0) / 1000)} s\n`);
  return 0;
}

const args = process.argv.slice(process.argv.findIndex((a) => /artillery\.ts$/.test(a)) + 1);
let code = await ensureInstalled();
if (code === 0 && !(args.length === 1 && args[0] === 'install')) {
  if (!args.length) {
    process.stderr.write(
      'usage: npm run artillery -- <artillery arguments>, e.g. npm run artillery -- run journey.yml --output out.json\n',
    );
    code = 2;
  } else {
    // npm runs scripts from the repository root; relative paths are the caller's.
    code = await run(process.execPath, [artilleryBin(ROOT), ...args], {
      cwd: process.env.INIT_CWD ?? process.cwd(),
    });
  }
}
process.exitCode = code;
