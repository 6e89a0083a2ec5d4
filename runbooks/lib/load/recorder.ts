/**
 * Where every measurement lands: per step, per journey, per second and per 10-second
 * window, all in fixed-memory HDR histograms and counters. Nothing here grows with the
 * number of requests; the time series grows by one small row per second.
 */
import { createHistogram, recordMs, summarize, percentileMs, encodeHistogram, type Histogram } from './hist';
import type { ErrorCounts, ErrorKind, SecondSample, StepResult, WindowSample } from './types';

const emptyErrors = (): ErrorCounts => ({
  http: 0,
  'soft-failure': 0,
  'bad-body': 0,
  timeout: 0,
  connection: 0,
  byStatus: {},
});
const MAX_REASONS = 50;

class StepRecord {
  requests = 0;
  ok = 0;
  errorTotal = 0;
  interrupted = 0;
  errors = emptyErrors();
  /** Since the start; folded in from `sec` once a second. */
  readonly latency = createHistogram();
  readonly send = createHistogram();
  readonly win = createHistogram();
  /** The only histograms a response writes to: one record per clock per request. */
  readonly sec = createHistogram();
  /** The same object as `sec` in the closed model: there the two clocks coincide. */
  readonly sendSec: Histogram;
  secRequests = 0;
  secErrors = 0;
  /** Sum of intended latencies folded so far, ms (a mean without walking the histogram). */
  sumMs = 0;
  secSumMs = 0;
  constructor(
    readonly id: string,
    readonly knownBroken: boolean,
    separateSend: boolean,
  ) {
    this.sendSec = separateSend ? createHistogram() : this.sec;
  }

  /** Folds this second's samples into the window and the run totals. */
  fold(): void {
    this.latency.add(this.sec);
    this.sumMs += this.secSumMs;
    this.secSumMs = 0;
    this.win.add(this.sec);
    this.send.add(this.sendSec);
    this.sec.reset();
    if (this.sendSec !== this.sec) this.sendSec.reset();
  }
}

export class Recorder {
  readonly steps: StepRecord[];
  readonly journeyLatency = createHistogram();
  readonly journeySend = createHistogram();
  private readonly journeyWin = createHistogram();
  private readonly journeySec = createHistogram();
  private readonly journeySendSec: Histogram;
  journeySumMs = 0;
  private journeySecSumMs = 0;
  private readonly reasons = new Map<
    string,
    { step: string; kind: ErrorKind; reason: string; count: number }
  >();
  readonly timeSeries: SecondSample[] = [];
  readonly windows: WindowSample[] = [];
  private windowStartS = 0;
  requests = 0;
  errors = 0;
  secJourneys = 0;

  constructor(
    steps: readonly { id: string; knownBroken: boolean }[],
    openModel: boolean,
    private readonly windowS = 10,
  ) {
    this.steps = steps.map((s) => new StepRecord(s.id, s.knownBroken, openModel));
    this.journeySendSec = openModel ? createHistogram() : this.journeySec;
  }

  /** A response that ended the request: ok or one of the error kinds. */
  record(i: number, intendedMs: number, sendMs: number, outcome: 'ok' | ErrorKind, status: number): void {
    const s = this.steps[i]!;
    s.requests++;
    s.secRequests++;
    this.requests++;
    recordMs(s.sec, intendedMs);
    s.secSumMs += intendedMs;
    if (s.sendSec !== s.sec) recordMs(s.sendSec, sendMs);
    if (outcome === 'ok') {
      s.ok++;
      return;
    }
    s.errorTotal++;
    s.secErrors++;
    this.errors++;
    s.errors[outcome]++;
    if (outcome === 'http') s.errors.byStatus[status] = (s.errors.byStatus[status] ?? 0) + 1;
  }

