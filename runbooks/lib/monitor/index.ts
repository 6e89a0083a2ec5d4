export {
  createMonitor,
  monitorExitCode,
  type Monitor,
  type MonitorEvent,
  type MonitorOptions,
  type MonitorSample,
  type MonitorSummary,
  type MetricSummary,
  type MonitorVerdict,
} from './monitor';
export {
  criteriaFrom,
  evaluate,
  initialState,
  metricVerdict,
  METRIC_IDS,
  PLATFORM_METRIC_IDS,
  platformCriteria,
  type Criterion,
  type Measurement,
  type MetricId,
  type MetricState,
  type Limits,
} from './evaluate';
export { fetchSample, deriveMeasurements, type RawSample } from './sample';
export {
  formatSampleLine,
  formatLiveTable,
  formatMonitorSummary,
  formatMonitorEvent,
  redrawFrame,
  formatPlatformWatch,
} from './format';
export {
  createPlatformWatch,
  failureText,
  type PlatformFailure,
  type PlatformWatchOptions,
  type PlatformWatchSummary,
} from './platform';
