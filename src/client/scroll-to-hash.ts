/**
 * A section link opened directly (`/docs/incident-response-playbook/#memory`, as alerts,
 * Slack messages and drills print it) lands on its section however the page was rendered.
 *
 * Docusaurus leaves the first load's hash to the browser, which scrolls while it parses the
 * HTML. That works for the built site, whose HTML holds the page; `npm start` (the dev
 * server) renders the page in the browser after the HTML is parsed, so the browser found no
 * such element and the page stayed at the top. Once the first route has rendered, this
 * scrolls to the hash's element when it is not already in view, waiting a few frames
 * (bounded) for it to appear. Later navigations are Docusaurus's own.
 */
import type { ClientModule } from '@docusaurus/types';

/** How long to look for the element after the first render, ms. */
const WAIT_MS = 3_000;

function inView(el: Element): boolean {
  const top = el.getBoundingClientRect().top;
  return top >= 0 && top < window.innerHeight;
}

/** Scrolls to the element `hash` names once it exists, unless it is already in view or the reader has scrolled. */
export function scrollToHash(hash: string): void {
  let id: string;
  try {
    id = decodeURIComponent(hash.replace(/^#/, ''));
  } catch {
    return; // a malformed escape names no element
  }
  if (!id) return;
  const started = performance.now();
  const startY = window.scrollY;
  const step = () => {
    const el = document.getElementById(id);
    if (el) {
      if (!inView(el) && window.scrollY === startY) el.scrollIntoView();
      return;
    }
    if (performance.now() - started < WAIT_MS) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
}

const clientModule: ClientModule = {
  onRouteDidUpdate({ location, previousLocation }) {
    if (!previousLocation && location.hash) scrollToHash(location.hash);
  },
};

export default clientModule;
