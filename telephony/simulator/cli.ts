/**
 * Runs the AMI simulator with call traffic, for manual use and demos:
 *
 *   npx tsx telephony/simulator/cli.ts --port 5038 --rate 2 --user admin --secret amp111
 *
 * Options: --host (127.0.0.1), --port (5038), --user (admin), --secret (amp111), --rate (new calls per
 * simulated second, 0.05), --max-concurrent (20), --speed (simulated-time factor, 1), --operators
 * (101-108 or 101,102,…), --seed, --no-timestamps (events without `Timestamp:`), --quiet.
 */
import { parseArgs } from 'node:util';
import { AmiServer } from './ami-server';
import { defaultOperators, SimPbx } from './sim-pbx';
import { TrafficGenerator } from './traffic';

function parseOperators(spec: string): string[] {
  const range = /^(\d+)-(\d+)$/.exec(spec.trim());
  if (range) {
    const from = Number(range[1]);
    const to = Number(range[2]);
    if (to < from || to - from > 500) throw new Error(`bad operator range ${spec}`);
    return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
  }
  return spec.split(',').map((s) => s.trim()).filter(Boolean);
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${name} must be a positive number, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '5038' },
      user: { type: 'string', default: 'admin' },
      secret: { type: 'string', default: 'amp111' },
      rate: { type: 'string', default: '0.05' },
      'max-concurrent': { type: 'string', default: '20' },
      speed: { type: 'string', default: '1' },
      operators: { type: 'string', default: '101-108' },
      seed: { type: 'string' },
      'no-timestamps': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const operators = parseOperators(values.operators);
  const pbx = new SimPbx({ seed, operators: defaultOperators(operators), profile: { timestamps: !values['no-timestamps'] } });
  const server = new AmiServer({ username: values.user, secret: values.secret, speed: positive('speed', values.speed), pbx });
  const port = await server.listen(Number(values.port), values.host);
  const traffic = new TrafficGenerator(server, {
    callsPerSecond: positive('rate', values.rate),
    maxConcurrent: positive('max-concurrent', values['max-concurrent']),
    operators,
    seed,
  });
  if (!values.quiet) {
    server.on('login', (s) => console.log(`[sim] session ${s.id} logged in as ${s.username} (events ${s.eventsOn ? 'on' : 'off'})`));
    server.on('disconnect', (s) => console.log(`[sim] session ${s.id} disconnected`));
    server.on('action', (a) => {
      if (!/^(ping|login)$/i.test(a.name)) console.log(`[sim] action ${a.name} ${a.actionId ?? ''}`);
    });
    server.on('call', (c) => {
      const t = c.truth;
      const who = t.direction === 'inbound' ? `${t.externalNumber} → queue` : `${t.placedBy} → ${t.externalNumber ?? t.answeredBy ?? '?'}`;
      console.log(`[sim] ${c.kind.padEnd(20)} ${who}  (${Math.round(c.durationMs / 1000)} s, ${c.messages.length} events)`);
    });
  }
  traffic.start();
  console.log(`[sim] AMI simulator on ${values.host}:${port}, user ${values.user}, ${values.rate} calls/s, speed ${values.speed}, operators ${operators.join(',')}`);
  const shutdown = (): void => {
    traffic.stop();
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`[sim] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
