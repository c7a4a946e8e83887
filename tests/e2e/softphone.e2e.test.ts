/**
 * The browser softphone in a real Chromium against the real server. There is no Twilio here (no
 * internet), so what is checked is what an install can see without it: with Twilio's softphone settings
 * the console shows the softphone, fetches the operator's token, loads the SDK (its own file, only then)
 * and says plainly that Twilio cannot be reached instead of spinning; the microphone is asked for ahead
 * of a call, and a refused one is explained; without the settings there is no softphone and no SDK.
 * Then the real SDK against a stand-in for Twilio's signalling WebSocket (Playwright's routeWebSocket,
 * speaking the few messages of the SDK's protocol: listen → connected, register → ready, invite, answer,
 * hangup, cancel) with a real WebRTC offer from another page: registration, the token renewed before it
 * expires, a ringing call with the caller's number, Answer, Mute/Unmute, a call that goes on while the
 * operator opens another page (hung up from the bar there), Reject, and a call the caller gave up on. What it cannot show is Twilio itself: its media servers, its routing.
 *
 * Run: flock /tmp/client-build.lock sh -c 'npm run --silent build >/dev/null && node --import tsx --test tests/e2e/softphone.e2e.test.ts'
 * Screenshots (Russian, 1366×768 and 390×844) go to tests/artifacts/softphone-*.png. Nothing here
 * measures time: the limits only stop a hung run.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { ARTIFACTS, CHROMIUM, eventually, launchChromium, sideways, signIn, startDemoServer, type DemoServer } from '../helpers/e2e';

const SOFTPHONE_ENV = {
  PUBLIC_URL: 'https://crm.example.test',
  TWILIO_ACCOUNT_SID: `AC${'a1'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'e2e-auth-token-0123456789',
  TWILIO_API_KEY_SID: `SK${'b2'.repeat(16)}`,
  TWILIO_API_KEY_SECRET: 'e2e-api-key-secret-0123456789',
  TWILIO_TWIML_APP_SID: `AP${'c3'.repeat(16)}`,
  DEMO_DATA: '1',
};
const SOFTPHONE_VARS = ['TWILIO_API_KEY_SID', 'TWILIO_API_KEY_SECRET', 'TWILIO_TWIML_APP_SID'];

let twilio: DemoServer;
let plain: DemoServer;
/** Fake microphone, and the permission prompt answered "allow" (the flags Twilio's own tests use). */
let browser: Browser;
/** Every permission prompt answered "block". */
let blocking: Browser;

const launch = (args: string[]) => chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--use-fake-device-for-media-stream', ...args] });
const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `softphone-${name}.png`), fullPage: true });

