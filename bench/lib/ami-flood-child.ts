/**
 * The feeding side of the AMI benchmarks, run in its own process (bench/lib/flood-feeder.ts forks it with
 * `--import tsx`) so that the reader under test has a core to itself.
 *
 * An AmiServer (the simulator) on an ephemeral port; over IPC:
 *   child → parent  { type: 'ready', port }
 *   parent → child  { type: 'flood', events, chunk, concurrency?, seed? }
 *                   floods the session that logged in last, then writes one sentinel
 *                   "Event: UserEvent / UserEvent: BenchEnd" (not noise: every reader sees it)
 *   child → parent  { type: 'flooded', report } | { type: 'error', message }
 *   parent → child  { type: 'close' }   closes the server and exits
 * The child exits by itself if the parent goes away (IPC disconnect).
 */
import { Writable } from 'node:stream';
import { AmiServer, flood, type AmiSession, type FloodReport } from '../../telephony/simulator';

export const BENCH_USER = 'bench';
export const BENCH_SECRET = 'bench-secret';
export const SENTINEL = 'Event: UserEvent\r\nPrivilege: user,all\r\nUserEvent: BenchEnd\r\n\r\n';

/**
 * feeder 'live' (default): flood() straight to the session, generating as it writes (its pool of 10,000
 * messages re-stamped per round: ~4 µs per event on this machine, so the feeder itself can be the limit).
 * 'replay': the same flood() first written into memory (untimed, ~0.5 KB per event), then those very writes
 * replayed to the session with the same back-pressure: the feeder costs only the socket writes.
 */
export type FeederMode = 'live' | 'replay';
type FloodRequest = {
  type: 'flood';
  events: number;
  chunk: 'small' | 'large' | number;
  concurrency?: number;
  seed?: number;
  feeder?: FeederMode;
  /**
   * Write more than `events` if need be, up to the first point where no channel is open (every call
   * flooded so far has ended), found by a dry run of the same seeded flood. The report says how many.
   */
  endOnIdle?: boolean;
};
type Request = FloodRequest | { type: 'close' };

async function main(): Promise<void> {
  const send = (msg: object) => process.send?.(msg);
  const server = new AmiServer({ username: BENCH_USER, secret: BENCH_SECRET });
  let last: AmiSession | undefined;
  server.on('login', (s) => (last = s));
  const port = await server.listen(0, '127.0.0.1');

  const shutdown = async (code: number) => {
    await server.close().catch(() => undefined);
    process.exit(code);
  };
  process.on('disconnect', () => void shutdown(0));

  process.on('message', (msg: Request) => {
    if (msg.type === 'close') return void shutdown(0);
    if (msg.type !== 'flood') return;
    void (async () => {
      try {
        const session = last;
        if (!session?.open) throw new Error('no logged-in session to flood');
        const events = msg.endOnIdle ? await idlePointFrom(msg.events, msg) : msg.events;
        const options = { events, chunk: msg.chunk, concurrency: msg.concurrency, seed: msg.seed };
        const report = msg.feeder === 'replay' ? await replay(session, await record(options), events) : await flood(session, options);
        session.socket.write(SENTINEL);
        send({ type: 'flooded', report });
      } catch (err) {
        send({ type: 'error', message: (err as Error).message });
      }
    })();
  });
  send({ type: 'ready', port });
}

/**
 * The first message count ≥ `events` after which no channel is open (Newchannels = Hangups). flood() is
 * deterministic for a seed apart from the epochs it stamps, so the real flood has its idle point there too.
 */
async function idlePointFrom(events: number, msg: FloodRequest): Promise<number> {
  const NEW = Buffer.from('Event: Newchannel\r\n', 'latin1');
  const HANGUP = Buffer.from('Event: Hangup\r\n', 'latin1');
  let seen = 0;
  let open = 0;
  let found = 0;
  const sink = new Writable({
    highWaterMark: 1 << 30,
    write(chunk: Buffer, _enc, cb) {
      // chunk 'small': one message per write.
      if (chunk.length === 0 || found) return cb();
      seen++;
      if (chunk.subarray(0, NEW.length).equals(NEW)) open++;
      else if (chunk.subarray(0, HANGUP.length).equals(HANGUP)) open--;
      if (seen >= events && open === 0) found = seen;
      cb();
    },
  });
  // A batch of calls (concurrency of them) is a few thousand messages: an idle point comes well within this.
  await flood(sink, { events: events + 100_000, chunk: 'small', concurrency: msg.concurrency, seed: msg.seed });
  if (!found) throw new Error(`no idle point within 100,000 messages after ${events}`);
  return found;
}

/** The writes flood() makes, kept in memory. */
async function record(options: Parameters<typeof flood>[1]): Promise<Buffer[]> {
  const writes: Buffer[] = [];
  const sink = new Writable({
    highWaterMark: 1 << 30,
    write(chunk: Buffer, _enc, cb) {
      if (chunk.length > 0) writes.push(chunk);
      cb();
    },
  });
  await flood(sink, options);
  return writes;
}

/** Writes recorded flood writes to the session as fast as it drains (flood()'s own back-pressure). */
async function replay(session: AmiSession, writes: Buffer[], events: number): Promise<FloodReport> {
  const out = session.socket;
  const started = performance.now();
  let bytes = 0;
  for (const buf of writes) {
    if (out.destroyed || !out.writable) throw new Error('replay target closed');
    bytes += buf.length;
    const more = out.write(buf);
    if (!more) await new Promise<void>((resolve, reject) => {
      const onDrain = () => (out.off('close', onClose), resolve());
      const onClose = () => (out.off('drain', onDrain), reject(new Error('replay target closed')));
      out.once('drain', onDrain);
      out.once('close', onClose);
    });
  }
  await new Promise<void>((resolve, reject) => out.write('', (err) => (err ? reject(err) : resolve())));
  const ms = performance.now() - started;
  return { events, bytes, writes: writes.length, ms, eventsPerSecond: Math.round((events / ms) * 1000) };
}

// Only as a forked child; importing this file (for the constants) starts nothing.
if (process.send && process.env.AMI_FLOOD_CHILD === '1') void main();
