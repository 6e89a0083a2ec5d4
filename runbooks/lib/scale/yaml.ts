/**
 * A small YAML writer for the documents the exports produce (maps, lists, strings,
 * numbers, booleans). Strings are written double-quoted with JSON's escapes, which YAML's
 * double-quoted style accepts as they are, so no value can change meaning on the way
 * (`{{ $uuid }}`, `: `, `#` and leading `*` all stay text). Dependency-free on purpose: the
 * export must work from a default install.
 */
export type YamlValue =
  string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

const scalar = (v: string | number | boolean | null): string =>
  typeof v === 'string' ? JSON.stringify(v) : v === null ? 'null' : String(v);
const key = (k: string): string => (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(k) ? k : JSON.stringify(k));
const isLeaf = (v: YamlValue): v is string | number | boolean | null => v === null || typeof v !== 'object';
const isEmpty = (v: YamlValue): boolean =>
  Array.isArray(v)
    ? v.length === 0
    : typeof v === 'object' && v !== null && Object.values(v).every((x) => x === undefined);
const inline = (v: YamlValue): string => (isLeaf(v) ? scalar(v) : Array.isArray(v) ? '[]' : '{}');

function block(v: YamlValue, ind: number): string[] {
  const pad = ' '.repeat(ind);
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      if (isLeaf(item) || isEmpty(item)) return [`${pad}- ${inline(item)}`];
      const inner = block(item, ind + 2);
      inner[0] = `${pad}- ${inner[0]!.slice(ind + 2)}`;
      return inner;
    });
  }
  if (isLeaf(v)) return [`${pad}${scalar(v)}`];
  return Object.entries(v).flatMap(([k, x]) => {
    if (x === undefined) return [];
    if (isLeaf(x) || isEmpty(x)) return [`${pad}${key(k)}: ${inline(x)}`];
    // A short list of scalars reads better on one line (a flow sequence, same meaning).
    const flow =
      Array.isArray(x) && x.every(isLeaf)
        ? `[${x.map((i) => scalar(i as string | number | boolean | null)).join(', ')}]`
        : undefined;
    if (flow && pad.length + k.length + flow.length < 100) return [`${pad}${key(k)}: ${flow}`];
    return [`${pad}${key(k)}:`, ...block(x, ind + 2)];
  });
}

/** The document as block-style YAML, ending in a newline; `undefined` members are left out. */
export function toYaml(doc: YamlValue): string {
  return block(doc, 0).join('\n') + '\n';
}

/** `text` as YAML comment lines (`# …`), one per line. */
export function yamlComment(lines: readonly string[]): string {
  return lines.map((l) => (l ? `# ${l}` : '#')).join('\n') + '\n';
}
