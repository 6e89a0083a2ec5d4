export {
  httpRequest,
  DEFAULT_MAX_BYTES,
  type HttpRequest,
  type HttpResponse,
  type RequestFn,
} from './client';
export { parseJsonBody, expectJson, expectOkJson, type JsonBody } from './json';
export { classifyFailure, isRetryable } from './errors';
export { retry, expBackoff, abortableSleep, type Backoff, type RetryEvent, type RetryOptions } from './retry';
export { displayUrl, joinUrl } from './url';
