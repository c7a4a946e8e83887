/**
 * Twilio Voice as the PBX (issue 13): signed webhooks validated and turned into call rows per second, and
 * the voice webhook's TwiML latency under that load and with the database held up; beside the floors.
 *
 *   bash bench/run.sh twilio
 *   BENCH_CALLS=10000 BENCH_CONCURRENCY=128 BENCH_VOICE_RATE=100 bash bench/run.sh twilio
 *
 * One process, one throwaway MariaDB database: the real composition (openDatabase → createServices with a
 * TwilioConnector as `pbx` and `twilio` → createHttpApp) listens on loopback; `available` reads
 * services.availableOperators (refreshed every second, as in main.ts). BENCH_OPERATORS operators
 * (extensions 201…) are available; BENCH_CLIENTS known clients call (screen pops find them).
 *
 * 1. callbacks: BENCH_CALLS calls, BENCH_CONCURRENCY of them at a time, each the answered story of the
 *    integration test, posted in order over HTTP signed as Twilio signs them (for PUBLIC_URL + path): the
 *    voice webhook, the operators' legs (initiated, ringing ×2, in-progress, canceled, completed), the
 *    dial action, the call's completed — 9 webhooks a call. The forms and signatures are made before the
 *    clock starts (in production Twilio signs them, not us). callbacks_per_s = webhooks answered / wall
 *    time of the posting; calls_per_s likewise; last_row_s = from the first post to the moment every call
 *    has its finished row (includes the tracker's end grace, BENCH_END_GRACE_MS, default the product's
 *    1500 ms; last_ended_event_after_last_post_s says how much of the lag is the tracker's). Then every
 *    call must have exactly one row, ended, answered by the first operator rung, wait 7 s and talk 60 s,
 *    or the bench fails.
 * 2. voice_latency_under_load: during 1, another loop posts voice webhooks for new calls at
 *    BENCH_VOICE_RATE/s (open loop); post start → the TwiML read, and `server_side`: the request event →
 *    the answer written (what the handler costs, without the wait in line for the saturated event loop or
 *    the accept of a new connection). voice_latency_paced_callbacks: the same loop beside stories started
 *    at a steady BENCH_PACED_PER_S webhooks/s (default half of 1's rate) for BENCH_PACED_SECONDS, each
 *    call's webhooks in order; those calls' rows are checked the same way. voice_latency_db_locked: the
 *    same loop (no other load) while another connection holds LOCK TABLES users, calls, clients, client_phones, call_legs
 *    WRITE for BENCH_LOCK_SECONDS: everything the call log, the screen pops, the agents' states and the
 *    available-operators refresh touch waits; TwiML must not.
 * 3. floors: twilio.validateRequest on one of the story's forms (µs per form, one core), and the HTTP round
 *    trip of a signed-shaped urlencoded post to a no-op express route (urlencoded parser, 204), both
 *    sequential (latency) and at BENCH_CONCURRENCY (posts/s), so the figures above read as ratios.
 *
 * Client and server share this process (and the machine's cores with MariaDB): the client's CPU (node:http
 * with keep-alive sockets) is in every figure, the same way in the floors. BENCH_CPU_PROFILE=file writes a
 * CPU profile of 1's posting.
 */
import { writeFileSync } from 'node:fs';
import { Agent, createServer, request, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { performance as nodePerformance } from 'node:perf_hooks';
import express from 'express';
import twilio from 'twilio';
import { openDatabase } from '../server/db/data-source';
import { createHttpApp } from '../server/http/app';
import { createLogger } from '../server/logging/logger';
import { createClientSchema } from '../server/modules/clients/clients.schemas';
import { createServices } from '../server/services';
import { TwilioConnector } from '../telephony/twilio/twilio-connector';
import { ACCOUNT_SID, AUTH_TOKEN, HOTLINE, PUBLIC_URL, TwilioStory, callSid } from '../tests/helpers/twilio-harness';
import { ThrowawayDatabase, connect, dbUrl } from './lib/bench-db';
import { emit, info, round, summarize } from './lib/stats';

const CALLS = Number(process.env.BENCH_CALLS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const VOICE_RATE = Number(process.env.BENCH_VOICE_RATE ?? 50);
const OPERATORS = Number(process.env.BENCH_OPERATORS ?? 8);
/** Operators who take none of the stories (extensions 301…): they stay available, so every voice webhook dials. */
const IDLE_OPERATORS = Number(process.env.BENCH_IDLE_OPERATORS ?? 4);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 300);
const LOCK_SECONDS = Number(process.env.BENCH_LOCK_SECONDS ?? 5);
const END_GRACE_MS = Number(process.env.BENCH_END_GRACE_MS ?? 1500);
const FLOOR_N = Number(process.env.BENCH_FLOOR_N ?? 20_000);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 10);

