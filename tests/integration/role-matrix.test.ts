import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CallbackEntity, CallEntity, ClientEntity, DealEntity, RoutingRuleEntity, TeamEntity, UserEntity, type Role } from '../../server/db/entities';
import type { Actor } from '../../server/modules/auth/actor';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../helpers/test-app';

/**
 * The README's role matrix, route by route and field by field: each case is tried by an operator, a
 * supervisor, a manager and an admin on a fresh target, and must answer the expected status; a refused
 * request must leave the target exactly as it was (read back from the database).
 */

const ROLES = ['operator', 'supervisor', 'manager', 'admin'] as const satisfies readonly Role[];
type Who = { id: number; token: string; role: Role };
/** Expected status for operator, supervisor, manager, admin. */
type Expect = readonly [number, number, number, number];
type Attempt = { method: string; path: string; body?: unknown; token?: string; read?: () => Promise<unknown> };
type Case = { name: string; expect: Expect; setup: (actor: Who) => Promise<Attempt> };

let app: TestApp;
let actors: Record<(typeof ROLES)[number], Who>;
let colleague: Who;
let system: Actor;
let teamId: number;
let seq = 0;
const uniq = () => `${process.pid}_${++seq}`;
const NEW_PASSWORD = 'violet-harbor-quantum-71';

before(async () => {
  app = await startTestApp();
  const make = async (role: Role): Promise<Who> => ({ ...(await app.user(role)), role });
  actors = { operator: await make('operator'), supervisor: await make('supervisor'), manager: await make('manager'), admin: await make('admin') };
  colleague = await make('operator');
  system = { userId: actors.admin.id, role: 'admin', ip: null };
  teamId = (await app.services.teams.create(system, { name: `Team ${uniq()}` })).id;
});
after(() => app.close());

// Fresh targets, created behind the API (by an admin), and how to read each back.
const readUser = (id: number) => () => app.ds.getRepository(UserEntity).findOneByOrFail({ id });
const freshUser = async (role: Role) => app.services.users.create(system, { login: `u${uniq()}`, password: TEST_PASSWORD, name: `Target ${role}`, role });
/** A user of `role` with their own session, for changes people make to themselves. */
const freshSelf = async (role: Role) => {
  const u = await app.user(role);
  return { ...u, role };
};
const readClient = (id: number) => async () => ({ row: await app.ds.getRepository(ClientEntity).findOneByOrFail({ id }), view: await app.services.clients.get(id).catch(() => 'deleted') });
const freshClient = async (ownerId: number | null = colleague.id) => app.services.clients.create(system, { name: `Client ${uniq()}`, kind: 'person', stage: 'lead', phones: [], emails: [], tags: [], ownerId });
const countClientsNamed = (name: string) => () => app.ds.getRepository(ClientEntity).countBy({ name });
const readCallback = (id: number) => () => app.ds.getRepository(CallbackEntity).findOneByOrFail({ id });
const freshCallback = async (assigneeId: number | null) => {
  const client = await freshClient(assigneeId);
  return app.services.callbacks.create(null, { clientId: client.id, assigneeId, dueAt: new Date(Date.now() + 3600_000), priority: 0, note: 'private: client asked for the director' });
};
const readCall = (id: number) => () => app.ds.getRepository(CallEntity).findOneByOrFail({ id });
const freshCall = async (operatorId: number) => {
  const now = new Date();
  const { identifiers } = await app.ds.getRepository(CallEntity).insert({
    pbx: 'matrix', pbxCallId: `c${uniq()}`, direction: 'inbound', externalNumber: '+79161234567', externalE164: '+79161234567', clientId: null, operatorId, queue: null,
    startedAt: now, answeredAt: now, endedAt: now, ringSeconds: 1, waitSeconds: 1, talkSeconds: 10, outcome: 'answered', disposition: null, note: null, recordingUrl: null, createdAt: now, updatedAt: now,
  });
  return identifiers[0]!.id as number;
};
const freshDeal = async (status: 'confirmed' | 'pending') => {
  const client = await freshClient();
  const { identifiers } = await app.ds.getRepository(DealEntity).insert({ clientId: client.id, title: 'Tariff', amount: 500, closedAt: '2026-01-15', createdById: colleague.id, createdAt: new Date(), status, confirmedById: null, confirmedAt: null });
  const dealId = identifiers[0]!.id as number;
  return { clientId: client.id, dealId, read: async () => ({ deal: await app.ds.getRepository(DealEntity).findOneBy({ id: dealId }), revenue: (await app.ds.getRepository(ClientEntity).findOneByOrFail({ id: client.id })).revenue }) };
};

