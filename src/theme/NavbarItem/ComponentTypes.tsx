import ComponentTypes from '@theme-original/NavbarItem/ComponentTypes';
import EnvPicker from '@site/src/components/EnvPicker';

// `{ type: 'custom-envPicker' }` in docusaurus.config.ts navbar items.
export default {
  ...ComponentTypes,
  'custom-envPicker': EnvPicker,
};
