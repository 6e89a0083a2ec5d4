import { existsSync } from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

/**
 * The Chromium to drive, never one downloaded at test time: $CHROMIUM_PATH, else the
 * headless shell shipped inside the @sparticuz/chromium npm package (Linux x64; unpacked to
 * /tmp on first use, about 2 s), else Debian's /usr/bin/chromium. The headless shell comes
 * first because it is a browser without a desktop behind it: Debian's Chromium (156) runs
 * headless as the whole browser, and the same browser tests took 2.3–2.6× as long in it
 * (the page walk of the reference pages 31 s against 13 s; the whole suite 8 min against
 * 3 min on two cores).
 */
export async function chromiumPath(): Promise<string> {
  if (process.env.CHROMIUM_PATH) {
    if (!existsSync(process.env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist.`);
    return process.env.CHROMIUM_PATH;
  }
  let packagedError = '';
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    return await packaged.executablePath();
  } catch (e) {
    packagedError = (e as Error).message;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  throw new Error(
    `No Chromium found: not $CHROMIUM_PATH, the @sparticuz/chromium package could not provide one (${packagedError}), and there is no /usr/bin/chromium. Install Debian's (apt-get install chromium) or set CHROMIUM_PATH.`,
  );
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
  // time on the long pages). Legacy mode runs axe.run in the page itself: the handbook has no
  // iframes, and the default (axe.runPartial in each frame, then axe.finishRun in a blank page
  // opened for it, axe injected again) took 1.6–1.9× as long on every page measured (the
  // playbook 8.4 s against 4.2 s, the overview 1.2 s against 0.6 s).
  const tagged = new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ['violations'] });
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
