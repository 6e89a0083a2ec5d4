import type { ScriptMeta, FlagSpec } from '../registry/types';
import { SAFETY_LABEL } from '../registry/types';
import { allFlags } from '../registry/common-flags';
import { EXIT_TABLE } from '../errors/exit-codes';

function flagLabel(f: FlagSpec): string {
  const short = f.short ? `-${f.short}, ` : '    ';
  const val =
    f.type === 'boolean'
      ? ''
      : ` ${f.value ?? (f.type === 'enum' ? `<${f.choices?.join('|')}>` : `<${f.type}>`)}`;
  return `${short}--${f.name}${val}`;
}

function defaultText(f: FlagSpec): string {
  if (f.default === undefined || f.default === false) return '';
  if (Array.isArray(f.default)) return f.default.length ? ` (default: ${f.default.join(',')})` : '';
  return ` (default: ${String(f.default)})`;
}

/** The --help text, generated from the script's metadata; returns a string, prints nothing. */
export function formatHelp(meta: ScriptMeta): string {
  const flags = allFlags(meta);
  const labels = flags.map(flagLabel);
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  const lines: string[] = [];
  lines.push(`${meta.title} — ${meta.summary}`, '');
  lines.push(
    'Usage:',
    `  npx zx runbooks/${meta.id}.ts${meta.positionals ? ` ${meta.positionals}` : ''} [flags]`,
    '',
  );
  lines.push(`Safety: ${SAFETY_LABEL[meta.safety]}`, '');
  lines.push('Flags:');
  flags.forEach((f, i) => {
    const choices = f.choices && f.type === 'list' ? ` [${f.choices.join(', ')}]` : '';
    lines.push(`  ${labels[i]!.padEnd(width)}${f.description}${choices}${defaultText(f)}`);
  });
  if (meta.examples.length) {
    lines.push('', 'Examples:');
    for (const ex of meta.examples) lines.push(`  ${ex.command}`, `      ${ex.description}`);
  }
  lines.push('', 'Exit codes:');
  for (const row of EXIT_TABLE) lines.push(`  ${String(row.code).padStart(3)}  ${row.meaning}`);
  return lines.join('\n') + '\n';
}