async function consoleAs(b: Browser, server: DemoServer, login: string, width = 1366, height = 768): Promise<{ context: BrowserContext; page: Page; requests: string[] }> {
  const context = await b.newContext({ locale: 'ru-RU', viewport: { width, height } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await signIn(page, server.baseUrl, '/console', login);
  await page.getByTestId('console-idle').waitFor();
  return { context, page, requests };
}

before(async () => {
  [twilio, plain] = await Promise.all([startDemoServer('softphone', SOFTPHONE_ENV), startDemoServer('softphone-off', {}, { unset: SOFTPHONE_VARS })]);
  await launchChromium().then((b) => b.close()); // makes the artifacts folder, checks Chromium is there
  browser = await launch(['--use-fake-ui-for-media-stream']);
  blocking = await launch(['--deny-permission-prompts']);
});

after(async () => {
  await browser?.close();
  await blocking?.close();
  await twilio?.stop();
  await plain?.stop();
});

test("the console shows the softphone, gets the operator's token and says Twilio cannot be reached", async () => {
  const { context, page, requests } = await consoleAs(browser, twilio, 'operator1');
  const panel = page.getByTestId('softphone');
  await panel.waitFor();
  assert.match(await panel.innerText(), /Софтфон/);
  // The token was fetched for this operator (extension 101), and the SDK's own file loaded after it.
  const token = await eventually(async () => {
    const res = await page.evaluate(() => fetch('/api/softphone/token').then(async (r) => ({ status: r.status, body: await r.json() })));
    assert.equal(res.status, 200);
    return res.body as { identity: string; token: string; expiresAt: string };
  });
  assert.equal(token.identity, 'ext-101');
  assert.ok(requests.some((u) => u.endsWith('/api/softphone/token')), 'the softphone asked for its token');
  await eventually(() => assert.ok(requests.some((u) => /\/assets\/softphone-[\w-]+\.js$/.test(u)), 'the SDK chunk loaded'));
  // No route to Twilio's servers from here: a clear state, not an endless "connecting".
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  const problem = page.getByTestId('softphone-problem');
  assert.equal(await problem.getAttribute('data-problem'), 'unreachable');
  assert.match(await problem.innerText(), /Нет связи с Twilio/);
  assert.match(await panel.innerText(), /Повторить/);
  await shot(page, 'unreachable-1366');
  // "Try again" starts over (a new token, a new device) and ends in the same honest state.
  const before = requests.filter((u) => u.endsWith('/api/softphone/token')).length;
  await panel.getByRole('button', { name: 'Повторить' }).click();
  await eventually(() => assert.ok(requests.filter((u) => u.endsWith('/api/softphone/token')).length > before));
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  await context.close();
});

test('on a phone-sized screen the softphone fits', async () => {
  const { context, page } = await consoleAs(browser, twilio, 'operator2', 390, 844);
  const panel = page.getByTestId('softphone');
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  const wide = await sideways(page);
  assert.equal(wide.scrollWidth - wide.innerWidth, 0, `scrolls sideways: ${wide.culprits.join(', ')}`);
  await shot(page, 'unreachable-390');
  await context.close();
});

test('the microphone is asked for ahead of a call; a blocked one is explained', async () => {
  // Already allowed (the fake prompt says yes): nothing to nag about.
  const allowed = await consoleAs(browser, twilio, 'operator3');
  const panel = allowed.page.getByTestId('softphone');
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'unreachable'), 60_000);
  assert.equal(await allowed.page.getByRole('button', { name: 'Разрешить микрофон сейчас' }).count(), 0);
  assert.equal(await allowed.page.getByTestId('softphone-mic').count(), 0);
  await allowed.context.close();
  // Not asked yet, and the operator allows it in the browser: the hint goes by itself.
  const later = await consoleAs(blocking, twilio, 'operator4');
  const ask = later.page.getByRole('button', { name: 'Разрешить микрофон сейчас' });
  await ask.waitFor();
  assert.match(await later.page.getByTestId('softphone').innerText(), /Браузер спросит разрешение на микрофон/);
  await later.context.grantPermissions(['microphone'], { origin: twilio.baseUrl });
  await eventually(async () => assert.equal(await ask.count(), 0));
  await later.context.close();
  // Asked and refused: the operator is told where to allow it.
  const blocked = await consoleAs(blocking, twilio, 'operator5');
  await blocked.page.getByRole('button', { name: 'Разрешить микрофон сейчас' }).click();
  const mic = blocked.page.getByTestId('softphone-mic');
  await mic.waitFor();
  assert.equal(await mic.getAttribute('data-problem'), 'denied');
  assert.match(await mic.innerText(), /Микрофон для этого сайта заблокирован/);
  await shot(blocked.page, 'mic-blocked-1366');
  await blocked.context.close();
});

test('without the softphone settings there is no softphone and no SDK download', async () => {
  const { context, page, requests } = await consoleAs(browser, plain, 'operator1');
  const status = await page.evaluate(() => fetch('/api/softphone').then((r) => r.json()));
  assert.deepEqual(status, { enabled: false });
  await eventually(() => assert.ok(requests.some((u) => u.endsWith('/api/softphone'))));
  assert.equal(await page.getByTestId('softphone').count(), 0);
  assert.ok(!requests.some((u) => u.includes('/assets/softphone-') || u.endsWith('/api/softphone/token')), 'nothing of the softphone loaded');
  await context.close();
});

