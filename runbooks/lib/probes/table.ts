/** Plain-text tables for the probes' human output (renderers return strings). */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  maxCol = 70,
): string {
  const clip = (s: string) => (s.length > maxCol ? s.slice(0, maxCol - 1) + '…' : s);
  const cells = [head, ...rows].map((r) => r.map((c) => clip(c.replace(/\s+/g, ' '))));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

export { formatMs as ms } from '../units';
