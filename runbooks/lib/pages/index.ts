/**
 * The page model: how the handbook's pages bind to the scripts. The site's remark plugin
 * and the terminal's checklist runner both read pages through this, so a number, a command
 * or a checklist item is the same in the browser and in the terminal.
 */
export {
  DirectiveError,
  isDirective,
  labelText,
  plainText,
  flagTokens,
  tokenize,
  type AnyDirective,
} from './directives';
export {
  lookupConfig,
  formatConfigValue,
  impliedFormat,
  cfgText,
  cfgFlagValue,
  CFG_FORMATS,
  type CfgFormat,
  type Lookup,
} from './cfg';
export {
  readChecklist,
  slugify,
  findCheck,
  type Checklist,
  type ChecklistItem,
  type Binding,
} from './checklist';
export {
  validateInvocation,
  invocationFor,
  invocationShape,
  invocationArgv,
  renderCommand,
  parseCommandLine,
  hasConfirmFlag,
  CONFIRM_FLAG,
  type Invocation,
} from './command';
export { shapeArgv, shapeCommand, shellQuote, type CommandShape } from './render';
export { resolveCheck, checkArgv, checkDisplay, BUILTIN_CHECKS, type ResolvedCheck } from './bindings';
export { readRunBlock, type RunBlock } from './run-block';
export { parseChecklists, loadChecklist, findPageFile, pagesWithChecklists } from './page';
