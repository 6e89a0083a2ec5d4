/**
 * The sandbox's own routes under /__sandbox/, never the service's: its faults, its
 * deploys (Render-shaped, for the `local` provider), an in-place restart, and its
 * accounting. Reading needs nothing; changing needs the admin token printed at start (and
 * kept in the state directory for `sandbox.ts fault …`). They answer during a cold start,
 * so a drill can always switch a fault off. A fault switched on here may be given an end of
 * its own (`ends`): after a wall time (an outside cause that passes by itself), or with the
 * next restart asked through the platform's API (a cause the service command's restart
 * clears); `ended` in the view says how each recent fault went off.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAULTS, faultLabel } from '../faults/catalogue';
import { SANDBOX_ADMIN_USER } from '../platform/sandbox-target';
import { DeployError, type DeployLog } from './deploys';
import { bearerOk, readBody, sendJson } from './http';
import { naiveIso, type Json } from './plans';
import { FaultError, type FaultEndRequest, type SandboxState } from './state';

/**
 * The catalogue, what is on (and whether the release or an operator switched it), the
 * release served, and the instance's state a drill watches: whether it serves (not
 * starting, not suspended), its latest restarts and why, its clock (time scale, profile),
 * and the platform's view of it (ids, memory against the limit, suspension, instances).
 */
export function faultsView(st: SandboxState): Json {
  return {
    catalogue: FAULTS,
    release: st.release,
    active: st.faults.list().map((f) => ({
      name: f.name,
      label: faultLabel(f),
      value: f.value,
      source: f.source,
      since: naiveIso(f.since),
      ...(f.until !== undefined ? { until: new Date(f.until).toISOString() } : {}),
      ...(f.endsOnRestart ? { endsOnRestart: true } : {}),
    })),
    // How the latest faults went off (cleared, by itself, a restart through the platform, a deploy).
    ended: st.faults.ended
      .slice(-20)
      .map((e) => ({ name: e.name, at: new Date(e.at).toISOString(), how: e.how, source: e.source })),
    serving: !st.down(),
    restarts: st.restarts
      .slice(-20)
      .map((r) => ({ at: new Date(r.at).toISOString(), cause: r.cause, ...(r.by ? { by: r.by } : {}) })),
    timeScale: st.s.timeScale,
    profile: st.s.profile,
    platform: {
      serviceId: st.platform.serviceId,
      instanceId: st.platform.instanceId(),
      memoryMb: Math.round(st.memory.mb() * 10) / 10,
      memoryLimitMb: st.memory.limitMb,
      suspended: st.platform.suspended,
      numInstances: st.platform.numInstances,
    },
  };
}

