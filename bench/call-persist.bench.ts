/**
 * Persist: completed calls written per second to MariaDB through the call log (batched upserts of calls
 * and legs, clients matched by number, operators by extension). Issue aim: 5,000 calls/s.
 *
 *   bash bench/run.sh call-persist            # BENCH_CALLS=20000 by default
 *
 * Measured twice on fresh call ids: without and with the durable call spool (CALL_SPOOL_DIR: every event
 * appended and fsync'd in group commits before the database write); spool_ratio = with ÷ without.
 */
import { ExtensionDirectory } from '../server/modules/users/extension-directory';
import type { CallEvent } from '../telephony/call-event';
import { openDatabase } from '../server/db/data-source';
import { CallEntity, UserEntity } from '../server/db/entities';
import { createLogger } from '../server/logging/logger';
import { createServices } from '../server/services';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallLogService } from '../server/modules/calls/call-log.service';
import { CallSpool } from '../server/modules/calls/call-spool';
import { ThrowawayDatabase, dbUrl } from './lib/bench-db';
import { emit, info, round } from './lib/stats';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);

/** A finished inbound call: started, queued, ringing, answered, ended — 5 events, 3 rows' worth of facts. */
function callEvents(i: number, t0: number, tag = ''): CallEvent[] {
  const base = { pbx: 'bench', callId: `bench-${tag}${i}` };
  const at = (s: number) => new Date(t0 + i * 10 + s * 1000);
  const ext = String(101 + (i % 8));
  return [
    { ...base, at: at(0), type: 'started', direction: 'inbound', externalNumber: `+7916${String(3_000_000 + (i % 5000)).padStart(7, '0')}`, externalName: null, extension: null },
    { ...base, at: at(0.5), type: 'queued', queue: 'hotline' },
    { ...base, at: at(1), type: 'ringing', extension: ext },
    { ...base, at: at(3), type: 'answered', extension: ext },
    { ...base, at: at(60), type: 'ended', cause: 'answered' },
  ];
}

const db = await ThrowawayDatabase.create();
try {
  const ds = await openDatabase({ type: 'mysql', url: dbUrl(db.name), database: db.name });
  const logger = createLogger('silent');
  const services = createServices({ ds, config: { phoneRegion: 'RU', sessionTtlMs: 3600_000 }, logger });
  const now = new Date();
  await ds.getRepository(UserEntity).insert(
    Array.from({ length: 8 }, (_, i) => ({ login: `op${i}`, passwordHash: 'x', name: `Op ${i}`, role: 'operator' as const, extension: String(101 + i), teamId: null, state: 'offline' as const, stateSince: now, locale: null, active: true, createdAt: now, updatedAt: now })),
  );
  // Half of the callers are known clients, half become leads on their first call.
  for (let i = 0; i < 2500; i += 10) {
    await Promise.all(Array.from({ length: 10 }, (_, k) => services.clients.create({ userId: 1, role: 'manager', ip: null }, { name: `Client ${i + k}`, phones: [`+7916${String(3_000_000 + i + k).padStart(7, '0')}`], emails: [], tags: [], kind: 'person', stage: 'customer' })));
  }
  const t0 = Date.now() - 3600_000;
  const events = Array.from({ length: CALLS }, (_, i) => callEvents(i, t0));
  // The warmup calls every number once (its leads are created then), so both measured runs do the same work.
  const WARMUP = 5000;
  const spooledEvents = Array.from({ length: CALLS - WARMUP }, (_, i) => callEvents(i + WARMUP, t0, 's'));
  const spoolRoot = mkdtempSync(join(tmpdir(), 'bench-spool-'));
  const perSecond: Record<string, number> = {};

  for (const [label, batch, spooled] of [
    ['warmup', events.slice(0, WARMUP), false],
    ['measured', events.slice(WARMUP), false],
    ['measured', spooledEvents, true],
  ] as const) {
    const spool = spooled ? new CallSpool(spoolRoot, logger) : undefined;
    const log = new CallLogService(ds, services.clients, new ExtensionDirectory(ds), logger, { createLeads: process.env.BENCH_LEADS !== '0', region: 'RU', flushIntervalMs: 20, spool });
    await log.restore();
    const started = process.hrtime.bigint();
    // Calls end continuously: feed a call's events, let the writer batch on its own timer.
    for (let i = 0; i < batch.length; i++) {
      for (const e of batch[i]!) log.handle(e);
      if (i % 500 === 499) await new Promise((r) => setImmediate(r));
    }
    while (log.pending > 0) await new Promise((r) => setTimeout(r, 5));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    log.stop();
    if (spool) {
      info(`spool after the run: ${spool.size} bytes`);
      await log.closeSpool();
    }
    if (label === 'measured') {
      perSecond[spooled ? 'spool' : 'plain'] = batch.length / seconds;
      emit({ bench: 'call_persist', calls: batch.length, seconds: round(seconds, 2), calls_per_s: Math.round(batch.length / seconds), driver: 'mariadb', leads: process.env.BENCH_LEADS !== '0', spool: spooled });
    }
  }
  emit({ bench: 'call_persist_spool_ratio', spool_ratio: round(perSecond.spool! / perSecond.plain!, 3) });
  rmSync(spoolRoot, { recursive: true, force: true });
  const rows = await ds.getRepository(CallEntity).count();
  const expected = CALLS + spooledEvents.length;
  info(`rows written: ${rows} (expected ${expected})`);
  if (rows !== expected) throw new Error(`expected ${expected} rows, found ${rows}`);
  await ds.destroy();
} finally {
  await db.drop();
}