  /** Remembers why a request failed, counting repeats; bounded in distinct reasons. */
  reason(i: number, kind: ErrorKind, reason: string): void {
    const step = this.steps[i]!.id;
    const text = reason.length > 200 ? reason.slice(0, 200) + '…' : reason;
    const key = `${step}\u0000${kind}\u0000${text}`;
    const r = this.reasons.get(key);
    if (r) r.count++;
    else if (this.reasons.size < MAX_REASONS) this.reasons.set(key, { step, kind, reason: text, count: 1 });
  }

  interrupted(i: number): void {
    this.steps[i]!.interrupted++;
  }

  journey(intendedMs: number, sendMs: number): void {
    recordMs(this.journeySec, intendedMs);
    this.journeySecSumMs += intendedMs;
    if (this.journeySendSec !== this.journeySec) recordMs(this.journeySendSec, sendMs);
  }

  /** Closes second `t`: one time-series row, per-second histograms reset; closes a window every `windowS`. */
  closeSecond(
    t: number,
    extra: Omit<SecondSample, 't' | 'requests' | 'errors' | 'journeysStarted' | 'steps'>,
  ): SecondSample {
    const steps: SecondSample['steps'] = {};
    let requests = 0;
    let errors = 0;
    for (const s of this.steps) {
      steps[s.id] = {
        requests: s.secRequests,
        errors: s.secErrors,
        p50: percentileMs(s.sec, 50),
        p95: percentileMs(s.sec, 95),
      };
      requests += s.secRequests;
      errors += s.secErrors;
      s.secRequests = 0;
      s.secErrors = 0;
      s.fold();
    }
    this.journeyLatency.add(this.journeySec);
    this.journeySumMs += this.journeySecSumMs;
    this.journeySecSumMs = 0;
    this.journeyWin.add(this.journeySec);
    this.journeySend.add(this.journeySendSec);
    this.journeySec.reset();
    if (this.journeySendSec !== this.journeySec) this.journeySendSec.reset();
    const row: SecondSample = { t, requests, errors, journeysStarted: this.secJourneys, ...extra, steps };
    this.secJourneys = 0;
    this.timeSeries.push(row);
    if (t - this.windowStartS >= this.windowS) this.closeWindow(t);
    return row;
  }

  /** Closes the current 10-second window (also called once at the end for the remainder). */
  closeWindow(t: number): void {
    if (t <= this.windowStartS) return;
    const steps: WindowSample['steps'] = {};
    for (const s of this.steps) {
      steps[s.id] = summarize(s.win);
      s.win.reset();
    }
    this.windows.push({ startS: this.windowStartS, endS: t, steps, journey: summarize(this.journeyWin) });
    this.journeyWin.reset();
    this.windowStartS = t;
  }

  stepResults(): StepResult[] {
    return this.steps.map((s) => ({
      id: s.id,
      knownBroken: s.knownBroken,
      requests: s.requests,
      ok: s.ok,
      errors: { ...s.errors, byStatus: { ...s.errors.byStatus } },
      interrupted: s.interrupted,
      latency: summarize(s.latency),
      sendLatency: summarize(s.send),
      histogram: encodeHistogram(s.latency),
      sendHistogram: encodeHistogram(s.send),
    }));
  }

  errorReasons() {
    return [...this.reasons.values()].sort((a, b) => b.count - a.count);
  }
}

/** Sums error counts over steps. */
export function sumErrors(list: readonly ErrorCounts[]): ErrorCounts {
  const out: ErrorCounts = {
    http: 0,
    'soft-failure': 0,
    'bad-body': 0,
    timeout: 0,
    connection: 0,
    byStatus: {},
  };
  for (const e of list) {
    out.http += e.http;
    out['soft-failure'] += e['soft-failure'];
    out['bad-body'] += e['bad-body'];
    out.timeout += e.timeout;
    out.connection += e.connection;
    for (const [k, v] of Object.entries(e.byStatus)) out.byStatus[k] = (out.byStatus[k] ?? 0) + v;
  }
  return out;
}
