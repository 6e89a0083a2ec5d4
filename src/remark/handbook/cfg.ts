import type { TextDirective } from 'mdast-util-directive';
import type { Config } from '@holisticos/runbooks/config/index';
import { cfgText, labelText, lookupConfig } from '@holisticos/runbooks/pages/index';
import { jsxText } from './jsx';

/**
 * `:cfg[alerts.memoryMb]` → <span data-cfg="alerts.memoryMb" title="…">450 MB</span>. A
 * value that is a web address (a role's pager link) becomes a link; an unset one reads
 * "not configured" (cfgText).
 */
export function transformCfg(config: Config, node: TextDirective) {
  const path = labelText(node);
  const text = cfgText(config, node);
  const found = lookupConfig(config, path);
  const attrs = { 'data-cfg': path, title: `runbooks.config.ts → ${path}` };
  if (found.ok && typeof found.value === 'string' && /^https?:\/\//.test(found.value))
    return jsxText('a', { ...attrs, href: found.value }, [{ type: 'text', value: text }]);
  return jsxText('span', attrs, [{ type: 'text', value: text }]);
}
