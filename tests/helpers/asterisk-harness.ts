import { ExtensionDirectory } from '../../server/modules/users/extension-directory';
import { In } from 'typeorm';
import { AsteriskConnector, type AsteriskConnectorOptions } from '../../telephony/asterisk/asterisk-connector';
import { AmiServer, afterLogin, loadFixture, replay, type AmiSession, type ReplayOptions } from '../../telephony/simulator';
import { CallEntity, CallLegEntity, UserEntity } from '../../server/db/entities';
import { CallLogService } from '../../server/modules/calls/call-log.service';
import { createLogger } from '../../server/logging/logger';
import type { Story } from './fixture-stories';
import { FIXTURES } from './fixture-stories';
import type { TestApp } from './test-app';

let runs = 0;

/** The real connector and the real call log, fed by the AMI simulator over TCP, writing to the test database. */
export async function startAsteriskHarness(app: TestApp, serverOpts: ConstructorParameters<typeof AmiServer>[0] = {}, connectorOpts: Partial<AsteriskConnectorOptions> = {}) {
  const pbx = `t${process.pid % 10000}-${++runs}`;
  const server = new AmiServer({ username: 'crm', secret: 'replay', ...serverOpts });
  const port = await server.listen(0);
  const log = new CallLogService(app.ds, app.services.clients, new ExtensionDirectory(app.ds), createLogger('silent'), { createLeads: true, region: 'RU', flushIntervalMs: 5, retryMs: 100, maxRetryMs: 500 });
  const connector = new AsteriskConnector({ url: `ami://crm:replay@127.0.0.1:${port}`, name: pbx, reconnect: { minDelayMs: 100, maxDelayMs: 1000 }, pingIntervalMs: 1000, actionTimeoutMs: 2000, ...connectorOpts });
  connector.onResync((live) => void log.closeStale(pbx, live));
  // The simulator knows nothing of replayed calls, so its CoreShowChannels answer must come before them.
  const resynced = new Promise<void>((resolve) => connector.onResync(() => resolve()));
  const firstLogin = server.nextLogin();
  connector.start((e) => log.handle(e));
  const session = await firstLogin;
  await resynced;

  const markers = new Set<string>();
  connector.client.on('event', (msg) => {
    if (msg.event === 'UserEvent' && typeof msg.userevent === 'string') markers.add(msg.userevent);
  });
  let marker = 0;
  /**
   * Waits until the connector has read everything sent so far (a marker event written after it has come
   * through: TCP keeps order) and every call is ended and written.
   */
  const settle = async (ms = 10_000) => {
    const end = Date.now() + ms;
    const name = `settled-${++marker}`;
    for (const s of server.sessionList()) s.write(`Event: UserEvent\r\nUserEvent: ${name}\r\n\r\n`);
    while (!markers.has(name) || connector.tracker.activeCalls > 0 || log.pending > 0) {
      if (Date.now() > end) throw new Error(`calls still open: tracker ${connector.tracker.activeCalls}, log ${log.pending}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await log.flush();
  };

  return {
    pbx,
    server,
    connector,
    log,
    session,
    replay: (fixture: string, opts: ReplayOptions = {}, to: AmiSession = session) => replay(to, afterLogin(loadFixture(`${FIXTURES}/${fixture}.jsonl`)), opts),
    settle,
    /** The rows this PBX produced, as Stories (for the call-truth assertions). */
    stories: () => storiesOf(app, pbx),
    stop: async () => {
      await connector.stop();
      log.stop();
      await server.close();
    },
  };
}

export async function storiesOf(app: TestApp, pbx: string): Promise<Story[]> {
  const rows = await app.ds.getRepository(CallEntity).find({ where: { pbx }, order: { startedAt: 'ASC' } });
  const legs = rows.length ? await app.ds.getRepository(CallLegEntity).find({ where: { pbx, pbxCallId: In(rows.map((r) => r.pbxCallId)) }, order: { legNo: 'ASC' } }) : [];
  const users = await app.ds.getRepository(UserEntity).find();
  const ext = new Map(users.map((u) => [u.id, u.extension]));
  return rows.map((r) => ({
    events: [],
    figures: {
      pbx: r.pbx,
      pbxCallId: r.pbxCallId,
      direction: r.direction,
      externalNumber: r.externalNumber,
      externalName: null,
      queue: r.queue,
      operatorExtension: r.operatorId === null ? null : (ext.get(r.operatorId) ?? null),
      startedAt: r.startedAt,
      answeredAt: r.answeredAt,
      endedAt: r.endedAt,
      ringSeconds: r.ringSeconds,
      waitSeconds: r.waitSeconds,
      talkSeconds: r.talkSeconds,
      outcome: r.outcome,
    },
    legs: legs
      .filter((l) => l.pbxCallId === r.pbxCallId)
      .map((l) => ({ legNo: l.legNo, extension: l.extension, ringStartedAt: l.ringStartedAt, answeredAt: l.answeredAt, endedAt: l.endedAt, ringSeconds: l.ringSeconds, talkSeconds: l.talkSeconds, outcome: l.outcome })),
  }));
}
