import MDXComponents from '@theme-original/MDXComponents';
import RunCommand from '@site/src/components/RunCommand';
import Checklist, { ChecklistItems, ChecklistItem } from '@site/src/components/Checklist';
import EnvNotice from '@site/src/components/EnvNotice';
import CopyTemplate from '@site/src/components/CopyTemplate';

// Wraps the original map (not a copy of it): the remark plugin emits these names, so MDX
// pages need no imports and stay parseable by the checklist runner's plain remark parser.
export default {
  ...MDXComponents,
  RunCommand,
  Checklist,
  ChecklistItems,
  ChecklistItem,
  EnvNotice,
  CopyTemplate,
};
