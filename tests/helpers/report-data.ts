/**
 * Hand-made rows for the report suites: clients, calls, deals and callbacks written straight to the
 * database (bypassing the services, so a test sets every time and figure the report reads), and users
 * put on a team. Every column a report does not read gets one fixed value here; what a report does read
 * is the test's to give, or has the default named on its field.
 */
import { CallbackEntity, CallEntity, ClientEntity, DealEntity, UserEntity, type CallDirection, type CallOutcome, type FunnelStage } from '../../server/db/entities';
import type { TestApp } from './test-app';

let seq = 0;

export type ClientRow = {
  organization?: string | null;
  source?: string | null;
  ownerId?: number | null;
  /** Default `lead`. */
  stage?: FunnelStage;
  /** Also the row's updatedAt. Default 2026-01-01T00:00:00Z. */
  createdAt?: Date | string;
  deletedAt?: Date | null;
};

/** A person client named `name` (searchable by it); returns the id. */
export async function insertClient(app: TestApp, name: string, extra: ClientRow = {}): Promise<number> {
  const at = new Date(extra.createdAt ?? '2026-01-01T00:00:00Z');
  const { identifiers } = await app.ds.getRepository(ClientEntity).insert({
    kind: 'person', name, nameSearch: name.toLowerCase(), organization: extra.organization ?? null, source: extra.source ?? null, ownerId: extra.ownerId ?? null,
    stage: extra.stage ?? 'lead', revenue: 0, createdAt: at, updatedAt: at, deletedAt: extra.deletedAt ?? null,
  });
  return identifiers[0]!.id as number;
}

export type CallRow = {
  operatorId: number | null;
  startedAt: Date | string;
  /** Default `answered` (answered at the start). */
  outcome?: CallOutcome;
  /** Default `inbound`. */
  direction?: CallDirection;
  clientId?: number | null;
  /** The client's stage when the call was made. */
  clientStage?: FunnelStage | null;
  disposition?: string | null;
  /** Kept only on an answered call (null otherwise). Default null. */
  talkSeconds?: number | null;
  /** Default 1. */
  waitSeconds?: number | null;
  /** Default 1. */
  ringSeconds?: number;
  /** From the start to the end. Default 1 s. */
  lengthMs?: number;
  queue?: string | null;
  /** Default a fresh `t<pid>-<n>`. */
  pbxCallId?: string;
};

/** A finished call on the `test` PBX; returns the id. */
export async function insertCall(app: TestApp, row: CallRow): Promise<number> {
  const at = new Date(row.startedAt);
  const outcome = row.outcome ?? 'answered';
  const { identifiers } = await app.ds.getRepository(CallEntity).insert({
    pbx: 'test', pbxCallId: row.pbxCallId ?? `t${process.pid}-${++seq}`, direction: row.direction ?? 'inbound', externalNumber: null, externalE164: null,
    clientId: row.clientId ?? null, clientStage: row.clientStage ?? null, operatorId: row.operatorId, queue: row.queue ?? null,
    startedAt: at, answeredAt: outcome === 'answered' ? at : null, endedAt: new Date(at.getTime() + (row.lengthMs ?? 1000)),
    ringSeconds: row.ringSeconds ?? 1, waitSeconds: row.waitSeconds === undefined ? 1 : row.waitSeconds, talkSeconds: outcome === 'answered' ? (row.talkSeconds ?? null) : null,
    outcome, disposition: row.disposition ?? null, note: null, recordingUrl: null, createdAt: at, updatedAt: at,
  });
  return identifiers[0]!.id as number;
}

export type DealRow = {
  clientId: number;
  /** The deal's date, YYYY-MM-DD. */
  closedAt: string;
  amount: number;
  createdById?: number | null;
  /** Default `confirmed`. */
  status?: 'confirmed' | 'pending';
  /** Default `Deal`. */
  title?: string;
  /** Default 09:00 UTC on the deal's date. */
  createdAt?: Date;
};

export async function insertDeal(app: TestApp, row: DealRow): Promise<void> {
  await app.ds.getRepository(DealEntity).insert({
    clientId: row.clientId, title: row.title ?? 'Deal', amount: row.amount, closedAt: row.closedAt, createdById: row.createdById ?? null,
    createdAt: row.createdAt ?? new Date(`${row.closedAt}T09:00:00Z`), status: row.status ?? 'confirmed',
  });
}

export type CallbackRow = {
  clientId: number;
  assigneeId: number | null;
  /** Also the row's createdAt and updatedAt. */
  dueAt: Date;
  /** When the client was promised the call, if apart from dueAt (the lead router moves dueAt). */
  promisedAt?: Date;
  /** Default `pending`. */
  status?: 'pending' | 'done';
};

export async function insertCallback(app: TestApp, row: CallbackRow): Promise<void> {
  await app.ds.getRepository(CallbackEntity).insert({
    clientId: row.clientId, assigneeId: row.assigneeId, dueAt: row.dueAt, ...(row.promisedAt && { promisedAt: row.promisedAt }), originCallId: null, status: row.status ?? 'pending',
    priority: 0, note: null, reassignCount: 0, version: 0, createdById: null, createdAt: row.dueAt, updatedAt: row.dueAt, completedAt: null,
  });
}

/** Creates a team named `name` as the manager whose token is given and puts `members` on it; returns its id. */
export async function insertTeam(app: TestApp, managerToken: string, name: string, members: { id: number }[]): Promise<number> {
  const team = (await app.api('POST', '/api/teams', { token: managerToken, body: { name } })).body.id as number;
  for (const user of members) await app.ds.getRepository(UserEntity).update({ id: user.id }, { teamId: team });
  return team;
}

export type FloorUser = Awaited<ReturnType<TestApp['user']>>;

/**
 * The floor most report suites start from, made in this order: operators op1 and op2 on 'Team one',
 * op3 on 'Team two', a supervisor and a manager (who made the teams).
 */
export async function insertFloor(app: TestApp): Promise<{ op1: FloorUser; op2: FloorUser; op3: FloorUser; sup: FloorUser; mgr: FloorUser; team1: number; team2: number }> {
  const op1 = await app.user('operator');
  const op2 = await app.user('operator');
  const op3 = await app.user('operator');
  const sup = await app.user('supervisor');
  const mgr = await app.user('manager');
  const team1 = await insertTeam(app, mgr.token, 'Team one', [op1, op2]);
  const team2 = await insertTeam(app, mgr.token, 'Team two', [op3]);
  return { op1, op2, op3, sup, mgr, team1, team2 };
}

/** GETs an export (CSV, XLSX) as the user whose token is given: status, content type and disposition, and the bytes. */
export async function download(app: TestApp, path: string, token: string): Promise<{ status: number; type: string | null; disposition: string | null; bytes: Buffer }> {
  const res = await fetch(`${app.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}