async function jsonBody(
  st: SandboxState,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Record<string, unknown> | undefined> {
  const read = await readBody(req, st.s.maxBodyBytes);
  if (!read.ok) {
    if (read.reason === 'too-large')
      sendJson(res, 413, { detail: 'Request body too large' }, { connection: 'close' });
    return undefined;
  }
  try {
    const v = JSON.parse(read.text || '{}') as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  sendJson(res, 400, { detail: 'Body must be a JSON object' });
  return undefined;
}

const names = (v: unknown) =>
  v === undefined ? [] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;

/** `"ends": {"<name>": {"afterMs": n, "onRestart": true}}`, or null when it is not that shape. */
function endsOf(v: unknown): Record<string, FaultEndRequest> | null {
  if (v === undefined) return {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, FaultEndRequest> = {};
  for (const [name, e] of Object.entries(v as Record<string, unknown>)) {
    if (!e || typeof e !== 'object') return null;
    const { afterMs, onRestart } = e as Record<string, unknown>;
    if (
      (afterMs !== undefined && typeof afterMs !== 'number') ||
      (onRestart !== undefined && typeof onRestart !== 'boolean')
    )
      return null;
    out[name] = {
      ...(afterMs !== undefined ? { afterMs: afterMs as number } : {}),
      ...(onRestart ? { onRestart: true } : {}),
    };
  }
  return out;
}

async function setFaults(st: SandboxState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const b = await jsonBody(st, req, res);
  if (!b) return;
  const enable = names(b.enable);
  const disable =
    b.disable === '*'
      ? st.faults
          .list()
          .filter((f) => f.source === 'switched')
          .map((f) => f.name)
      : names(b.disable);
  const ends = endsOf(b.ends);
  if (!enable || !disable || !ends)
    return sendJson(res, 400, {
      detail:
        '"enable" and "disable" must be arrays of fault names ("disable": "*" clears every switched fault); "ends", if given, maps a fault being enabled to {"afterMs": <wall ms>} and/or {"onRestart": true}',
    });
  try {
    st.setFaults(enable, disable, ends);
  } catch (e) {
    if (e instanceof FaultError) return sendJson(res, 400, { detail: e.message });
    throw e;
  }
  sendJson(res, 200, faultsView(st));
}

/** Handles /__sandbox/…; returns the status sent. */
export async function adminRoute(
  st: SandboxState,
  deploys: DeployLog,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  method: string,
): Promise<number> {
  if (method === 'GET') {
    if (path === '/__sandbox/faults') return (sendJson(res, 200, faultsView(st)), 200);
    if (path === '/__sandbox/accounting') return (sendJson(res, 200, st.accounting.snapshot()), 200);
    if (path === '/__sandbox/deploys')
      return (
        sendJson(
          res,
          200,
          deploys.list().map((deploy) => ({ cursor: deploy.id, deploy })),
        ),
        200
      );
    const one = /^\/__sandbox\/deploys\/(dep-[a-z0-9]+)$/.exec(path);
    if (one) return guard(res, () => deploys.get(one[1]!), 200);
    return (sendJson(res, 404, { detail: 'Not Found' }), 404);
  }
  if (method !== 'POST') return (sendJson(res, 405, { detail: 'Method Not Allowed' }), 405);
  if (!bearerOk(req, st.s.adminToken))
    return (
      sendJson(res, 401, {
        detail:
          'Sandbox admin token missing or wrong: send Authorization: Bearer <the token printed at start>',
      }),
      401
    );
  if (path === '/__sandbox/faults') return (await setFaults(st, req, res), res.statusCode);
  if (path === '/__sandbox/restart') {
    if (st.platform.suspended)
      return (sendJson(res, 409, { detail: 'The service is suspended: resume it first' }), 409);
    sendJson(res, 202, { restarting: true, release: st.release });
    setImmediate(() => st.restart(undefined, 'admin', undefined, SANDBOX_ADMIN_USER)); // after the answer has left: the restart drops every connection
    return 202;
  }
  if (path === '/__sandbox/deploys' || path === '/__sandbox/rollback') {
    const b = await jsonBody(st, req, res);
    if (!b) return res.statusCode;
    if (path === '/__sandbox/rollback')
      return guard(res, () => deploys.rollback(String(b.deployId ?? '')), 201);
    return guard(
      res,
      () => deploys.trigger(String(b.release ?? ''), typeof b.commitId === 'string' ? b.commitId : undefined),
      201,
    );
  }
  const cancel = /^\/__sandbox\/deploys\/(dep-[a-z0-9]+)\/cancel$/.exec(path);
  if (cancel) return guard(res, () => deploys.cancel(cancel[1]!), 200);
  return (sendJson(res, 404, { detail: 'Not Found' }), 404);
}

function guard(res: ServerResponse, fn: () => unknown, status: number): number {
  try {
    sendJson(res, status, fn());
    return status;
  } catch (e) {
    if (!(e instanceof DeployError)) throw e;
    sendJson(res, e.status, { id: e.status === 404 ? 'not_found' : 'invalid', message: e.message });
    return e.status;
  }
}
