/**
 * `incident.ts <open|note|status|assess|resolve>`: one function per subcommand behind one
 * dispatcher, so the script stays a thin shell. Usage problems are RB_USAGE (exit 2), in
 * one paragraph each.
 */
import type { Config } from '../config/schema';
import { usageError } from '../errors';
import { EXIT, type ExitCode } from '../errors/exit-codes';
import type { RequestFn } from '../http';
import { readLedger } from '../ledger/index';
import type { SlackMessage } from '../notify/slack';
import type { IncidentReport } from '../report/incident';
import type { Target } from '../target/resolve';
import { parseDuration } from '../units';
import { addEvent, openIncident, slackFor } from './actions';
import { formatOpen, formatStatus, whereText } from './briefing';
import { ASSESSMENT_COMMANDS, commandMatches, commandsBetween, sameOrigin } from './commands';
import { gatherEvidence } from './evidence';
import { connectPlatform } from '../platform/connect';
import type { IncidentEventBody, IncidentLog } from './log';
import {
  foldIncidents,
  incidentForTarget,
  incidentUrl,
  parseSince,
  pickIncident,
  statusOf,
  type Incident,
  type Severity,
} from './model';
import { targetFlags } from '../target/flags';
import { buildReview, type ReviewContext } from './review';
import { assessmentText, formatTriage, triage, triageExitCode } from './triage';