const ALL_OK_200: Expect = [200, 200, 200, 200];
const ALL_OK_201: Expect = [201, 201, 201, 201];
const SUPERVISOR_UP: Expect = [403, 200, 200, 200];
const MANAGER_UP: Expect = [403, 403, 200, 200];
const ADMIN_ONLY: Expect = [403, 403, 403, 200];

/** PATCH /api/users/:id of a fresh user of `role`, changing one field. */
const patchUser = (role: Role, body: () => Record<string, unknown>): Case['setup'] => async () => {
  const target = await freshUser(role);
  return { method: 'PATCH', path: `/api/users/${target.id}`, body: body(), read: readUser(target.id) };
};
/** PATCH /api/users/:me by a fresh user of the actor's role. */
const patchSelf = (body: (me: { password: string }) => Record<string, unknown>): Case['setup'] => async (actor) => {
  const me = await freshSelf(actor.role);
  return { method: 'PATCH', path: `/api/users/${me.id}`, body: body(me), token: me.token, read: readUser(me.id) };
};

const CASES: Case[] = [
  // Users: managers administer the roles below their own, admins everyone; people keep their name, language, password.
  ...(
    [
      ['name', () => ({ name: 'Renamed' })],
      ['locale', () => ({ locale: 'uk' })],
      ['password (no old one needed by a manager)', () => ({ password: NEW_PASSWORD })],
      ['role → supervisor', () => ({ role: 'supervisor' })],
      ['extension (redirects the pops)', () => ({ extension: `9${String(seq).padStart(4, '0')}` })],
      ['teamId', () => ({ teamId })],
      ['active: false', () => ({ active: false })],
    ] as const
  ).map(([field, body]): Case => ({ name: `PATCH an operator: ${field}`, expect: MANAGER_UP, setup: patchUser('operator', body) })),
  { name: 'PATCH a supervisor: name', expect: MANAGER_UP, setup: patchUser('supervisor', () => ({ name: 'Renamed' })) },
  { name: 'PATCH a supervisor: password', expect: MANAGER_UP, setup: patchUser('supervisor', () => ({ password: NEW_PASSWORD })) },
  { name: 'PATCH a supervisor: role → operator', expect: MANAGER_UP, setup: patchUser('supervisor', () => ({ role: 'operator' })) },
  { name: 'PATCH an operator: role → manager (not below a manager)', expect: ADMIN_ONLY, setup: patchUser('operator', () => ({ role: 'manager' })) },
  { name: 'PATCH an operator: role → admin', expect: ADMIN_ONLY, setup: patchUser('operator', () => ({ role: 'admin' })) },
  { name: 'PATCH a manager: name', expect: ADMIN_ONLY, setup: patchUser('manager', () => ({ name: 'Renamed' })) },
  { name: 'PATCH a manager: password', expect: ADMIN_ONLY, setup: patchUser('manager', () => ({ password: NEW_PASSWORD })) },
  { name: 'PATCH a manager: active: false', expect: ADMIN_ONLY, setup: patchUser('manager', () => ({ active: false })) },
  { name: 'PATCH an admin: active: false', expect: ADMIN_ONLY, setup: patchUser('admin', () => ({ active: false })) },
  { name: 'PATCH self: name', expect: ALL_OK_200, setup: patchSelf(() => ({ name: 'Me' })) },
  { name: 'PATCH self: locale', expect: ALL_OK_200, setup: patchSelf(() => ({ locale: 'en' })) },
  { name: 'PATCH self: password without the current one', expect: [403, 403, 403, 403], setup: patchSelf(() => ({ password: NEW_PASSWORD })) },
  { name: 'PATCH self: password with a wrong current one', expect: [403, 403, 403, 403], setup: patchSelf(() => ({ password: NEW_PASSWORD, currentPassword: 'not my password' })) },
  { name: 'PATCH self: password with the current one', expect: ALL_OK_200, setup: patchSelf((me) => ({ password: NEW_PASSWORD, currentPassword: me.password })) },
  { name: 'PATCH self: role → admin', expect: [403, 403, 403, 400], setup: patchSelf(() => ({ role: 'admin' })) },
  { name: 'PATCH self: extension', expect: ADMIN_ONLY, setup: patchSelf(() => ({ extension: `8${String(seq).padStart(4, '0')}` })) },
  { name: 'PATCH self: teamId', expect: ADMIN_ONLY, setup: patchSelf(() => ({ teamId })) },
  { name: 'PATCH self: active: false', expect: [403, 403, 403, 400], setup: patchSelf(() => ({ active: false })) },
  ...(['operator', 'supervisor', 'manager', 'admin'] as const).map(
    (role): Case => ({
      name: `POST /api/users role ${role}`,
      expect: role === 'operator' || role === 'supervisor' ? [403, 403, 201, 201] : [403, 403, 403, 201],
      setup: async () => {
        const login = `new${uniq()}`;
        return { method: 'POST', path: '/api/users', body: { login, password: NEW_PASSWORD, name: 'New', role }, read: () => app.ds.getRepository(UserEntity).countBy({ login }) };
      },
    }),
  ),
  { name: 'GET /api/users', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/users' }) },
  { name: 'GET /api/users/:id', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: `/api/users/${colleague.id}` }) },
  { name: 'GET /api/users/directory', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: '/api/users/directory' }) },
  {
    name: 'POST /api/teams',
    expect: [403, 403, 201, 201],
    setup: async () => {
      const name = `T${uniq()}`;
      return { method: 'POST', path: '/api/teams', body: { name }, read: () => app.ds.getRepository(TeamEntity).countBy({ name }) };
    },
  },
  {
    name: 'PATCH /api/teams/:id',
    expect: [403, 403, 200, 200],
    setup: async () => {
      const team = await app.services.teams.create(system, { name: `T${uniq()}` });
      return { method: 'PATCH', path: `/api/teams/${team.id}`, body: { name: `T${uniq()}` }, read: () => app.ds.getRepository(TeamEntity).findOneByOrFail({ id: team.id }) };
    },
  },

  // Clients: tier and potential are the manager's, the owner the supervisor's; an operator's new client is their own.
  ...(
    [
      ['own client (ownerId omitted)', (_a: Who) => ({}), ALL_OK_201],
      ['ownerId: self', (a: Who) => ({ ownerId: a.id }), ALL_OK_201],
      ['ownerId: a colleague', () => ({ ownerId: colleague.id }), [403, 201, 201, 201]],
      ['ownerId: nobody', () => ({ ownerId: null }), [403, 201, 201, 201]],
      ['tier', () => ({ tier: 'gold' }), [403, 403, 201, 201]],
      ['potential', () => ({ potential: 'high' }), [403, 403, 201, 201]],
      ['tier: null (no tier)', () => ({ tier: null, potential: null }), ALL_OK_201],
    ] as const
  ).map(
    ([field, body, expect]): Case => ({
      name: `POST /api/clients: ${field}`,
      expect,
      setup: async (actor) => {
        const name = `New client ${uniq()}`;
        return { method: 'POST', path: '/api/clients', body: { name, ...body(actor) }, read: countClientsNamed(name) };
      },
    }),
  ),
  ...(
    [
      ['name', () => ({ name: 'Иван Петров' }), ALL_OK_200],
      ['stage', () => ({ stage: 'qualified' }), ALL_OK_200],
      ['phones', () => ({ phones: [`+7916${String(1_000_000 + seq).slice(-7)}`] }), ALL_OK_200],
      ['ownerId: self (takes a colleague’s client)', (a: Who) => ({ ownerId: a.id }), SUPERVISOR_UP],
      ['ownerId: nobody', () => ({ ownerId: null }), SUPERVISOR_UP],
      ['ownerId: unchanged', () => ({ ownerId: colleague.id }), ALL_OK_200],
      ['tier', () => ({ tier: 'platinum' }), MANAGER_UP],
      ['potential', () => ({ potential: 'low' }), MANAGER_UP],
      ['tier: unchanged', () => ({ tier: null }), ALL_OK_200],
    ] as const
  ).map(
    ([field, body, expect]): Case => ({
      name: `PATCH a colleague's client: ${field}`,
      expect,
      setup: async (actor) => {
        const c = await freshClient();
        return { method: 'PATCH', path: `/api/clients/${c.id}`, body: body(actor), read: readClient(c.id) };
      },
    }),
  ),
  {
    name: 'DELETE /api/clients/:id',
    expect: [403, 403, 204, 204],
    setup: async () => {
      const c = await freshClient();
      return { method: 'DELETE', path: `/api/clients/${c.id}`, read: readClient(c.id) };
    },
  },
  { name: 'GET /api/clients/export', expect: MANAGER_UP, setup: async () => ({ method: 'GET', path: '/api/clients/export?tag=nothing-has-this-tag' }) },
  { name: 'POST /api/clients/abc/recompute', expect: MANAGER_UP, setup: async () => ({ method: 'POST', path: '/api/clients/abc/recompute' }) },
  // Duplicates: the base-wide list for supervisors and up, a card's own for everyone, merging for managers.
  { name: 'GET /api/clients/duplicates', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/clients/duplicates?reason=email' }) },
  { name: 'GET /api/clients/:id/duplicates', expect: [200, 200, 200, 200], setup: async () => ({ method: 'GET', path: `/api/clients/${(await freshClient()).id}/duplicates` }) },
  {
    name: 'POST /api/clients/:id/merge',
    expect: MANAGER_UP,
    setup: async () => {
      const [survivor, duplicate] = [await freshClient(), await freshClient()];
      return { method: 'POST', path: `/api/clients/${survivor.id}/merge`, body: { duplicateId: duplicate.id }, read: readClient(duplicate.id) };
    },
  },

  // Deals: anyone records one (an operator's large ones wait, see deals-review.test.ts); supervisors confirm, managers delete.
  {
    name: 'POST /api/clients/:id/deals',
    expect: ALL_OK_201,
    setup: async () => {
      const c = await freshClient();
      return { method: 'POST', path: `/api/clients/${c.id}/deals`, body: { title: 'Tariff', amount: 100, closedAt: '2026-01-15' }, read: readClient(c.id) };
    },
  },
  {
    name: 'POST /api/clients/:id/deals/:dealId/confirm',
    expect: SUPERVISOR_UP,
    setup: async () => {
      const d = await freshDeal('pending');
      return { method: 'POST', path: `/api/clients/${d.clientId}/deals/${d.dealId}/confirm`, read: d.read };
    },
  },
  {
    name: 'DELETE /api/clients/:id/deals/:dealId',
    expect: [403, 403, 204, 204],
    setup: async () => {
      const d = await freshDeal('confirmed');
      return { method: 'DELETE', path: `/api/clients/${d.clientId}/deals/${d.dealId}`, read: d.read };
    },
  },

  // Callbacks: operators see and work their own and the pool's; supervisors everyone's.
  {
    name: "GET a colleague's callback (its note)",
    expect: SUPERVISOR_UP,
    setup: async () => {
      const cb = await freshCallback(colleague.id);
      return { method: 'GET', path: `/api/callbacks/${cb.id}` };
    },
  },
  {
    name: 'GET a pool callback',
    expect: ALL_OK_200,
    setup: async () => ({ method: 'GET', path: `/api/callbacks/${(await freshCallback(null)).id}` }),
  },
  {
    name: 'GET my own callback',
    expect: ALL_OK_200,
    setup: async (actor) => ({ method: 'GET', path: `/api/callbacks/${(await freshCallback(actor.id)).id}` }),
  },
  { name: "GET a colleague's callback list", expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: `/api/callbacks?assigneeId=${colleague.id}` }) },
  { name: 'GET /api/callbacks/tails', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/callbacks/tails' }) },
  ...(
    [
      ["a colleague's: status done", 'colleague', { status: 'done' }, SUPERVISOR_UP],
      ["a colleague's: note", 'colleague', { note: 'mine now' }, SUPERVISOR_UP],
      ["a colleague's: assigneeId → me", 'colleague', 'me', SUPERVISOR_UP],
      ["the pool's: status done", 'pool', { status: 'done' }, SUPERVISOR_UP],
      ['my own: note', 'me', { note: 'called, no answer' }, ALL_OK_200],
      ['my own: status done', 'me', { status: 'done' }, ALL_OK_200],
      ['my own: dueAt', 'me', { dueAt: new Date(Date.now() + 7200_000).toISOString() }, ALL_OK_200],
      ['my own: assigneeId → a colleague', 'me', { assigneeId: 'colleague' }, SUPERVISOR_UP],
    ] as const
  ).map(
    ([what, whose, body, expect]): Case => ({
      name: `PATCH ${what}`,
      expect,
      setup: async (actor) => {
        const cb = await freshCallback(whose === 'me' ? actor.id : whose === 'pool' ? null : colleague.id);
        const patch = body === 'me' ? { assigneeId: actor.id } : 'assigneeId' in body ? { assigneeId: colleague.id } : body;
        return { method: 'PATCH', path: `/api/callbacks/${cb.id}`, body: patch, read: readCallback(cb.id) };
      },
    }),
  ),
  ...(
    [
      ['for a colleague', 'colleague', [403, 201, 201, 201]],
      ['for myself', 'me', ALL_OK_201],
      ['for the pool', 'pool', ALL_OK_201],
    ] as const
  ).map(
    ([what, whom, expect]): Case => ({
      name: `POST /api/callbacks ${what}`,
      expect,
      setup: async (actor) => {
        const c = await freshClient();
        const assigneeId = whom === 'me' ? actor.id : whom === 'pool' ? null : colleague.id;
        return { method: 'POST', path: '/api/callbacks', body: { clientId: c.id, assigneeId, dueAt: new Date(Date.now() + 3600_000).toISOString() }, read: () => app.ds.getRepository(CallbackEntity).countBy({ clientId: c.id }) };
      },
    }),
  ),

  // Calls: the wrap-up belongs to the call's operators and to supervisors.
  {
    name: "PATCH a colleague's call (wrap-up)",
    expect: SUPERVISOR_UP,
    setup: async () => {
      const id = await freshCall(colleague.id);
      return { method: 'PATCH', path: `/api/calls/${id}`, body: { disposition: 'sale', note: 'mine' }, read: readCall(id) };
    },
  },
  {
    name: 'PATCH my own call (wrap-up)',
    expect: ALL_OK_200,
    setup: async (actor) => {
      const id = await freshCall(actor.id);
      return { method: 'PATCH', path: `/api/calls/${id}`, body: { disposition: 'sale', note: 'sold' }, read: readCall(id) };
    },
  },

  // Rules, KPIs, floor, audit.
  { name: 'GET /api/routing-rules', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/routing-rules' }) },
  {
    name: 'POST /api/routing-rules',
    expect: [403, 403, 201, 201],
    setup: async () => {
      const name = `R${uniq()}`;
      return { method: 'POST', path: '/api/routing-rules', body: { name, enabled: false, graceMinutes: 60, action: { type: 'pool' } }, read: () => app.ds.getRepository(RoutingRuleEntity).countBy({ name }) };
    },
  },
  { name: 'GET /api/kpis', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/kpis?window=today' }) },
  { name: 'GET /api/floor', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/floor' }) },
  { name: 'GET /api/audit', expect: MANAGER_UP, setup: async () => ({ method: 'GET', path: '/api/audit' }) },
  // The do-not-call list: everyone adds and checks; supervisors read the list; managers remove and take it out.
  ...(() => {
    const number = () => `+7916${String(1_000_000 + (seq++ % 9_000_000)).padStart(7, '0')}`;
    const readDnc = (phone: string) => () => app.ds.query('SELECT phone, reason FROM dnc_numbers WHERE phone = ?', [phone]);
    return [
      { name: 'POST /api/dnc', expect: [201, 201, 201, 201] as Expect, setup: async () => ({ method: 'POST', path: '/api/dnc', body: { phone: number(), reason: 'matrix' } }) },
      { name: 'GET /api/dnc/check', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: `/api/dnc/check?phone=${encodeURIComponent(number())}` }) },
      { name: 'GET /api/dnc', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/dnc' }) },
      { name: 'GET /api/dnc/export', expect: MANAGER_UP, setup: async () => ({ method: 'GET', path: '/api/dnc/export?format=csv' }) },
      {
        name: 'DELETE /api/dnc/:id',
        expect: [403, 403, 204, 204] as Expect,
        setup: async () => {
          const phone = number();
          const { entry } = await app.services.dnc.add(system, { phone, reason: 'matrix' });
          return { method: 'DELETE', path: `/api/dnc/${entry.id}`, read: readDnc(phone) };
        },
      },
    ];
  })(),
  // Tasks: everyone plans their own and reads their agenda; operators see only theirs and their clients' (a
  // colleague's task on a colleague's client is not found for them); supervisors and managers see and change all.
  ...(() => {
    const task = async () => {
      const client = await freshClient(colleague.id);
      return app.services.tasks.create(system, { clientId: client.id, kind: 'call', title: `Task ${uniq()}`, dueAt: new Date(Date.now() + 3600_000), assigneeId: colleague.id });
    };
    const readTask = (id: number) => () => app.ds.query('SELECT title, state, version FROM tasks WHERE id = ?', [id]);
    const today = new Date().toISOString().slice(0, 10);
    return [
      { name: 'GET /api/tasks', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: '/api/tasks' }) },
      {
        name: 'POST /api/tasks',
        expect: [201, 201, 201, 201] as Expect,
        setup: async () => {
          const client = await freshClient(colleague.id);
          const title = `Task ${uniq()}`;
          return { method: 'POST', path: '/api/tasks', body: { clientId: client.id, kind: 'meeting', title, dueAt: new Date(Date.now() + 3600_000).toISOString() }, read: () => app.ds.query('SELECT id FROM tasks WHERE title = ?', [title]) };
        },
      },
      { name: 'GET /api/tasks/:id', expect: [404, 200, 200, 200] as Expect, setup: async () => ({ method: 'GET', path: `/api/tasks/${(await task()).id}` }) },
      {
        name: 'PATCH /api/tasks/:id',
        expect: [404, 200, 200, 200] as Expect,
        setup: async () => {
          const { id } = await task();
          return { method: 'PATCH', path: `/api/tasks/${id}`, body: { title: `Moved ${uniq()}`, dueAt: new Date(Date.now() + 7200_000).toISOString() }, read: readTask(id) };
        },
      },
      {
        name: 'DELETE /api/tasks/:id',
        expect: [404, 204, 204, 204] as Expect,
        setup: async () => {
          const { id } = await task();
          return { method: 'DELETE', path: `/api/tasks/${id}`, read: readTask(id) };
        },
      },
      { name: 'GET /api/tasks/agenda', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: '/api/tasks/agenda' }) },
      { name: "GET /api/tasks/agenda (a colleague's)", expect: [403, 200, 200, 200] as Expect, setup: async () => ({ method: 'GET', path: `/api/tasks/agenda?assigneeId=${colleague.id}` }) },
      { name: 'GET /api/tasks/calendar', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: `/api/tasks/calendar?from=${today}&to=${today}` }) },
      { name: 'GET /api/clients/:id/tasks', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: `/api/clients/${(await task()).clientId}/tasks` }) },
      { name: 'GET /api/birthdays', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: '/api/birthdays' }) },
      { name: "GET /api/birthdays (everyone's)", expect: [403, 200, 200, 200] as Expect, setup: async () => ({ method: 'GET', path: '/api/birthdays?all=true' }) },
      { name: 'GET /api/reports/tasks', expect: SUPERVISOR_UP, setup: async () => ({ method: 'GET', path: '/api/reports/tasks' }) },
    ];
  })(),
  // Saved segments: every role reads them (and uses them in the client list); supervisors and managers keep them.
  ...(() => {
    const segment = async () => (await app.services.segments.create(system, { name: `Seg ${uniq()}`, filter: { tag: 'matrix' } })).id;
    const readSegment = (id: number) => () => app.ds.query('SELECT name, filter, updated_at FROM segments WHERE id = ?', [id]);
    return [
      { name: 'GET /api/segments', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: '/api/segments' }) },
      { name: 'GET /api/segments/:id', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: `/api/segments/${await segment()}` }) },
      {
        name: 'POST /api/segments',
        expect: [403, 201, 201, 201] as Expect,
        setup: async () => {
          const name = `Seg ${uniq()}`;
          return { method: 'POST', path: '/api/segments', body: { name, filter: { class: 'A' } }, read: () => app.ds.query('SELECT id FROM segments WHERE name = ?', [name]) };
        },
      },
      {
        name: 'PATCH /api/segments/:id',
        expect: SUPERVISOR_UP,
        setup: async () => {
          const id = await segment();
          return { method: 'PATCH', path: `/api/segments/${id}`, body: { name: `Seg ${uniq()}` }, read: readSegment(id) };
        },
      },
      {
        name: 'DELETE /api/segments/:id',
        expect: [403, 204, 204, 204] as Expect,
        setup: async () => {
          const id = await segment();
          return { method: 'DELETE', path: `/api/segments/${id}`, read: readSegment(id) };
        },
      },
    ];
  })(),
  // Messaging: templates are read by all and kept by managers; operators write to their own clients (this
  // app has no e-mail or SMS set up, so an allowed send answers 503); mailings, opt-outs and greetings are managers'.
  ...(() => {
    const template = async () => (await app.services.messaging.templates.create(system, { name: `T ${uniq()}`, channel: 'email', purpose: 'general', texts: { ru: { subject: 'Тема', body: 'Текст' } } })).id;
    const readTemplate = (id: number) => () => app.ds.query('SELECT name, texts, updated_at FROM message_templates WHERE id = ?', [id]);
    const address = () => `m${uniq()}@example.com`;
    const readOptouts = (a: string) => () => app.ds.query('SELECT id FROM message_optouts WHERE address = ?', [a]);
    const readBirthday = () => app.ds.query("SELECT value FROM settings WHERE `key` = 'messaging.birthday'");
    return [
      { name: 'GET /api/messaging/status', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: '/api/messaging/status' }) },
      { name: 'GET /api/message-templates', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: '/api/message-templates' }) },
      {
        name: 'POST /api/message-templates',
        expect: [403, 403, 201, 201] as Expect,
        setup: async () => {
          const name = `T ${uniq()}`;
          return { method: 'POST', path: '/api/message-templates', body: { name, channel: 'sms', texts: { ru: { subject: null, body: 'Привет' } } }, read: () => app.ds.query('SELECT id FROM message_templates WHERE name = ?', [name]) };
        },
      },
      {
        name: 'PATCH /api/message-templates/:id',
        expect: MANAGER_UP,
        setup: async () => {
          const id = await template();
          return { method: 'PATCH', path: `/api/message-templates/${id}`, body: { name: `T ${uniq()}` }, read: readTemplate(id) };
        },
      },
      {
        name: 'DELETE /api/message-templates/:id',
        expect: [403, 403, 204, 204] as Expect,
        setup: async () => {
          const id = await template();
          return { method: 'DELETE', path: `/api/message-templates/${id}`, read: readTemplate(id) };
        },
      },
      { name: 'GET /api/clients/:id/messages', expect: ALL_OK_200, setup: async () => ({ method: 'GET', path: `/api/clients/${(await freshClient()).id}/messages` }) },
      {
        name: "POST /api/clients/:id/messages (a colleague's client)",
        expect: [403, 503, 503, 503] as Expect,
        setup: async () => {
          const client = await app.services.clients.create(system, { name: `Client ${uniq()}`, kind: 'person', stage: 'lead', phones: [], emails: [address()], tags: [], ownerId: colleague.id });
          return { method: 'POST', path: `/api/clients/${client.id}/messages`, body: { channel: 'email', subject: 'Тема', body: 'Текст' }, read: () => app.ds.query('SELECT id FROM messages WHERE client_id = ?', [client.id]) };
        },
      },
      { name: 'GET /api/mailings', expect: MANAGER_UP, setup: async () => ({ method: 'GET', path: '/api/mailings' }) },
      {
        name: 'POST /api/mailings',
        expect: [403, 403, 503, 503] as Expect,
        setup: async () => {
          const segmentId = (await app.services.segments.create(system, { name: `Seg ${uniq()}`, filter: { tag: 'matrix' } })).id;
          return { method: 'POST', path: '/api/mailings', body: { name: 'M', channel: 'email', templateId: await template(), segmentId }, read: () => app.ds.query('SELECT COUNT(*) AS n FROM mailings') };
        },
      },
      { name: 'GET /api/optouts', expect: MANAGER_UP, setup: async () => ({ method: 'GET', path: '/api/optouts' }) },
      {
        name: 'POST /api/optouts',
        expect: [403, 403, 201, 201] as Expect,
        setup: async () => {
          const a = address();
          return { method: 'POST', path: '/api/optouts', body: { channel: 'email', address: a }, read: readOptouts(a) };
        },
      },
      {
        name: 'DELETE /api/optouts/:id',
        expect: [403, 403, 204, 204] as Expect,
        setup: async () => {
          const a = address();
          await app.services.messaging.optouts.optOut(system, { channel: 'email', address: a, source: 'manual' });
          const [row] = (await readOptouts(a)()) as { id: number }[];
          return { method: 'DELETE', path: `/api/optouts/${row!.id}`, read: readOptouts(a) };
        },
      },
      { name: 'GET /api/messaging/birthday', expect: MANAGER_UP, setup: async () => ({ method: 'GET', path: '/api/messaging/birthday' }) },
      {
        name: 'PUT /api/messaging/birthday',
        expect: MANAGER_UP,
        setup: async () => ({ method: 'PUT', path: '/api/messaging/birthday', body: { enabled: false, channel: 'email', templateId: null, hour: 7 + (seq++ % 10) }, read: readBirthday }),
      },
    ];
  })(),
];

