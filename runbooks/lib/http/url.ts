import { usageError } from '../errors';

/**
 * A URL fit for messages: credentials stripped (a URL is the one place a secret could hide
 * in what we print). The API key travels in a header, never in the URL.
 */
export function displayUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    u.username = '';
    u.password = '';
    return u.href;
  } catch {
    return String(url);
  }
}

/** Joins a base URL and a path; a malformed result is a usage error (exit 2). */
export function joinUrl(base: string, path: string): URL {
  let u: URL;
  try {
    // Plain concatenation keeps a base path prefix (an API mounted under /holisticos/).
    u = new URL(base.replace(/\/+$/, '') + (path.startsWith('/') ? path : `/${path}`));
  } catch {
    throw usageError(
      `"${base}" + "${path}" is not a URL.`,
      'Give an absolute base URL such as http://127.0.0.1:8001 with --url.',
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw usageError(
      `"${displayUrl(u)}" uses ${u.protocol.replace(':', '')}; only http and https are supported.`,
      'Give an absolute URL such as http://127.0.0.1:8001.',
    );
  }
  return u;
}

/** Loopback hosts only: 127.0.0.0/8, ::1, localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