export const SUBCOMMANDS = ['open', 'note', 'status', 'assess', 'resolve'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export interface IncidentFlags {
  sev?: Severity | undefined;
  title?: string | undefined;
  since?: string | undefined;
  id?: string | undefined;
  mitigated: boolean;
  action: boolean;
  done?: string | undefined;
  update: boolean;
  summary?: string | undefined;
  /** open: open a real incident although a drill's is open. */
  'beside-drill': boolean;
  env: string;
  /** --url, when given: recorded with the incident so its next commands reach the same target. */
  url?: string | undefined;
}

export interface IncidentDeps {
  config: Config;
  stateDir: string;
  env: NodeJS.ProcessEnv;
  log: IncidentLog;
  target: () => Target;
  notify: (m: SlackMessage) => void;
  review: () => ReviewContext;
  request?: RequestFn;
  signal?: AbortSignal;
  now?: () => number;
  /** Notes from stdin, one a line (`note` without text): the scribe's session. */
  lines?: () => AsyncIterable<string>;
  /** Called once each stdin note is on disk, so the shell can acknowledge it. */
  onNoted?: (text: string, inc: Incident) => void;
}

export type IncidentOutcome =
  | { kind: 'done'; text: string; json: unknown; exitCode: ExitCode }
  | { kind: 'review'; report: IncidentReport };

const USAGE =
  'Usage: incident.ts open --sev P0|P1|P2|P3 --title "…" | note "…" | status | assess | resolve --summary "…" (npx zx runbooks/incident.ts --help).';

/** Flags each subcommand takes (beyond --env/--url/--json/--id). */
const ALLOWED: Record<Subcommand, (keyof IncidentFlags)[]> = {
  open: ['sev', 'title', 'since', 'beside-drill'],
  note: ['sev', 'mitigated', 'action', 'done', 'update', 'id'],
  status: ['id'],
  assess: ['id'],
  resolve: ['summary', 'id'],
};

function checkFlags(sub: Subcommand, f: IncidentFlags): void {
  for (const k of [
    'sev',
    'title',
    'since',
    'id',
    'mitigated',
    'action',
    'done',
    'update',
    'summary',
    'beside-drill',
  ] as const) {
    const given = typeof f[k] === 'boolean' ? f[k] === true : f[k] !== undefined;
    if (given && !ALLOWED[sub].includes(k))
      throw usageError(`incident.ts ${sub} does not take --${k}.`, USAGE);
  }
}

/** Runs one subcommand. */
export async function runIncident(
  positionals: readonly string[],
  f: IncidentFlags,
  deps: IncidentDeps,
): Promise<IncidentOutcome> {
  const [sub, ...rest] = positionals;
  if (!sub) throw usageError('incident.ts needs a subcommand.', USAGE);
  if (!(SUBCOMMANDS as readonly string[]).includes(sub))
    throw usageError(`incident.ts has no subcommand "${sub}".`, USAGE);
  const s = sub as Subcommand;
  checkFlags(s, f);
  if (s !== 'note' && rest.length)
    throw usageError(
      `incident.ts ${s} takes no argument (got "${rest.join(' ')}"); quote text and pass it with its flag.`,
      USAGE,
    );
  const now = deps.now ?? Date.now;
  const all = () => foldIncidents(deps.log.read());
  /** An environment's configured URL (fixed, or from its variable). */
  const envUrl = (env: string) => {
    const c = (deps.config.environments as Record<string, { url?: string; urlFromEnv?: string }>)[env];
    return c?.url ?? (c?.urlFromEnv ? deps.env[c.urlFromEnv] : undefined);
  };
  const send = (inc: Incident, body: IncidentEventBody) => {
    const m = slackFor(deps.config, inc, body);
    if (m) deps.notify(m);
  };

  if (s === 'open') {
    if (!f.sev || !f.title?.trim())
      throw usageError(`incident.ts open needs --sev (P0, P1, P2 or P3) and --title "what is wrong".`, USAGE);
    // During a drill, "open the incident" means the drill's: a second one beside it would
    // split the timeline and take the assessments meant for the drill.
    const drill = all()
      .filter((i) => i.drill && !i.resolvedAt)
      .at(-1);
    if (drill && !f['beside-drill'])
      return {
        kind: 'done',
        text: duringDrill(deps.config, drill),
        json: { ok: true, opened: null, drillIncident: drill.id },
        exitCode: EXIT.OK,
      };
    const inc = openIncident(
      deps.log,
      {
        title: f.title.trim(),
        severity: f.sev,
        env: f.env,
        // An explicit --url that is not the environment's own is the incident's target (label.ts's rule).
        url: f.url && !sameOrigin(f.url, envUrl(f.env) ?? '') ? f.url.replace(/\/+$/, '') : undefined,
        beganAt: parseSince(f.since, now(), parseDuration),
      },
      new Date(now()),
    );
    send(inc, inc.events[0]!);
    return {
      kind: 'done',
      text: formatOpen(deps.config, inc),
      json: { ok: true, incident: inc.id, severity: inc.severity, openedAt: inc.openedAt },
      exitCode: EXIT.OK,
    };
  }

  if (s === 'note') return note(rest.join(' ').trim(), f, deps, all, send);

  if (s === 'status') {
    const list = all();
    const open = f.id ? [pickIncident(list, f.id, 'show').incident] : list.filter((i) => !i.resolvedAt);
    if (!open.length)
      return { kind: 'done', text: 'No incident is open.', json: { ok: true, open: [] }, exitCode: EXIT.OK };
    const records = readLedger(deps.stateDir);
    const views = open.map((inc) => {
      const first = commandsBetween(records, Date.parse(inc.openedAt), now()).find((c) =>
        commandMatches(c, ASSESSMENT_COMMANDS),
      );
      return {
        inc,
        st: statusOf(inc, deps.config, now(), first?.startedAt ?? inc.assessments[0]?.at ?? null),
      };
    });
    return {
      kind: 'done',
      text: views.map((v) => formatStatus(deps.config, v.inc, v.st, now())).join('\n\n'),
      json: { ok: true, open: views.map((v) => ({ id: v.inc.id, ...v.st })) },
      exitCode: EXIT.OK,
    };
  }

  if (s === 'assess') {
    const target = deps.target();
    // The incident this assessment belongs to: --id, else the open one on this target.
    const { incident: inc, others } = incidentForTarget(
      all(),
      f.id,
      target.baseUrl,
      (i) => incidentUrl(i, envUrl),
      sameOrigin,
    );
    // The environment's platform beside the app's signals: said once, which or why none; a refused key stops here.
    const platform = await connectPlatform({
      config: deps.config,
      env: target.env,
      processEnv: deps.env,
      stateDir: deps.stateDir,
      url: target.baseUrl,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const e = await gatherEvidence(deps.config, target.baseUrl, {
      request: deps.request,
      signal: deps.signal,
      stateDir: deps.stateDir,
      env: deps.env,
      now,
      platform: platform.client,
      beganAt: inc?.beganAt ?? null,
    });
    const rows = triage(deps.config, e, {
      beganAt: inc?.beganAt ?? null,
      targetFlags: targetFlags({ env: f.env, url: f.url }),
    });
    const suspects = rows.filter((r) => r.verdict === 'suspect').map((r) => r.symptom);
    if (inc)
      addEvent(deps.log, inc, {
        event: 'assess',
        text: assessmentText(rows),
        suspects,
      });
    const where = inc
      ? `Recorded in incident ${inc.id}${inc.drill ? ' (the drill)' : ''}, whose target this is; evidence is weighed against when it began (${inc.beganAt.slice(11, 16)} UTC).`
      : others.length
        ? `Not recorded: no open incident targets ${target.baseUrl} (open: ${others.map((o) => `${o.id} on ${whereText(o)}`).join('; ')}). Pass --id to record it in one.`
        : 'No incident is open: nothing recorded.';
    return {
      kind: 'done',
      text: `${platform.line}\n${formatTriage(e, rows)}\n\n${where}`,
      json: { ok: true, incident: inc?.id ?? null, evidence: e, triage: rows },
      exitCode: triageExitCode(e, rows),
    };
  }

  // resolve
  if (!f.summary?.trim())
    throw usageError('incident.ts resolve needs --summary "what happened and what fixed it".', USAGE);
  const { incident } = pickIncident(all(), f.id, 'resolve');
  const resolved = addEvent(deps.log, incident, { event: 'resolve', summary: f.summary.trim() });
  send(resolved, { event: 'resolve', summary: f.summary.trim() });
  return {
    kind: 'review',
    report: buildReview(deps.config, resolved, readLedger(deps.stateDir), deps.review()),
  };
}

async function note(
  text: string,
  f: IncidentFlags,
  deps: IncidentDeps,
  all: () => Incident[],
  send: (inc: Incident, body: IncidentEventBody) => void,
): Promise<IncidentOutcome> {
  const { incident, ambiguous } = pickIncident(all(), f.id, 'note');
  const kinds = [f.mitigated, f.action, f.done !== undefined, f.update, f.sev !== undefined].filter(
    Boolean,
  ).length;
  if (kinds > 1)
    throw usageError(
      'A note is one of: plain, --mitigated, --action, --done <A1>, --update or --sev <P…>; give them as separate notes.',
      USAGE,
    );
  const body = (t: string): IncidentEventBody =>
    f.mitigated
      ? { event: 'mitigated', text: t }
      : f.action
        ? { event: 'action', action: '', text: t }
        : f.done !== undefined
          ? { event: 'done', action: f.done, text: t }
          : f.update
            ? { event: 'update', text: t }
            : f.sev
              ? { event: 'severity', severity: f.sev, text: t }
              : { event: 'note', text: t };
  if (f.done !== undefined && !incident.actions.some((a) => a.id.toLowerCase() === f.done!.toLowerCase()))
    throw usageError(
      `Incident ${incident.id} has no action ${f.done} (it has ${incident.actions.map((a) => a.id).join(', ') || 'none'}).`,
    );
  if (!text && (f.action || f.update))
    throw usageError(`note --${f.action ? 'action' : 'update'} needs its text.`, USAGE);
  const notes: string[] = [];
  let inc = incident;
  if (text || f.mitigated || f.done !== undefined || f.sev) {
    inc = addEvent(deps.log, inc, body(text));
    send(inc, body(text));
    notes.push(text);
  } else {
    if (!deps.lines)
      throw usageError('incident.ts note needs the note\'s text, e.g. note "rolled back to dep-…".', USAGE);
    // Scribe mode: every line is a note, acknowledged once it is on disk.
    for await (const line of deps.lines()) {
      const t = line.trim();
      if (!t) continue;
      inc = addEvent(deps.log, inc, { event: 'note', text: t });
      notes.push(t);
      deps.onNoted?.(t, inc);
    }
  }
  const warn = ambiguous.length
    ? ` (${ambiguous.length + 1} incidents are open; this went to the latest, ${inc.id}: pass --id to choose)`
    : '';
  const what = f.mitigated
    ? 'marked mitigated'
    : f.action
      ? `action ${inc.actions.at(-1)?.id} added`
      : f.done
        ? `${f.done} done`
        : f.update
          ? 'update recorded'
          : f.sev
            ? `severity now ${f.sev}`
            : `${notes.length} note(s) added`;
  return {
    kind: 'done',
    text: `Incident ${inc.id}: ${what}${warn}.`,
    json: { ok: true, incident: inc.id, notes: notes.length },
    exitCode: EXIT.OK,
  };
}

/** What `open` says while a drill's incident is open: that one's briefing, and how to open a real one beside it. */
function duringDrill(config: Config, drill: Incident): string {
  return [
    `A drill is running: its incident ${drill.id} is open ("${drill.title}"), so no second incident was opened.`,
    "Work in the drill's incident: its briefing follows, and the commands below act on it.",
    `(A real incident during the drill: open it with --beside-drill. A drill that is no longer running: close its incident with incident.ts resolve --id ${drill.id} --summary "drill abandoned".)`,
    '',
    formatOpen(config, drill, true),
  ].join('\n');
}