/** Twilio's signalling as the SDK sees it, played by the test: what the SDK sent, and a way to talk back. */
type FakeTwilio = { sent: { type: string; payload: any }[]; sockets: number; send(type: string, payload: unknown): void; connected: Promise<void> };

async function fakeTwilio(context: BrowserContext, tokenTtlSeconds: number): Promise<FakeTwilio> {
  const sent: FakeTwilio['sent'] = [];
  let socket: WebSocketRoute | null = null;
  let connected!: () => void;
  const fake: FakeTwilio = { sent, sockets: 0, send: (type, payload) => socket?.send(JSON.stringify({ type, version: '', payload })), connected: new Promise((r) => (connected = r)) };
  // The SDK's reports to Twilio's event gateway: accepted and dropped.
  await context.route(/^https:\/\/[^/]*twilio\.com\//, (route) => route.fulfill({ status: 204 }));
  await context.routeWebSocket(/^wss:\/\/[^/]*twilio\.com\//, (ws) => {
    socket = ws;
    fake.sockets++;
    // Twilio's heartbeat: without a message for 15 s the SDK drops the socket and connects again.
    const heartbeat = setInterval(() => ws.send('\n'), 5000);
    ws.onClose(() => clearInterval(heartbeat));
    ws.onMessage((raw) => {
      if (String(raw) === '\n') return; // the SDK's heartbeat echo
      const msg = JSON.parse(String(raw)) as { type: string; payload: any };
      sent.push(msg);
      if (msg.type === 'listen') {
        const first = sent.filter((m) => m.type === 'listen').length === 1;
        // The first answer names the token's lifetime: the SDK schedules 'tokenWillExpire' from it.
        fake.send('connected', { region: 'gll', home: 'gll', ...(first && { token: { identity: 'ext-106', ttl: tokenTtlSeconds } }) });
        connected();
      }
      if (msg.type === 'register') fake.send('ready', {});
    });
  });
  return fake;
}

/** A real WebRTC offer (fake microphone) from another page, as Twilio's media server would send one. */
async function offerFrom(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const pc = new RTCPeerConnection();
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    pc.addTrack(stream.getAudioTracks()[0]!, stream);
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
      setTimeout(resolve, 3000);
    });
    (window as unknown as { offerer: RTCPeerConnection }).offerer = pc;
    return pc.localDescription!.sdp;
  });
}

const CALLER = '+79161234567';
let callSeq = 0;
const invite = (fake: FakeTwilio, sdp: string) => {
  const callsid = `CA${String(++callSeq).padStart(32, '0')}`;
  fake.send('invite', { callsid, sdp, parameters: { CallSid: callsid, From: CALLER, To: 'client:ext-106', AccountSid: SOFTPHONE_ENV.TWILIO_ACCOUNT_SID } });
  return callsid;
};

