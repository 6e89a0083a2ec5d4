/** The config: its schema and types, loading, and the environments' names. */
export {
  configSchema,
  defineConfig,
  ENVIRONMENT_NAMES,
  type Config,
  type ConfigInput,
  type EnvironmentName,
  type JourneyStep,
  type EnvVarSpec,
} from './schema';
export { loadConfig, parseConfig, configPath, stateDir, REPO_ROOT } from './load';
export { isEnvironmentName } from './environments';
