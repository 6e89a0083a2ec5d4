import { readFileSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Code } from 'mdast';
import type { LeafDirective } from 'mdast-util-directive';
import { DirectiveError } from '@holisticos/runbooks/pages/index';
import type { NormalizedOptions } from './options';

const LANG: Record<string, string> = {
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.json': 'json',
  '.ts': 'ts',
  '.js': 'js',
  '.mjs': 'js',
  '.sh': 'bash',
};

/**
 * `::file{path="templates/ci/x.yml"}` → a code block holding that file of the repository as
 * it is at build time, titled with its path. A page that shows a file this way cannot drift
 * from it; a missing file fails the build at the directive.
 */
export function transformFile(opts: NormalizedOptions, node: LeafDirective): Code {
  const a = node.attributes ?? {};
  for (const k of Object.keys(a))
    if (k !== 'path') throw new DirectiveError(`::file does not take "${k}"; it takes path`, node);
  const path = a.path ?? '';
  if (!path)
    throw new DirectiveError(
      '::file needs path="…", a file of the repository (e.g. templates/ci/handbook-pull-request.yml)',
      node,
    );
  const abs = resolve(opts.rootDir, path);
  const rel = relative(opts.rootDir, abs);
  if (isAbsolute(path) || rel.startsWith('..') || isAbsolute(rel))
    throw new DirectiveError(`::file path "${path}" must be relative to the repository and inside it`, node);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch {
    throw new DirectiveError(`::file: there is no file ${path} in the repository`, node);
  }
  return {
    type: 'code',
    lang: LANG[extname(path)] ?? 'text',
    meta: `title="${rel.split('\\').join('/')}"`,
    value: text.replace(/\n$/, ''),
  };
}