test('with Twilio answering (a stand-in): ready, token renewed, a call answered, muted, hung up; one rejected; one the caller gave up on', async () => {
  const context = await browser.newContext({ locale: 'ru-RU', viewport: { width: 1366, height: 768 } });
  const fake = await fakeTwilio(context, 61); // renewed a minute before: about a second after registering
  const page = await context.newPage();
  const tokens: string[] = [];
  page.on('request', (r) => r.url().endsWith('/api/softphone/token') && tokens.push(r.url()));
  await signIn(page, twilio.baseUrl, '/console', 'operator6');
  const panel = page.getByTestId('softphone');
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'ready'), 30_000);
  assert.match(await panel.innerText(), /Готов/);
  assert.match(await panel.innerText(), /Звонки на номер 106 звонят в этом браузере/);
  const listen = fake.sent.find((m) => m.type === 'listen')!;
  assert.equal(JSON.parse(Buffer.from(String(listen.payload.token).split('.')[1]!, 'base64url').toString()).grants.identity, 'ext-106');
  // 'tokenWillExpire': a second token from the server, handed to Twilio with a new 'listen'.
  await eventually(() => assert.ok(tokens.length >= 2 && fake.sent.filter((m) => m.type === 'listen').length >= 2, 'token renewed'), 30_000);
  await shot(page, 'ready-1366');

  const media = await context.newPage();
  await media.goto(`${twilio.baseUrl}/api/meta`); // any page of a secure origin: the "media server" end
  // 1. Rings, answered, muted and unmuted, hung up.
  const first = invite(fake, await offerFrom(media));
  const call = page.getByTestId('softphone-call');
  await eventually(async () => assert.equal(await call.getAttribute('data-phase'), 'incoming'), 30_000);
  assert.match(await call.innerText(), /Входящий звонок: \+7 916 123 45 67/);
  await shot(page, 'incoming-1366');
  await page.setViewportSize({ width: 390, height: 844 });
  const wide = await sideways(page);
  assert.equal(wide.scrollWidth - wide.innerWidth, 0, `scrolls sideways: ${wide.culprits.join(', ')}`);
  await shot(page, 'incoming-390');
  await page.setViewportSize({ width: 1366, height: 768 });
  await call.getByRole('button', { name: 'Ответить' }).click();
  const answer = await eventually(() => {
    const a = fake.sent.find((m) => m.type === 'answer' && m.payload.callsid === first);
    assert.ok(a, 'the SDK answered over signalling');
    return a;
  }, 30_000);
  await media.evaluate((sdp) => (window as unknown as { offerer: RTCPeerConnection }).offerer.setRemoteDescription({ type: 'answer', sdp }), answer.payload.sdp as string);
  await eventually(async () => assert.equal(await call.getAttribute('data-phase'), 'talking'), 30_000);
  assert.match(await call.innerText(), /Разговор: \+7 916 123 45 67/);
  assert.equal(await call.getByTestId('call-timer').count(), 1);
  const mute = call.getByRole('button', { name: 'Выключить микрофон' });
  await mute.click();
  const unmute = call.getByRole('button', { name: 'Включить микрофон' });
  await unmute.waitFor();
  assert.equal(await unmute.getAttribute('aria-pressed'), 'true');
  assert.match(await call.innerText(), /Микрофон выключен/);
  await shot(page, 'talking-muted-1366');
  await unmute.click();
  await mute.waitFor();
  // Another page (the clients list, as from the pop's card link): the call goes on, with its bar there.
  await page.getByRole('link', { name: 'Клиенты' }).click();
  const bar = page.getByTestId('softphone-bar');
  await bar.waitFor();
  assert.equal(await bar.getByTestId('softphone-call').getAttribute('data-phase'), 'talking');
  assert.ok(!fake.sent.some((m) => m.type === 'hangup'), 'the call was not dropped by leaving the console');
  await shot(page, 'talking-other-page-1366');
  await bar.getByRole('button', { name: 'Положить трубку' }).click();
  await eventually(() => assert.ok(fake.sent.some((m) => m.type === 'hangup' && m.payload.callsid === first), `hung up over signalling: ${fake.sent.map((m) => m.type).join(' ')}`));
  await eventually(async () => assert.equal(await bar.count(), 0));
  await page.getByRole('link', { name: 'Пульт оператора' }).click();
  await eventually(async () => assert.equal(await panel.getAttribute('data-state'), 'ready'));
  // One device for the tab: leaving the console and coming back opened no second connection to Twilio.
  assert.equal(fake.sockets, 1);

  // 2. Rejected.
  const second = invite(fake, await offerFrom(media));
  await eventually(async () => assert.equal(await call.getAttribute('data-phase'), 'incoming'), 30_000);
  await call.getByRole('button', { name: 'Отклонить' }).click();
  await eventually(() => assert.ok(fake.sent.some((m) => m.type === 'reject' && m.payload.callsid === second), 'rejected over signalling'));
  await eventually(async () => assert.equal(await call.count(), 0));

  // 3. The caller hangs up (or a colleague answers) while it rings: the buttons go.
  const third = invite(fake, await offerFrom(media));
  await eventually(async () => assert.equal(await call.getAttribute('data-phase'), 'incoming'), 30_000);
  fake.send('cancel', { callsid: third });
  await eventually(async () => assert.equal(await call.count(), 0));
  assert.equal(await panel.getAttribute('data-state'), 'ready');
  await context.close();
});
