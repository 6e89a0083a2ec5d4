export { parsePrometheus, select, valueOf, type Exposition, type Sample } from './parse';
export {
  counterDelta,
  errorRateDelta,
  meanDurationDelta,
  seriesKey,
  type CounterDelta,
  type ErrorRate,
} from './delta';
