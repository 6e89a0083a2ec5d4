/** One line of a checklist as the page shows it: a group heading or an item with its tick. */
export type ChecklistLine = { kind: 'group'; text: string } | { kind: 'item'; text: string; done: boolean };

/**
 * The checklist as Markdown for the incident channel or a ticket: title, environment and
 * progress, then each item as a task-list line. Pure: the component reads the lines from
 * the page (so config values and inline code come out as shown).
 */
export function checklistMarkdown(title: string, env: string, lines: readonly ChecklistLine[]): string {
  const items = lines.filter((l) => l.kind === 'item');
  const done = items.filter((l) => l.kind === 'item' && l.done).length;
  const out = [`**${title}** (${env}): ${done} of ${items.length} done`, ''];
  for (const l of lines) {
    if (l.kind === 'group') out.push('', `**${l.text}**`);
    else out.push(`- [${l.done ? 'x' : ' '}] ${l.text}`);
  }
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

/** Text of an element with inline code kept as `code`, whitespace collapsed. */
export function markdownText(el: Element): string {
  let s = '';
  el.childNodes.forEach((n) => {
    if (n.nodeType === 3) s += n.textContent ?? '';
    else if (n instanceof Element) s += n.tagName === 'CODE' ? `\`${n.textContent ?? ''}\`` : markdownText(n);
  });
  return s.replace(/\s+/g, ' ').trim();
}

/** The lines of a rendered checklist body: bold paragraphs are group headings, `li[data-item]` the items. */
export function readChecklistLines(body: Element): ChecklistLine[] {
  return Array.from(body.querySelectorAll(':scope > p, li[data-item]')).map((el): ChecklistLine => {
    if (el.tagName === 'P') return { kind: 'group', text: markdownText(el) };
    const box = el.querySelector('input[type="checkbox"]') as HTMLInputElement | null;
    const label = el.querySelector('label');
    return {
      kind: 'item',
      text: label ? markdownText(label) : markdownText(el),
      done: Boolean(box?.checked),
    };
  });
}