/** JSON with dates as ISO strings, so two reads of an unchanged row compare equal. */
const snapshot = async (read: (() => Promise<unknown>) | undefined) => (read ? JSON.parse(JSON.stringify(await read())) : undefined);

test('the role matrix holds on every route and field, and a refused request changes nothing', async () => {
  const failures: string[] = [];
  for (const c of CASES) {
    for (const [i, role] of ROLES.entries()) {
      const actor = actors[role];
      const attempt = await c.setup(actor);
      const before = await snapshot(attempt.read);
      const res = await app.api(attempt.method, attempt.path, { token: attempt.token ?? actor.token, body: attempt.body });
      const want = c.expect[i]!;
      if (res.status !== want) {
        failures.push(`${c.name} as ${role}: ${res.status} (want ${want}) ${JSON.stringify(res.body).slice(0, 200)}`);
        continue;
      }
      if (want >= 400 && attempt.read) {
        const afterRead = await snapshot(attempt.read);
        if (JSON.stringify(afterRead) !== JSON.stringify(before)) failures.push(`${c.name} as ${role}: refused with ${want} but changed ${JSON.stringify(before)} → ${JSON.stringify(afterRead)}`);
      }
      if (want < 300 && attempt.read && attempt.method !== 'GET') {
        const afterRead = await snapshot(attempt.read);
        if (JSON.stringify(afterRead) === JSON.stringify(before)) failures.push(`${c.name} as ${role}: allowed but changed nothing (the case does not test what it says)`);
      }
    }
  }
  assert.deepEqual(failures, [], `\n${failures.join('\n')}`);
});

test('a role change is audited on its own with the role before and after', async () => {
  const target = await freshUser('operator');
  const res = await app.api('PATCH', `/api/users/${target.id}`, { token: actors.manager.token, body: { role: 'supervisor' } });
  assert.equal(res.status, 200);
  const audit = await app.api('GET', `/api/audit?entity=user&entityId=${target.id}`, { token: actors.manager.token });
  const entry = audit.body.items.find((e: { action: string }) => e.action === 'role_change');
  assert.ok(entry, JSON.stringify(audit.body.items));
  assert.equal(entry.actorId, actors.manager.id);
  assert.deepEqual([entry.before, entry.after], [{ role: 'operator' }, { role: 'supervisor' }]);
  // A refused change leaves no entry.
  const refused = await app.api('PATCH', `/api/users/${target.id}`, { token: actors.supervisor.token, body: { role: 'operator' } });
  assert.equal(refused.status, 403);
  const again = await app.api('GET', `/api/audit?entity=user&entityId=${target.id}`, { token: actors.manager.token });
  assert.equal(again.body.items.filter((e: { action: string }) => e.action === 'role_change').length, 1);
});
