import type { ScriptMeta, FlagSpec } from '@holisticos/runbooks/registry/types';
import { SAFETY_LABEL } from '@holisticos/runbooks/registry/types';
import { allFlags } from '@holisticos/runbooks/registry/common-flags';
import { EXIT_TABLE } from '@holisticos/runbooks/errors/exit-codes';
import { formatMs } from '@holisticos/runbooks/units/index';
import { parseCommandLine } from '@holisticos/runbooks/pages/command';
import { BUILTIN_CHECKS } from '@holisticos/runbooks/pages/bindings';
import type { Config } from '@holisticos/runbooks/config/schema';
import type { FaultSpec } from '@holisticos/runbooks/faults/catalogue';

/** A generated page: path below docs/ and its MDX. */
export interface GeneratedPage {
  path: string;
  content: string;
}

const HEADER =
  '{/* Generated at build time by src/plugins/reference from the registry and the config. Do not edit: edit the source instead. */}';

/** Escapes text for an MDX table cell or paragraph (braces and angle brackets are MDX syntax). */
export function mdxText(s: string): string {
  // A colon before a letter would start a text directive (":p95"), which the strict check rejects.
  return s
    .replace(/\\/g, '\\\\')
    .replace(/([{}<>|])/g, '\\$1')
    .replace(/:(?=[A-Za-z])/g, '\\:')
    .replace(/\n/g, ' ');
}

