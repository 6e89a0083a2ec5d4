#!/usr/bin/env zx
// Thin shell: find the page's checklist → run it (real processes, a terminal for manual items) → record → exit code.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline/promises';
import { join, relative, resolve } from 'node:path';
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/checklist';
import { registry } from './lib/registry/index';
import { REPO_ROOT, stateDir } from './lib/config/load';
import { isEnvironmentName, parseBaseUrl } from './lib/config/target';
import { usageError } from './lib/errors';
import { EXIT } from './lib/errors/exit-codes';
import { writeFileAtomic } from './lib/fs/atomic';
import { loadChecklist } from './lib/pages/page';
import { runChecklist, formatItem, formatSummary, type RunDeps } from './lib/checklist/run';
import { checkLoadReportFresh } from './lib/checklist/report-fresh';

await runScript(meta, async ({ flags, positionals, config, out, signal, env }) => {
  if (!isEnvironmentName(flags.env)) throw usageError(`--env "${flags.env}" is not an environment.`, 'Use local, staging or production.');
  if (flags.url) parseBaseUrl(flags.url);
  const args = positionals;
  const ref = args[0];
  if (!ref || args.length > 1) throw usageError('Give one checklist as <page-id>/<checklist-id>, e.g. deployment-runbook/pre-deploy.', 'See: npx zx runbooks/checklist.ts --help');
  const docsDir = resolve(REPO_ROOT, flags.docs);
  const { checklist } = loadChecklist(docsDir, ref, config);
  const interactive = Boolean(process.stdin.isTTY) && !flags['no-prompt'] && !flags['dry-run'];

  out.info(`${checklist.title} (${ref}) against ${flags.env}: ${checklist.items.length} items, ${checklist.items.filter((i) => i.bind).length} bound.`);
  const rl = interactive ? createInterface({ input: process.stdin, output: process.stderr }) : undefined;
  const deps: RunDeps = {
    now: Date.now,
    // Only the operator's own runs count: the reports committed under static/reports are examples.
    reportFresh: (e, maxAgeMs) => checkLoadReportFresh(join(stateDir(env), 'reports/load'), e, maxAgeMs),
    ask: rl
      ? async (item) => {
          const a = (await rl.question(`  ? ${item.text} — done? [y]es / [n]o / Enter to leave unverified: `)).trim().toLowerCase();
          return a.startsWith('y') ? 'yes' : a.startsWith('n') ? 'no' : 'skip';
        }
      : undefined,
    spawn: (argv, { signal: sig, timeoutMs, hermetic }) =>
      new Promise((done) => {
        // The child's output goes to stderr so --json keeps stdout for the one record.
        const childEnv = hermetic ? { ...env, RUNBOOKS_CONFIG: undefined } : env;
        const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
        const relay = (chunk: Buffer) => process.stderr.write(out.redactor.redact(chunk.toString()).replace(/^/gm, '    │ ').replace(/    │ $/, ''));
        child.stdout.on('data', relay);
        child.stderr.on('data', relay);
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          child.kill('SIGTERM');
        }, timeoutMs);
        const onAbort = () => child.kill('SIGINT');
        sig.addEventListener('abort', onAbort, { once: true });
        child.on('error', () => done({ code: 127 }));
        child.on('close', (code) => {
          clearTimeout(timer);
          sig.removeEventListener('abort', onAbort);
          done({ code, timedOut });
        });
      }),
  };

  let record;
  try {
    record = await runChecklist(
      checklist,
      {
        ref,
        env: flags.env,
        url: flags.url,
        registry,
        itemTimeoutMs: flags['item-timeout'],
        dryRun: flags['dry-run'],
        confirmProduction: flags['confirm-production'],
        signal,
        onEvent: (e) => {
          if (e.type === 'start') out.info(`[${e.index + 1}/${e.total}] ${e.item.text}${e.command ? `\n      $ ${e.command}` : ''}`);
          else out.info(`  ${formatItem(e.result)}`);
        },
      },
      deps,
    );
  } finally {
    rl?.close();
  }

  let recordPath: string | undefined;
  if (!record.dryRun) {
    const stamp = record.startedAt.replace(/[:.]/g, '-');
    recordPath = join(stateDir(env), 'checklists', ref.replace(/\//g, '__'), `${stamp}-${flags.env}.json`);
    await writeFileAtomic(recordPath, JSON.stringify(record, null, 2) + '\n');
  }
  // Shown relative to the repository when it is inside it (the default .runbooks/), else absolute.
  const shown = recordPath && (relative(REPO_ROOT, recordPath).startsWith('..') ? recordPath : relative(REPO_ROOT, recordPath));
  if (out.json) out.result({ ...record, record: shown ?? null });
  out.info(formatSummary(record, shown));
  if (record.partial) return EXIT.INTERRUPTED;
  return record.ok ? EXIT.OK : EXIT.FAILED;
});
