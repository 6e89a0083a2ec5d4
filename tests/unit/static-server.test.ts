import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolvePath, serveStatic } from '../helpers/static-server';

// The e2e tests trust this server to behave like nginx or an object store: if it were
// kinder (a `.html` fallback), a build that only works on `docusaurus serve` would pass.
const root = mkdtempSync(join(tmpdir(), 'static-'));
after(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'docs/overview'), { recursive: true });
mkdirSync(join(root, 'empty'));
writeFileSync(join(root, 'index.html'), 'home');
writeFileSync(join(root, '404.html'), 'not here');
writeFileSync(join(root, 'docs/overview/index.html'), 'overview');
writeFileSync(join(root, 'docs/legacy.html'), 'legacy');
writeFileSync(join(root, 'app.js'), 'js');

test('path → file, directory → index.html (slash added by redirect), anything else → 404', () => {
  assert.deepEqual(resolvePath(root, '/app.js'), { kind: 'file', file: join(root, 'app.js') });
  assert.deepEqual(resolvePath(root, '/docs/overview/'), {
    kind: 'file',
    file: join(root, 'docs/overview/index.html'),
  });
  assert.deepEqual(resolvePath(root, '/docs/overview'), { kind: 'redirect', location: '/docs/overview/' });
  assert.deepEqual(resolvePath(root, '/'), { kind: 'file', file: join(root, 'index.html') });
  assert.equal(resolvePath(root, '/docs/legacy').kind, 'missing', 'no .html fallback');
  assert.equal(resolvePath(root, '/app.js/').kind, 'missing', 'a file is not a directory');
  assert.equal(resolvePath(root, '/empty/').kind, 'missing', 'a directory without index.html');
  assert.equal(resolvePath(root, '/../etc/passwd').kind, 'missing');
  assert.equal(resolvePath(root, '/%E0%A4%A').kind, 'missing', 'malformed escapes');
});

test('the server answers 200, 301 with the slash form (query kept) and 404 with the site’s 404 page', async () => {
  const server = await serveStatic(root, '/handbook/');
  try {
    const get = (p: string) => fetch(new URL(p, server.url), { redirect: 'manual' });
    const ok = await get('/handbook/docs/overview/');
    assert.equal(ok.status, 200);
    assert.equal(await ok.text(), 'overview');
    const moved = await get('/handbook/docs/overview?x=1');
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), '/handbook/docs/overview/?x=1');
    assert.equal((await get('/handbook')).headers.get('location'), '/handbook/');
    const missing = await get('/handbook/docs/legacy');
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), 'not here');
    assert.equal((await get('/docs/overview/')).status, 404, 'outside the base URL');
  } finally {
    await server.close();
  }
});
