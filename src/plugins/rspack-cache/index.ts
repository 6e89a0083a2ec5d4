import { join } from 'node:path';
import type { LoadContext, Plugin } from '@docusaurus/types';

/**
 * Rspack's persistent cache, one directory per kind of run: `npm start`'s dev server
 * (development) and `docusaurus build` (production) each keep their own under
 * node_modules/.cache/rspack/. By default both share one directory and its `.temp` working
 * area; with the handbook running (`npm start`) while `npm test` built the site, the dev
 * server panicked ("should have bucket pack metas") and `npm start` stopped, site and
 * sandbox. A build with DOCUSAURUS_NO_PERSISTENT_CACHE keeps no cache at all (the second
 * build of the site-build test does, so it never meets the suite's own build).
 */
export default function rspackCachePlugin(context: LoadContext): Plugin {
  return {
    name: 'handbook-rspack-cache',
    configureWebpack(config, _isServer, utils) {
      const cache = config.experiments?.cache;
      if (utils.currentBundler.name !== 'rspack' || !cache || typeof cache !== 'object') return {};
      const mode = config.mode === 'production' ? 'build' : 'start';
      const directory = join(context.siteDir, 'node_modules', '.cache', 'rspack', mode);
      return { experiments: { cache: { ...cache, storage: { type: 'filesystem', directory } } } } as never;
    },
  };
}
