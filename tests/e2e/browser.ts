import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * The Chromium to drive, never one downloaded at test time: $CHROMIUM_PATH, else Debian's
 * /usr/bin/chromium, else the build shipped inside the @sparticuz/chromium npm package
 * (unpacked to /tmp on first use, about 2 s), so `npm install && npm test` needs no
 * manual step on a Linux x64 machine without apt's chromium.
 */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    return process.env.CHROMIUM_PATH;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } catch (e) {
    throw new Error(
      `No Chromium found: not $CHROMIUM_PATH, not /usr/bin/chromium, and the @sparticuz/chromium package could not provide one (${(e as Error).message}). Install Debian's: apt-get install chromium.`,
    );
  }
}

/**
 * The axe rules whose verdict depends on colour. In the dark colour scheme only these can
 * change: every other rule reads structure (names, roles, alt text, headings), which is the
 * same in both schemes and scanned on the same page in light by the desktop walk.
 */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Serious and critical axe violations (WCAG 2.1 AA tags) on the page, one line each.
 * `main` limits the scan to the page's own content: the navbar, sidebar and footer are the
 * same on every page, so the walk scans them whole on a few pages only (axe's time grows
 * with the DOM, and the sidebar is most of it). `rules` limits the scan to those rules.
 */
export async function seriousViolations(
  page: Page,
  scope: 'page' | 'main' = 'page',
  rules?: readonly string[],
): Promise<string[]> {
  // Only violations are read: axe then keeps no node lists for passing rules (a fifth of its
  // time on the long pages).
  const tagged = new AxeBuilder({ page }).options({ resultTypes: ['violations'] });
  const builder = rules ? tagged.withRules([...rules]) : tagged.withTags(['wcag2a', 'wcag2aa', 'wcag21aa']);
  const res = await (scope === 'main' ? builder.include('main') : builder).analyze();
  return res.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(' | ')}`,
    );
}