type Signed = { path: string; body: string; signature: string };
const sign = (path: string, form: Record<string, string>): Signed => ({ path, body: new URLSearchParams(form).toString(), signature: twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${PUBLIC_URL}${path}`, form) });
const phoneOf = (i: number) => `+7916${String(2_000_000 + i).padStart(7, '0')}`;
const extOf = (i: number) => String(201 + (i % OPERATORS));

/** The integration test's answered story: the first extension answers after 7 s, the second also rang; 60 s of talk. */
function answeredStory(i: number): { sid: string; answeredBy: string; steps: Signed[] } {
  const s = new TwilioStory(callSid(), phoneOf(i % CLIENTS), Date.now() - 120_000);
  const [x, y] = [extOf(i), extOf(i + 1)];
  const a = callSid();
  const b = callSid();
  const leg = (ext: string) => `/telephony/twilio/status?leg=operator&ext=${ext}`;
  return {
    sid: s.sid,
    answeredBy: x,
    steps: [
      sign('/telephony/twilio/voice', s.voice()),
      sign(leg(x), s.leg(a, `client:ext-${x}`, 'initiated', 1)),
      sign(leg(x), s.leg(a, `client:ext-${x}`, 'ringing', 2)),
      sign(leg(y), s.leg(b, `client:ext-${y}`, 'ringing', 2)),
      sign(leg(x), s.leg(a, `client:ext-${x}`, 'in-progress', 7)),
      sign(leg(y), s.leg(b, `client:ext-${y}`, 'canceled', 7)),
      sign(leg(x), s.leg(a, `client:ext-${x}`, 'completed', 67, 60)),
      sign('/telephony/twilio/dial-action', s.dialAction('completed', 67, a, 60)),
      sign('/telephony/twilio/status', s.call('completed', 67, 67)),
    ],
  };
}

/**
 * A post as Twilio makes it (form, signature; no Accept-Encoding), through node:http with keep-alive
 * sockets: fetch (undici) cost this process about as much CPU per post as the server's whole handling.
 */
const agent = new Agent({ keepAlive: true, maxSockets: 512, timeout: 4000 }); // idle sockets closed before the server's 5 s keep-alive timeout
function post(base: string, { path, body, signature }: Signed): Promise<{ status: number; text: string; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-twilio-signature': signature } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, reused: req.reusedSocket }));
      res.on('error', reject);
    });
    // A kept-alive socket the server closed just then: sent again on a new one (Node's documented pattern; Twilio retries too).
    req.on('error', (err: NodeJS.ErrnoException) => (req.reusedSocket && err.code === 'ECONNRESET' ? post(base, { path, body, signature }).then(resolve, reject) : reject(err)));
    req.end(body);
  });
}

/** BENCH_CPU_PROFILE=file.cpuprofile: a CPU profile of this process during the stories' posting (open it in Chrome's DevTools). */
const PROFILE = process.env.BENCH_CPU_PROFILE;
const profiler = PROFILE ? new Session() : undefined;

const eventLoopUtilization = nodePerformance.eventLoopUtilization.bind(nodePerformance);
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

/** Starts `fn` `rate` times a second until `until()` says stop (open loop: a slow answer does not delay the next). */
async function openLoop(rate: number, until: () => boolean, fn: () => Promise<number>): Promise<Float64Array> {
  const results: Promise<number>[] = [];
  const start = performance.now();
  for (let i = 0; !until(); i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    results.push(fn());
  }
  return Float64Array.from(await Promise.all(results));
}

const db = await ThrowawayDatabase.create('crm_bench_twilio');
let failed = false;
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name } as never);
  const logger = createLogger('silent');
  let services: ReturnType<typeof createServices>;
  const connector = new TwilioConnector({
    accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, publicUrl: PUBLIC_URL, apiUrl: 'http://127.0.0.1:9', callerId: HOTLINE, dialMode: 'simultaneous', ringSeconds: 20,
    greeting: 'Здравствуйте! Соединяем с оператором.', language: 'ru-RU', record: true, nobody: 'message', nobodyMessage: 'Все операторы заняты.', sipDomain: undefined,
    available: () => services.availableOperators.current(), endGraceMs: END_GRACE_MS,
  });
  services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 3600_000, wrapUpMs: 300 }, logger, pbx: connector, twilio: connector, pbxMode: 'twilio' });
  /** When the tracker told the last `ended` (performance.now()): the rows' lag is the tracker's grace, then the call log's write. */
  let lastEndedAt = 0;
  connector.start((e) => {
    if (e.type === 'ended') lastEndedAt = performance.now();
    services.callLog.handle(e);
  });
  await services.floor.start();
  await services.callbacks.start(3_600_000);
  const app = createHttpApp({ services, logger, cookieSecure: false });
  /** The server's own time for each voice webhook: the request's headers read → its answer written (no queue before it). */
  const voiceServerMs: number[] = [];
  const server: Server = createServer((req, res) => {
    if (req.url === '/telephony/twilio/voice') {
      const t = process.hrtime.bigint();
      res.on('finish', () => voiceServerMs.push(ms(t)));
    }
    app(req, res);
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  info(`seeding ${OPERATORS} + ${IDLE_OPERATORS} operators and ${CLIENTS} clients`);
  const manager = await services.users.create(null, { login: 'bench_manager', password: 'bench password 1', name: 'Bench', role: 'manager' });
  const operatorIds = new Map<string, number>();
  for (let k = 0; k < OPERATORS; k++) {
    const ext = String(201 + k);
    const u = await services.users.create(null, { login: `bench_op${ext}`, password: 'bench password 1', name: `Оператор ${ext}`, role: 'operator', extension: ext });
    operatorIds.set(ext, u.id);
  }
  for (let k = 0; k < IDLE_OPERATORS; k++) {
    const ext = String(301 + k);
    await services.users.create(null, { login: `bench_op${ext}`, password: 'bench password 1', name: `Оператор ${ext}`, role: 'operator', extension: ext });
  }
  await ds.query("UPDATE users SET state = 'available', state_since = NOW(3) WHERE extension IS NOT NULL");
  for (let i = 0; i < CLIENTS; i++) {
    await services.clients.create({ userId: manager.id, role: 'manager', ip: null }, createClientSchema.parse({ name: `Клиент ${i}`, phones: [phoneOf(i)] }));
  }
  services.availableOperators.start();
  await services.availableOperators.refresh();
  if (services.availableOperators.current().length !== OPERATORS + IDLE_OPERATORS) throw new Error(`available: ${services.availableOperators.current().join(',')}`);

  // Warm-up: a few calls through every route (JIT, pools), not measured, not checked.
  info('warming up');
  voiceServerMs.length = 0;
  for (const story of Array.from({ length: 40 }, (_, i) => answeredStory(i))) for (const step of story.steps) await post(base, step);

  // ---- 1 and 2: the stories at BENCH_CONCURRENCY, and the voice loop beside them ----
  info(`signing ${CALLS} stories`);
  const stories = Array.from({ length: CALLS }, (_, i) => answeredStory(i));
  const statuses: Record<number, number> = {};
  let next = 0;
  let posted = 0;
  const worker = async () => {
    for (let i = next++; i < stories.length; i = next++) {
      for (const step of stories[i]!.steps) {
        const res = await post(base, step);
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status !== 200 && res.status !== 204) throw new Error(`${step.path}: ${res.status} ${res.text}`);
        posted++;
      }
    }
  };
  const voiceSids: string[] = [];
  let voiceNew = 0;
  const voice = async (): Promise<number> => {
    const s = new TwilioStory(callSid(), phoneOf(voiceSids.length % CLIENTS), Date.now());
    voiceSids.push(s.sid);
    const step = sign('/telephony/twilio/voice', s.voice());
    const t0 = process.hrtime.bigint();
    const res = await post(base, step);
    const took = ms(t0);
    if (!res.reused) voiceNew++;
    if (res.status !== 200 || !res.text.includes('<Dial')) throw new Error(`voice: ${res.status} ${res.text.slice(0, 200)}`);
    return took;
  };

  /**
   * Waits until every story's call has its finished row (seconds from t0 when they all do), then checks
   * each: exactly one row, ended, answered by the first extension rung, wait 7 and talk 60. Throws otherwise.
   */
  const checkRows = async (list: ReturnType<typeof answeredStory>[], since: number): Promise<number> => {
    const sids = list.map((s) => s.sid);
    const inList = (chunk: string[]) => chunk.map(() => '?').join(',');
    const countFinished = async () => {
      let n = 0;
      for (let k = 0; k < sids.length; k += 1000) {
        const chunk = sids.slice(k, k + 1000);
        const [r] = await ds.query(`SELECT COUNT(*) AS n FROM calls WHERE pbx = 'twilio' AND ended_at IS NOT NULL AND pbx_call_id IN (${inList(chunk)})`, chunk);
        n += Number(r.n);
      }
      return n;
    };
    const deadline = performance.now() + 120_000;
    let finished = 0;
    while ((finished = await countFinished()) < sids.length && performance.now() < deadline) await sleep(20);
    const lastRowS = (performance.now() - since) / 1000;
    if (finished < sids.length) throw new Error(`only ${finished} of ${sids.length} calls have a finished row after 120 s`);
    const bad: string[] = [];
    const bySid = new Map(list.map((s) => [s.sid, s]));
    for (let k = 0; k < sids.length; k += 1000) {
      const chunk = sids.slice(k, k + 1000);
      const rows: { pbx_call_id: string; n: number; outcome: string; operator_id: number; wait_seconds: number; talk_seconds: number; ended: number }[] = await ds.query(
        `SELECT pbx_call_id, COUNT(*) AS n, MAX(outcome) AS outcome, MAX(operator_id) AS operator_id, MAX(wait_seconds) AS wait_seconds, MAX(talk_seconds) AS talk_seconds, SUM(ended_at IS NOT NULL) AS ended
           FROM calls WHERE pbx = 'twilio' AND pbx_call_id IN (${inList(chunk)}) GROUP BY pbx_call_id`,
        chunk,
      );
      if (rows.length !== chunk.length) bad.push(`${chunk.length - rows.length} calls of a chunk have no row`);
      for (const r of rows) {
        const want = bySid.get(r.pbx_call_id)!;
        const got = { n: Number(r.n), ended: Number(r.ended), outcome: r.outcome, operator: Number(r.operator_id), wait: Number(r.wait_seconds), talk: Number(r.talk_seconds) };
        const expect = { n: 1, ended: 1, outcome: 'answered', operator: operatorIds.get(want.answeredBy), wait: 7, talk: 60 };
        if (JSON.stringify(got) !== JSON.stringify(expect)) bad.push(`${r.pbx_call_id}: ${JSON.stringify(got)} ≠ ${JSON.stringify(expect)}`);
      }
    }
    if (bad.length > 0) throw new Error(`${bad.length} calls wrong, e.g. ${bad.slice(0, 5).join('; ')}`);
    return lastRowS;
  };

  info(`${CALLS} calls × 9 webhooks, ${CONCURRENCY} calls at a time; voice webhooks at ${VOICE_RATE}/s beside them`);
  let loadDone = false;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  connections = 0;
  voiceNew = 0;
  const elu0 = eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const voiceLoop = openLoop(VOICE_RATE, () => loadDone, voice);
  voiceLoop.catch(() => (loadDone = true)); // a failed voice webhook ends the posting too; its error is thrown below
  await Promise.all(Array.from({ length: CONCURRENCY }, worker)).finally(() => (loadDone = true));
  const postedS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const elu = eventLoopUtilization(elu0);
  if (profiler && PROFILE) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(PROFILE, JSON.stringify(profile));
    profiler.disconnect();
    info(`CPU profile of the posting written to ${PROFILE}`);
  }
  const underLoad = summarize(await voiceLoop);
  const underLoadServer = summarize(Float64Array.from(voiceServerMs.splice(0)));
  const lastRowS = await checkRows(stories, t0);
  info(`all ${CALLS} calls have their one finished, answered row`);

  const webhooks = CALLS * 9;
  const meta = { calls: CALLS, concurrency: CONCURRENCY, operators: OPERATORS, idle_operators: IDLE_OPERATORS, clients: CLIENTS, end_grace_ms: END_GRACE_MS, db: 'mariadb' };
  emit({
    bench: 'twilio', figure: 'signed_callbacks', webhooks, callbacks_per_s: round(webhooks / postedS, 1), calls_per_s: round(CALLS / postedS, 1), posting_s: round(postedS, 2), last_row_s: round(lastRowS, 2),
    last_row_after_last_post_s: round(lastRowS - postedS, 2), last_ended_event_after_last_post_s: round((lastEndedAt - t0) / 1000 - postedS, 2), answers: statuses, connections_opened: connections, event_loop_utilization: round(elu.utilization, 3), process_cpu_us_per_webhook: round(((cpu.user + cpu.system) / (webhooks + underLoad.n)), 1), aim_per_s: 1000, ...meta,
  });
  emit({ bench: 'twilio', figure: 'voice_latency_under_load', ...underLoad, server_side: underLoadServer, on_new_connections: voiceNew, rate_per_s: VOICE_RATE, aim_p99_ms: 20, ...meta });

  // ---- 2, paced: the stories at a steady BENCH_PACED_PER_S webhooks/s (default half the saturated rate), the voice loop beside them ----
  const pacedPerS = Number(process.env.BENCH_PACED_PER_S ?? Math.max(90, Math.round(webhooks / postedS / 2)));
  const pacedCalls = Math.max(1, Math.round((pacedPerS / 9) * PACED_SECONDS));
  const pacedStories = Array.from({ length: pacedCalls }, (_, i) => answeredStory(CALLS + i));
  await sleep(END_GRACE_MS + 500);
  info(`paced: ${pacedPerS} webhooks/s (${round(pacedPerS / 9, 1)} calls/s, each call's 9 in order) for ${PACED_SECONDS} s; voice webhooks at ${VOICE_RATE}/s beside them`);
  let pacedDone = false;
  voiceNew = 0;
  voiceServerMs.length = 0;
  const p0 = performance.now();
  const pacedVoice = openLoop(VOICE_RATE, () => pacedDone, voice);
  pacedVoice.catch(() => (pacedDone = true));
  let started = 0;
  const pacedCallbacks = openLoop(pacedPerS / 9, () => started >= pacedCalls || pacedDone, async () => {
    const story = pacedStories[started++]!;
    for (const step of story.steps) {
      const res = await post(base, step);
      if (res.status !== 200 && res.status !== 204) throw new Error(`${step.path}: ${res.status} ${res.text}`);
    }
    return 0;
  }).finally(() => (pacedDone = true));
  await pacedCallbacks;
  const pacedS = (performance.now() - p0) / 1000;
  const paced = summarize(await pacedVoice);
  const pacedServer = summarize(Float64Array.from(voiceServerMs.splice(0)));
  const pacedLastRowS = await checkRows(pacedStories, p0);
  emit({ bench: 'twilio', figure: 'voice_latency_paced_callbacks', ...paced, server_side: pacedServer, on_new_connections: voiceNew, rate_per_s: VOICE_RATE, callbacks_per_s: round((pacedCalls * 9) / pacedS, 1), paced_calls: pacedCalls, last_row_s: round(pacedLastRowS, 2), aim_p99_ms: 20, ...meta });

  // ---- 2b: the database held up: LOCK TABLES on another connection, voice webhooks at the same rate ----
  await sleep(END_GRACE_MS + 500); // the voice loop's calls and the stories' last events settle
  const locker = await connect(db.name);
  info(`voice webhooks at ${VOICE_RATE}/s while users, calls, clients, client_phones, call_legs are locked for ${LOCK_SECONDS} s`);
  await locker.query('LOCK TABLES users WRITE, calls WRITE, clients WRITE, client_phones WRITE, call_legs WRITE');
  const lockedAt = performance.now();
  voiceServerMs.length = 0;
  const probe = ds.query('SELECT COUNT(*) AS n FROM users').then(() => performance.now() - lockedAt);
  const locked = summarize(await openLoop(VOICE_RATE, () => performance.now() - lockedAt > LOCK_SECONDS * 1000 - 500, voice));
  await locker.query('UNLOCK TABLES');
  const probeMs = await probe;
  await locker.end();
  if (probeMs < (LOCK_SECONDS - 0.6) * 1000) throw new Error(`the lock did not hold: a read of users took ${round(probeMs)} ms`);
  emit({ bench: 'twilio', figure: 'voice_latency_db_locked', ...locked, server_side: summarize(Float64Array.from(voiceServerMs.splice(0))), rate_per_s: VOICE_RATE, lock_s: LOCK_SECONDS, users_read_waited_ms: round(probeMs), aim_p99_ms: 20, db: 'mariadb' });

  // Close the voice loops' calls (unmeasured): the tracker and the call log let them go.
  for (const sid of voiceSids) await post(base, sign('/telephony/twilio/status', new TwilioStory(sid, phoneOf(0), Date.now() - 10_000).call('completed', 5, 5)));

  // ---- 3: floors ----
  const form = stories[0]!.steps[4]!;
  const params = Object.fromEntries(new URLSearchParams(form.body));
  const url = `${PUBLIC_URL}${form.path}`;
  for (let i = 0; i < 2000; i++) twilio.validateRequest(AUTH_TOKEN, form.signature, url, params);
  const v0 = process.hrtime.bigint();
  for (let i = 0; i < FLOOR_N; i++) if (!twilio.validateRequest(AUTH_TOKEN, form.signature, url, params)) throw new Error('floor: signature not valid');
  const validateUs = Number(process.hrtime.bigint() - v0) / 1e3 / FLOOR_N;

  const noop = express();
  noop.post('/noop', express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 300 }), (_req, res) => void res.status(204).end());
  const noopServer = createServer(noop);
  await new Promise<void>((resolve) => noopServer.listen(0, '127.0.0.1', resolve));
  const noopBase = `http://127.0.0.1:${(noopServer.address() as AddressInfo).port}`;
  const noopStep = { ...form, path: '/noop' };
  for (let i = 0; i < 500; i++) await post(noopBase, noopStep);
  const seq = new Float64Array(2000);
  for (let i = 0; i < seq.length; i++) {
    const t = process.hrtime.bigint();
    await post(noopBase, noopStep);
    seq[i] = ms(t);
  }
  const rtt = summarize(seq);
  let left = webhooks;
  const n0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (left-- > 0) await post(noopBase, noopStep);
  }));
  const noopPerS = webhooks / ((performance.now() - n0) / 1000);
  noopServer.closeAllConnections();
  noopServer.close();

  // The same signed status callback to the real app, sequentially (one call's leg, already applied: validated, parsed, a no-op in the tracker).
  const seqReal = new Float64Array(2000);
  for (let i = 0; i < seqReal.length; i++) {
    const t = process.hrtime.bigint();
    const res = await post(base, form);
    if (res.status !== 204) throw new Error(`status: ${res.status}`);
    seqReal[i] = ms(t);
  }
  const real = summarize(seqReal);
  const callbacksPerS = webhooks / postedS;
  emit({ bench: 'twilio', figure: 'floor_validate_request', us_per_form: round(validateUs, 2), per_s_one_core: Math.round(1e6 / validateUs), fields: Object.keys(params).length });
  emit({ bench: 'twilio', figure: 'floor_noop_http', ...rtt, posts_per_s_at_concurrency: round(noopPerS, 1), concurrency: CONCURRENCY });
  emit({ bench: 'twilio', figure: 'status_callback_sequential', ...real, ratio_p50_to_noop: round(real.p50_ms / rtt.p50_ms, 2) });
  emit({ bench: 'twilio', figure: 'ratios', callbacks_vs_noop_throughput: round(callbacksPerS / noopPerS, 3), voice_p99_vs_noop_p99: round(underLoad.p99_ms / rtt.p99_ms, 2) });

  services.availableOperators.stop();
  services.abc.stop();
  services.agents.stop();
  services.presence.stop();
  services.kpis.stop();
  await services.jobs.close();
  await connector.stop();
  services.callLog.stop();
  server.closeAllConnections();
  server.close();
  await ds.destroy();
} catch (err) {
  failed = true;
  info(`failed: ${(err as Error).stack ?? err}`);
} finally {
  await db.drop();
}
process.exit(failed ? 1 : 0);
