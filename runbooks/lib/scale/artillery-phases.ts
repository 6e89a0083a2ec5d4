/**
 * The handbook's workload models as Artillery phases, and the sentence that says how they
 * map. Artillery 2 is an open-model tool: every virtual user (VU) arrives, runs the
 * scenario once and leaves. Rules of Artillery 2.0.21 this file works around, read from
 * its source (lib/dist.js, core lib/phases.js):
 *  - a fractional `arrivalRate` without a ramp fails its work splitter (assert 0.5 === 1);
 *  - `rampTo: 0` counts as "no ramp", so a ramp from a fractional rate down to 0 fails the same way;
 *  - `duration` is whole seconds or a duration string ("1500ms").
 */
import { formatDuration } from '../units';
import type { Stage } from '../load/stages';
import type { WorkloadModel } from '../load/types';
import { artilleryDuration } from './plan';
import type { YamlValue } from './yaml';

/** Closed model: arrivals per second per user offered to refill a finished user's slot. */
export const REFILL_PER_USER = 20;
/** …and no more than this many arrivals a second in all (skipped arrivals still cost a little). */
export const REFILL_MAX = 1000;
/** Closed ramps are stepped: at most this many steps per stage. */
export const STEPS_PER_STAGE = 10;
/** What a ramp down to 0 is written as when it starts from a fractional rate (see above). */
export const RAMP_FLOOR = 0.001;

export interface Phases {
  phases: YamlValue[];
  /** How the model maps, for the file's header and the command's output. */
  mapping: string[];
}

const refill = (users: number) => Math.min(REFILL_MAX, Math.max(REFILL_PER_USER, users * REFILL_PER_USER));

function closedPhase(name: string, ms: number, users: number): YamlValue {
  if (users <= 0) return { name, pause: artilleryDuration(ms) };
  return { name, duration: artilleryDuration(ms), arrivalRate: refill(users), maxVusers: users };
}

/** A closed ramp as steps: each stage split in up to STEPS_PER_STAGE parts at the user count of the part's middle. */
function closedStages(stages: readonly Stage[]): YamlValue[] {
  const out: YamlValue[] = [];
  let from = 0;
  stages.forEach((s, i) => {
    const k = Math.min(STEPS_PER_STAGE, Math.max(1, Math.round(s.durationMs / 1000)));
    for (let j = 0; j < k; j++) {
      const ms = Math.round((s.durationMs * (j + 1)) / k) - Math.round((s.durationMs * j) / k);
      const users = Math.round(from + ((s.target - from) * (j + 0.5)) / k);
      out.push(
        closedPhase(
          `stage ${i + 1} (ramp to ${s.target} users), step ${j + 1}/${k}: ${users} users`,
          ms,
          users,
        ),
      );
    }
    from = s.target;
  });
  return out;
}

function openStages(stages: readonly Stage[], maxInFlight: number): YamlValue[] {
  let from = 0;
  return stages.map((s, i) => {
    const name = `stage ${i + 1}: ${from} → ${s.target} journeys/s`;
    const d = artilleryDuration(s.durationMs);
    const phase: YamlValue =
      from === 0 && s.target === 0
        ? { name, pause: d }
        : {
            name,
            duration: d,
            arrivalRate: from,
            rampTo: s.target === 0 && !Number.isInteger(from) ? RAMP_FLOOR : s.target,
            maxVusers: maxInFlight,
          };
    from = s.target;
    return phase;
  });
}

/** Phases for a model; `durationMs` is the run's length without stages. */
export function artilleryPhases(model: WorkloadModel, durationMs: number): Phases {
  const d = formatDuration(durationMs);
  if (model.type === 'closed') {
    const how = [
      'Artillery has no closed model: a virtual user runs one journey and leaves. The closed model',
      `is approximated by offering ${REFILL_PER_USER} arrivals/s per user (at most ${REFILL_MAX}/s) and capping concurrent`,
      'users with maxVusers: arrivals over the cap are skipped (counted as vusers.skipped, not as',
      'dropped journeys), so a user who finishes is replaced within a few milliseconds.',
      ...(model.thinkMs
        ? [
            `Think time: each journey ends with a ${formatDuration(model.thinkMs)} think, holding its slot as a user would.`,
          ]
        : []),
    ];
    if (model.stages?.length) {
      return {
        phases: closedStages(model.stages),
        mapping: [
          `Workload: closed model, users ramping through ${model.stages.map((s) => `${formatDuration(s.durationMs)}:${s.target}`).join(', ')}.`,
          ...how,
          `Ramps are stepped (up to ${STEPS_PER_STAGE} steps per stage), since maxVusers cannot ramp.`,
        ],
      };
    }
    return {
      phases: [closedPhase(`closed: ${model.users} users for ${d}`, durationMs, model.users)],
      mapping: [`Workload: closed model, ${model.users} users for ${d}.`, ...how],
    };
  }
  const cap = `maxVusers ${model.maxInFlight} caps journeys in flight; arrivals over it are skipped at once (vusers.skipped), where the handbook's engine lets them wait in a backlog first.`;
  if (model.stages?.length) {
    return {
      phases: openStages(model.stages, model.maxInFlight),
      mapping: [
        `Workload: open model, arrival rate ramping through ${model.stages.map((s) => `${formatDuration(s.durationMs)}:${s.target}`).join(', ')} journeys/s (arrivalRate → rampTo).`,
        'Artillery ramps in whole arrivals per second, so rates below 1/s in a ramp are approximate.',
        cap,
      ],
    };
  }
  if (Number.isInteger(model.rate)) {
    return {
      phases: [
        {
          name: `open: ${model.rate} journeys/s for ${d}`,
          duration: artilleryDuration(durationMs),
          arrivalRate: model.rate,
          maxVusers: model.maxInFlight,
        },
      ],
      mapping: [`Workload: open model, ${model.rate} journeys/s for ${d} (arrivalRate).`, cap],
    };
  }
  const count = Math.round((model.rate * durationMs) / 1000);
  return {
    phases: [
      {
        name: `open: ${model.rate} journeys/s for ${d}`,
        duration: artilleryDuration(durationMs),
        arrivalCount: count,
        maxVusers: model.maxInFlight,
      },
    ],
    mapping: [
      `Workload: open model, ${model.rate} journeys/s for ${d}: Artillery 2.0.21 rejects a fractional arrivalRate, so this is arrivalCount ${count} spread evenly over the phase (run by one worker under --count).`,
      cap,
    ],
  };
}
