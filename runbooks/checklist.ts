#!/usr/bin/env zx
// Thin shell: find the page's checklist → run it (real processes, a terminal for manual items) → record → exit code.
import { join, relative, resolve } from 'node:path';
import { runScript } from './lib/cli/run';
import { meta } from './lib/registry/scripts/checklist';
import { usageError } from './lib/errors';
import { EXIT } from './lib/errors/exit-codes';

await runScript(meta, async ({ flags, positionals, config, out, signal, env, stateDir, target }) => {
  const { registry } = await import('./lib/registry/index');
  const { REPO_ROOT } = await import('./lib/config/load');
  const { writeFileAtomic } = await import('./lib/fs/atomic');
  const { loadChecklist } = await import('./lib/pages/page');
  const { runChecklist, formatItem, formatSummary } = await import('./lib/checklist/run');
  const { checkLoadReportFresh } = await import('./lib/checklist/report-fresh');
  const { recordPath, spawnItem, terminalAsker } = await import('./lib/checklist/terminal');
  if (flags.url) target(); // a malformed --url is a usage error before anything runs
  const ref = positionals[0];
  if (!ref || positionals.length > 1)
    throw usageError(
      'Give one checklist as <page-id>/<checklist-id>, e.g. deployment-runbook/pre-deploy.',
      'See: npx zx runbooks/checklist.ts --help',
    );
  const { checklist } = loadChecklist(resolve(REPO_ROOT, flags.docs), ref, config);
  out.info(
    `${checklist.title} (${ref}) against ${flags.env}: ${checklist.items.length} items, ${checklist.items.filter((i) => i.bind).length} bound.`,
  );
  const asker =
    process.stdin.isTTY && !flags['no-prompt'] && !flags['dry-run']
      ? terminalAsker(process.stdin, process.stderr)
      : undefined;
  const relay = (text: string) =>
    void process.stderr.write(
      out.redactor
        .redact(text)
        .replace(/^/gm, '    │ ')
        .replace(/ {4}│ $/, ''),
    );
  const record = await runChecklist(
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
      onEvent: (e) =>
        out.info(
          e.type === 'start'
            ? `[${e.index + 1}/${e.total}] ${e.item.text}${e.command ? `\n      $ ${e.command}` : ''}`
            : `  ${formatItem(e.result)}`,
        ),
    },
    {
      now: Date.now,
      // Only the operator's own runs count: the reports committed under static/reports are examples.
      reportFresh: (e, maxAgeMs) => checkLoadReportFresh(join(stateDir, 'reports/load'), e, maxAgeMs),
      ask: asker?.ask,
      spawn: spawnItem(REPO_ROOT, env, relay),
    },
  ).finally(() => asker?.close());
  const path = record.dryRun ? undefined : recordPath(stateDir, ref, record.startedAt, flags.env);
  if (path) await writeFileAtomic(path, JSON.stringify(record, null, 2) + '\n');
  // Shown relative to the repository when it is inside it (the default .runbooks/), else absolute.
  const shown = path && (relative(REPO_ROOT, path).startsWith('..') ? path : relative(REPO_ROOT, path));
  if (out.json) out.result({ ...record, record: shown ?? null });
  out.info(formatSummary(record, shown));
  return record.partial ? EXIT.INTERRUPTED : record.ok ? EXIT.OK : EXIT.FAILED;
});
