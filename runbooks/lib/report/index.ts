/** The report format (schema + types), builders and writer. */
export * from './common';
export * from './load';
export * from './stress';
export * from './benchmark';
export * from './cost';
export * from './drill';
export * from './incident';
export * from './monitor';
export * from './scorecard';
export * from './schema';
export * from './build';
export * from './write';
export * from './load-report';
