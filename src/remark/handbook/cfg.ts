import type { TextDirective } from 'mdast-util-directive';
import type { Config } from '@holisticos/runbooks/config/index';
import { cfgText, labelText } from '@holisticos/runbooks/pages/index';
import { jsxText } from './jsx';

/** `:cfg[alerts.memoryMb]` → <span data-cfg="alerts.memoryMb" title="…">450 MB</span>. */
export function transformCfg(config: Config, node: TextDirective) {
  const path = labelText(node);
  return jsxText('span', { 'data-cfg': path, title: `runbooks.config.ts → ${path}` }, [{ type: 'text', value: cfgText(config, node) }]);
}