function code(s: string): string {
  return '`' + s.replace(/`/g, "'") + '`';
}

function frontMatter(fields: Record<string, string | number>): string {
  return [
    '---',
    ...Object.entries(fields).map(([k, v]) => `${k}: ${typeof v === 'number' ? v : JSON.stringify(v)}`),
    '---',
  ].join('\n');
}

function flagDefault(f: FlagSpec): string {
  if (f.default === undefined) return '—';
  if (Array.isArray(f.default)) return f.default.length ? code(f.default.join(',')) : 'none';
  return code(String(f.default));
}

function flagType(f: FlagSpec): string {
  if (f.type === 'enum' && f.choices) return `one of ${f.choices.map(code).join(', ')}`;
  if (f.type === 'list')
    return `list (comma-separated or repeated)${f.choices ? `: ${f.choices.map(code).join(', ')}` : ''}`;
  if (f.type === 'duration') return 'duration (`500ms`, `20s`, `5m`, `1h`)';
  return f.type;
}

/** A `::run` directive for one of the registry's example commands. */
export function exampleDirective(meta: ScriptMeta, command: string, description: string): string {
  const parsed = parseCommandLine(command);
  if (!parsed || parsed.id !== meta.id)
    throw new Error(`registry example of ${meta.id} is not a command of this script: ${command}`);
  const attrs = [`script="${meta.id}"`];
  if (parsed.env) attrs.push(`env="${parsed.env}"`, 'pin');
  // A token with spaces (a quoted title or note) keeps its quotes, so the block parses back into the same argv.
  const quote = (t: string) => (/\s/.test(t) ? `'${t}'` : t);
  if (parsed.positionals.length) attrs.push(`args="${parsed.positionals.map(quote).join(' ')}"`);
  if (parsed.flags.length) attrs.push(`flags="${parsed.flags.map(quote).join(' ')}"`);
  const block = `::run[${description.replace(/[[\]]/g, '')}]{${attrs.join(' ')}}`;
  return parsed.shellSuffix ? `${block}\n\nFollowed in the shell by ${code(parsed.shellSuffix)}.` : block;
}

/** The reference page of one script. */
export function scriptPage(meta: ScriptMeta, position: number): GeneratedPage {
  const lines = [
    frontMatter({
      id: meta.id,
      title: `${meta.id}: ${meta.title}`,
      sidebar_label: meta.id,
      sidebar_position: position,
      description: meta.summary,
    }),
    '',
    HEADER,
    '',
    `**${mdxText(meta.title)}** ${mdxText(meta.summary)}.`,
    '',
    `**Safety:** ${SAFETY_LABEL[meta.safety]}. ${safetyNote(meta)}`,
    '',
    '## Usage',
    '',
    // An optional positional ([<…>]) is left out of the usage block: the script runs without it.
    `::run{script="${meta.id}"${meta.positionals && !meta.positionals.startsWith('[') ? ` args="${usageArg(meta)}"` : ''}}`,
    '',
    meta.positionals ? `Takes ${code(meta.positionals)}.\n` : '',
    '## Flags',
    '',
    // The wrapper's class lays the table out as one card per flag on narrow screens (src/css/custom.css).
    '<div className="flag-table">',
    '',
    '| flag | type | default | what it does |',
    '| --- | --- | --- | --- |',
    ...allFlags(meta).map(
      (f) =>
        `| ${code(`--${f.name}${f.short ? `, -${f.short}` : ''}`)} | ${flagType(f)} | ${flagDefault(f)} | ${mdxText(f.description)} |`,
    ),
    '',
    '</div>',
    '',
    '## Examples',
    '',
    ...meta.examples.flatMap((ex) => [exampleDirective(meta, ex.command, ex.description), '']),
    '## Exit codes',
    '',
    '| code | meaning |',
    '| --- | --- |',
    ...EXIT_TABLE.map((r) => `| ${r.code} | ${mdxText(r.meaning)} |`),
    '',
  ];
  if (meta.id === 'checklist') {
    lines.push(
      '## Built-in checks',
      '',
      'A checklist item binds a check with `:check[name]`. Any registry script that takes an environment is a check (it runs with the checklist’s `--env`); these are the others:',
      '',
      '| check | passes when |',
      '| --- | --- |',
    );
    for (const [k, v] of Object.entries(BUILTIN_CHECKS))
      lines.push(`| ${code(k)} | ${mdxText(v).replace(/\\`/g, '`')} |`);
    lines.push(
      '',
      'Each run is recorded under `.runbooks/checklists/` (git-ignored): the environment, every item with its outcome and exit code, and the time taken.',
      '',
    );
  }
  return { path: `reference/scripts/${meta.id}.gen.mdx`, content: lines.join('\n') };
}

function usageArg(meta: ScriptMeta): string {
  return meta.id === 'checklist' ? 'deployment-runbook/pre-deploy' : (meta.positionals ?? '');
}

function safetyNote(meta: ScriptMeta): string {
  switch (meta.safety) {
    case 'read-only':
      return 'It reads and changes nothing, so it is safe against any environment.';
    case 'sends-load':
      return 'It sends load: it names the environment before it starts, refuses hosts that are neither loopback nor configured, and needs `--confirm-production` against production.';
    case 'changes-deployment':
      return 'It changes a deployment: it names the environment first, supports `--dry-run`, and needs `--confirm-production` against production.';
    case 'local-only':
      return 'It only ever listens on 127.0.0.1.';
  }
}

/** The exit-code table page. */
export function exitCodesPage(): GeneratedPage {
  return {
    path: 'reference/exit-codes.gen.mdx',
    content: [
      frontMatter({ id: 'exit-codes', title: 'Exit codes', sidebar_position: 3 }),
      '',
      HEADER,
      '',
      'Every script exits with one of these codes (the table lives in `runbooks/lib/cli/exit-codes.ts` and every `--help` prints it). CI and operators branch on them, so they never change meaning.',
      '',
      '| code | meaning |',
      '| --- | --- |',
      ...EXIT_TABLE.map((r) => `| ${r.code} | ${mdxText(r.meaning)} |`),
      '',
      'A `--json` run prints one JSON document on stdout whatever the code; a failure carries `{"ok": false, "error": {"code": "RB_…"}}` with a stable error code.'.replace(
        /[{}]/g,
        (c) => `\\${c}`,
      ),
      '',
    ].join('\n'),
  };
}

/** The environment-variable page, from the config. */
export function envVarsPage(config: Config): GeneratedPage {
  const envNames = Object.keys(config.environments) as (keyof Config['environments'])[];
  const need = (name: string) =>
    envNames
      .map((e) =>
        config.environments[e].requires.includes(name)
          ? `${e}: required`
          : config.environments[e].optional.includes(name)
            ? `${e}: optional`
            : '',
      )
      .filter(Boolean)
      .join('; ') || '—';
  return {
    path: 'reference/env-vars.gen.mdx',
    content: [
      frontMatter({ id: 'env-vars', title: 'Environment variables', sidebar_position: 4 }),
      '',
      HEADER,
      '',
      'What each environment needs, from `envVars` and `environments` in `runbooks.config.ts`. `env-check` checks exactly this list; secrets are never printed (a masked hint at most).',
      '',
      '| variable | secret | read by | shape | needed in | what it is |',
      '| --- | --- | --- | --- | --- | --- |',
      ...config.envVars.map(
        (v) =>
          `| ${code(v.name)} | ${v.secret ? 'yes' : 'no'} | ${v.scope === 'service' ? 'the service' : 'the runbooks'} | ${v.format}${v.prefix ? `, starts ${code(v.prefix)}` : ''} | ${need(v.name)} | ${mdxText(v.description)} |`,
      ),
      '',
    ].join('\n'),
  };
}

/** The sandbox fault catalogue page. */
export function faultsPage(faults: readonly FaultSpec[]): GeneratedPage {
  const param = (f: FaultSpec) => {
    const p = f.params;
    if (!p) return 'none';
    return `${code(`${f.name}:<${p.kind}>`)}: ${mdxText(p.description)}, default ${p.kind === 'duration' ? formatMs(p.default) : p.default}`;
  };
  const rows = faults.map(
    (f) => `| ${code(f.name)} | ${mdxText(f.summary)} | ${mdxText(f.effect)} | ${param(f)} |`,
  );
  return {
    path: 'reference/sandbox-faults.gen.mdx',
    content: [
      frontMatter({ id: 'sandbox-faults', title: 'Sandbox faults', sidebar_position: 5 }),
      '',
      HEADER,
      '',
      'Faults the sandbox can switch on for drills and tests, from its catalogue (`runbooks/lib/faults/catalogue.ts`). Switch one on at start, optionally with a parameter (`name:param`), and repeat `--fault` for several:',
      '',
      `::run{script="sandbox" flags="--fault ${faults[0]?.name ?? 'openai-outage'}"}`,
      '',
      '| fault | models | what a client sees | parameter |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  };
}

/** Every generated page. */
export function buildReferencePages(
  registry: readonly ScriptMeta[],
  config: Config,
  faults: readonly FaultSpec[],
): GeneratedPage[] {
  return [
    ...registry.map((m, i) => scriptPage(m, i + 1)),
    exitCodesPage(),
    envVarsPage(config),
    faultsPage(faults),
  ];
}
