import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkDirective from 'remark-directive';
import { VFile } from 'vfile';
import type { Root } from 'mdast';
import { loadConfig } from '../../runbooks/lib/config/load';
import { registry } from '../../runbooks/lib/registry/index';
import { formatConfigValue } from '../../runbooks/lib/pages/cfg';
import { transform } from '../../src/remark/handbook/index';
import { normalize } from '../../src/remark/handbook/options';
import { ROOT } from '../helpers/run';

// Pages and scripts must not drift apart. These checks read the hand-written pages in
// docs/ (generated *.gen.mdx pages are built from the registry and cannot drift).
const DOCS = join(ROOT, 'docs');
const config = await loadConfig(join(ROOT, 'runbooks.config.ts'));

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? walk(join(dir, d.name)) : /\.mdx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}
const pages = walk(DOCS).filter((f) => !f.endsWith('.gen.mdx'));
const source = (f: string) => readFileSync(f, 'utf8');

/** Page text a reader sees as prose: no front matter, code, directives' attributes or link targets. */
function prose(src: string): string {
  return src
    .replace(/^---[\s\S]*?\n---\n/, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/:cfg\[[^\]]*\](\{[^}]*\})?/g, '')
    .replace(/^::run.*$/gm, '')
    .replace(/:check\[[^\]]*\](\{[^}]*\})?/g, '')
    .replace(/\]\([^)]*\)/g, ']');
}

test('the docs folder holds the handbook pages', () => {
  for (const p of [
    'overview',
    'onboarding',
    'deployment-runbook',
    'incident-response-playbook',
    'load-testing',
    'reports',
  ]) {
    assert.ok(existsSync(join(DOCS, `${p}.mdx`)), `docs/${p}.mdx`);
  }
});

test('every directive on every page resolves against the registry and the config', () => {
  const opts = normalize({ config, registry, docsDir: DOCS, rootDir: ROOT });
  for (const file of pages) {
    const tree = unified().use(remarkParse).use(remarkDirective).parse(source(file)) as Root;
    assert.doesNotThrow(() => transform(opts, tree, new VFile({ path: file })), `${relative(ROOT, file)}`);
  }
});

test('every registry script has a runbooks/<id>.ts and is documented on a hand-written page', () => {
  const all = pages.map(source).join('\n');
  const missing = registry
    .filter((m) => !new RegExp(`(script="${m.id}"|:check\\[${m.id}\\])`).test(all))
    .map((m) => m.id);
  assert.deepEqual(missing, [], 'scripts no page shows as a ::run block or binds as a :check');
  for (const m of registry)
    assert.ok(existsSync(join(ROOT, 'runbooks', `${m.id}.ts`)), `runbooks/${m.id}.ts exists`);
});

test('no page has a free-hand command for one of our scripts; every one is a bound ::run block', () => {
  const offenders: string[] = [];
  for (const file of pages) {
    source(file)
      .split('\n')
      .forEach((line, i) => {
        if (/^::run/.test(line)) return;
        // `npx zx runbooks/x.ts`, `zx runbooks/x.ts`, or `node … runbooks/x.ts`, in code or prose.
        if (/\bzx\s+runbooks\/(?!<)|\brunbooks\/[a-z][a-z0-9-]*\.ts\b/.test(line))
          offenders.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 100)}`);
      });
  }
  assert.deepEqual(offenders, []);
});

test('no alert threshold or SLO is written as a literal number; each is a :cfg', () => {
  const paths = [
    ...Object.keys(config.alerts)
      .filter((k) => !/consecutive/.test(k))
      .map((k) => `alerts.${k}`),
    ...['p95Ms', 'errorRatePct', 'successRatePct', 'uptimePct', 'costPerUserPerDayUsd'].map(
      (k) => `slo.${k}`,
    ),
    ...Object.keys(config.slo.perStep).map((s) => `slo.perStep.${s}.p95Ms`),
  ];
  const get = (p: string) =>
    p.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], config);
  const patterns = paths.map((p) => {
    const shown = formatConfigValue(p, get(p));
    // "450 MB" also as "450MB", "10 s" also as "10s"/"10 seconds", "$0.10" also as "$0.1".
    const m = /^(\$?)([\d.,]+)\s*(.*)$/.exec(shown)!;
    const num = m[2]!.replace(/\./g, '\\.');
    const unit =
      {
        s: '(?:s|sec|seconds?)\\b',
        min: '(?:min|minutes?)\\b',
        MB: 'MB\\b',
        '%': '%',
        h: '(?:h|hours?)\\b',
        ms: 'ms\\b',
      }[m[3]!] ?? '';
    const re = m[1] ? new RegExp(`\\$${num}(?:0)?\\b`) : new RegExp(`(?<![\\d.])${num}\\s*${unit}`);
    return { path: p, shown, re };
  });
  // The check must be able to fail: literal thresholds in prose are caught.
  const hit = (text: string) => patterns.filter((x) => x.re.test(text)).map((x) => x.path);
  assert.deepEqual(hit('alert when memory is over 450MB or cost over $50'), [
    'alerts.memoryMb',
    'alerts.dailyCostUsd',
  ]);
  assert.deepEqual(hit('p95 under 5 seconds, uptime 99.5 %'), ['slo.p95Ms', 'slo.uptimePct']);
  assert.deepEqual(hit('every 120 s, 1450 MB, 95.5%'), []);
  const found: string[] = [];
  for (const file of pages) {
    prose(source(file))
      .split('\n')
      .forEach((line, i) => {
        for (const { path, shown, re } of patterns)
          if (re.test(line))
            found.push(
              `${relative(ROOT, file)} (line ${i + 1} of the prose): "${shown}" is ${path}; write :cfg[${path}]`,
            );
      });
  }
  assert.deepEqual(found, []);
  assert.ok(patterns.length >= 10, 'the alert thresholds and SLOs are all checked');
});

test('the memory alert reaches both procedures through the config', () => {
  for (const p of ['deployment-runbook', 'incident-response-playbook'])
    assert.match(source(join(DOCS, `${p}.mdx`)), /:cfg\[alerts\.memoryMb\]/, p);
});
