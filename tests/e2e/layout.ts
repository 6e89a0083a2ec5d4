import type { Page } from '@playwright/test';

/** Command-like elements: bound command blocks, checklist verify commands and bound items' commands, fenced code blocks. */
export const COMMAND_SELECTOR =
  'figure[data-run-script] pre, [data-verify-command], code[data-check-command], pre.prism-code';

/**
 * Where a command is broken inside a word, or overflows without being scrollable. Measured in
 * the page: each character's line box comes from a Range, so a line that starts after a
 * non-space character that was itself not followed by a space is a break inside a word.
 * Text that does not fit must scroll (overflow-x auto or scroll), never be cut or spill.
 * Returns one line per problem, empty when every command reads whole.
 */
export async function commandProblems(page: Page, selector = COMMAND_SELECTOR): Promise<string[]> {
  return page.evaluate((sel) => {
    const problems: string[] = [];
    const short = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 60);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      if (!el.getClientRects().length) continue; // not rendered (a closed <details>, a hidden tab)
      const box = el.closest('pre') ?? el;
      if (box.scrollWidth > box.clientWidth + 1 && !/auto|scroll/.test(getComputedStyle(box).overflowX)) {
        problems.push(`"${short(el.textContent ?? '')}" overflows its box without scrolling`);
      }
      // Lines that cannot wrap (code blocks in white-space: pre) break only where written.
      const inner = el.querySelector('code') ?? el;
      if (/^(pre|nowrap)$/.test(getComputedStyle(inner).whiteSpace)) continue;
      const chars: { ch: string; top: number | null; h: number }[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const rect = r.getClientRects()[0];
          chars.push({ ch: text[i]!, top: rect && rect.width > 0 ? rect.top : null, h: rect?.height ?? 0 });
        }
      }
      let prev = -1;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i]!;
        if (c.top === null) continue;
        if (prev >= 0 && c.top > chars[prev]!.top! + Math.max(4, c.h / 2)) {
          const around = chars
            .slice(prev, i + 1)
            .map((x) => x.ch)
            .join('');
          if (!/\s/.test(around)) {
            const text = chars.map((x) => x.ch).join('');
            problems.push(
              `"${short(text)}" breaks inside a word at …${text.slice(Math.max(0, i - 12), i)}[break]${text.slice(i, i + 12)}…`,
            );
          }
        }
        prev = i;
      }
    }
    if (document.documentElement.scrollWidth > window.innerWidth + 1)
      problems.push(
        `the page is ${document.documentElement.scrollWidth} px wide in a ${window.innerWidth} px viewport`,
      );
    return problems;
  }, selector);
}
