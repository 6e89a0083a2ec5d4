import type { TextDirective } from 'mdast-util-directive';
import type { Config } from '../../../runbooks/lib/config/schema';
import { lookupConfig, formatConfigValue, CFG_FORMATS, type CfgFormat } from '../../../runbooks/lib/checklist/cfg';
import { DirectiveError, labelText } from '../../../runbooks/lib/checklist/model';
import { jsxText } from './jsx';

/** The config path a `:cfg[path]` names. */
export function cfgPath(node: TextDirective): string {
  return labelText(node);
}

/** The formatted value of a `:cfg[path]{format="…"}`; throws DirectiveError on a bad path or format. */
export function cfgText(config: Config, node: TextDirective): string {
  const path = cfgPath(node);
  const format = (node.attributes?.format ?? 'auto') as CfgFormat;
  if (!CFG_FORMATS.includes(format)) throw new DirectiveError(`:cfg[${path}] has format "${format}"; use one of ${CFG_FORMATS.join(', ')}`, node);
  const found = lookupConfig(config, path);
  if (!found.ok) throw new DirectiveError(`:cfg[${path}]: ${found.reason}`, node);
  return formatConfigValue(path, found.value, format);
}

/** `:cfg[alerts.memoryMb]` → <span data-cfg="alerts.memoryMb" title="…">450 MB</span>. */
export function transformCfg(config: Config, node: TextDirective) {
  const path = cfgPath(node);
  return jsxText('span', { 'data-cfg': path, title: `runbooks.config.ts → ${path}` }, [{ type: 'text', value: cfgText(config, node) }]);
}
