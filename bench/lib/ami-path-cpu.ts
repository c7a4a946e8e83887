/**
 * Where the connector's CPU goes, stage by stage, without TCP or a second process (so it holds on a busy
 * machine better than the socket benchmarks): the simulator's flood is recorded into memory, cut into the
 * 64 KiB reads a socket delivers, and run through ever longer prefixes of the product's read path, as
 * AmiClient wires it: AmiBufferFramer on the bytes (noise dropped on its event name, undecoded) →
 * parseFrame → CallTracker. Two references before them: the UTF-8 decode of every read alone, and a bare
 * string indexOf framer (the ingest bench's ceiling). CPU time (user + system) of the best of 5 rounds
 * per stage. First checks that the framer keeps the same messages however the bytes are cut (whole,
 * 64 KiB reads, random cuts; on the flood and the recorded fixtures), the very messages the string
 * AmiFramer + eventNameOf keep, with the event name it hands on equal to eventNameOf of the frame.
 *
 *   node --import tsx bench/lib/ami-path-cpu.ts [events=200000]
 *
 * Not a *.bench.ts (bench/run.sh does not run it); it prints JSON lines like the benchmarks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { isDeepStrictEqual } from 'node:util';
import { AmiBufferFramer, AmiFramer, eventNameOf, parseFrame, type AmiMessage } from '../../telephony/asterisk/ami-framer';
import { AMI_NOISE, CallTracker } from '../../telephony/asterisk/call-tracker';
import { DEFAULT_CHANNEL_PATTERNS } from '../../telephony/asterisk/channel-roles';
import { flood } from '../../telephony/simulator';
import { emit, info } from './stats';

const EVENTS = Number(process.argv[2] ?? 200_000);
const READ = 64 * 1024;

const parts: Buffer[] = [];
await flood(new Writable({ highWaterMark: 2 ** 30, write: (c: Buffer, _e, cb) => (parts.push(c), cb()) }), { events: EVENTS, chunk: 'large' });
const stream = Buffer.concat(parts);
const reads: Buffer[] = [];
for (let i = 0; i < stream.length; i += READ) reads.push(stream.subarray(i, Math.min(stream.length, i + READ)));
info(`${EVENTS} events, ${(stream.length / 1e6).toFixed(1)} MB, ${reads.length} reads of ≤ 64 KiB`);

// ---- the framer keeps the same messages however the bytes are cut ----
/** The oracle: the whole stream decoded, framed as a string, noise filtered on eventNameOf. */
function oracle(bytes: Buffer): AmiMessage[] {
  const out: AmiMessage[] = [];
  const f = new AmiFramer((fr) => {
    const name = eventNameOf(fr);
    if (!(name && AMI_NOISE.has(name))) out.push(parseFrame(fr));
  });
  f.push(bytes.toString('utf8'));
  return out;
}
function product(chunks: readonly Buffer[]): AmiMessage[] {
  const out: AmiMessage[] = [];
  const f = new AmiBufferFramer(AMI_NOISE, (fr, name) => {
    if (name !== eventNameOf(fr)) throw new Error(`AmiBufferFramer named ${JSON.stringify(name)} the frame ${JSON.stringify(fr.slice(0, 80))}`);
    out.push(parseFrame(fr));
  });
  for (const c of chunks) f.push(c);
  return out;
}
function randomCuts(buf: Buffer, seed: number, max: number): Buffer[] {
  const out: Buffer[] = [];
  let s = seed;
  for (let i = 0; i < buf.length; ) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const n = 1 + Math.floor((s / 2 ** 31) * max);
    out.push(buf.subarray(i, i + n));
    i += n;
  }
  return out;
}
const fixtures = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'asterisk-ami');
const amiFiles = readdirSync(fixtures, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ami'));
let checked = 0;
for (const [name, bytes] of [['flood', stream] as const, ...amiFiles.map((f) => [f, readFileSync(join(fixtures, f))] as const)]) {
  const want = oracle(bytes);
  for (const [label, chunks] of [
    ['whole', [bytes]],
    ['64k', name === 'flood' ? reads : []],
    ['random ≤3000', randomCuts(bytes, 7, 3000)],
    ['random ≤5', name === 'flood' ? [] : randomCuts(bytes, 11, 5)],
  ] as const) {
    if (chunks.length === 0) continue;
    if (!isDeepStrictEqual(product(chunks), want)) throw new Error(`AmiBufferFramer keeps other messages than the oracle on ${name} (${label})`);
    checked++;
  }
}
info(`AmiBufferFramer: the oracle's messages on the flood and ${amiFiles.length} fixtures (${checked} cuttings)`);

// ---- stages ----
function cpuMs(fn: () => number): { ms: number; out: number } {
  let best = Infinity;
  let out = 0;
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    out = fn();
    const c = process.cpuUsage(c0);
    best = Math.min(best, (c.user + c.system) / 1000);
  }
  return { ms: best, out };
}
const stages: [string, () => number][] = [
  ['utf8 decode (StringDecoder)', () => {
    const d = new StringDecoder('utf8');
    let n = 0;
    for (const c of reads) n += d.write(c).length;
    return n;
  }],
  ['bare indexOf framer (ceiling)', () => {
    const d = new StringDecoder('utf8');
    let n = 0;
    let buf = '';
    for (const c of reads) {
      buf += d.write(c);
      let from = 0;
      for (let e = buf.indexOf('\r\n\r\n'); e >= 0; e = buf.indexOf('\r\n\r\n', from)) (n++, (from = e + 4));
      buf = buf.slice(from);
    }
    return n;
  }],
  ['connector: AmiBufferFramer (noise dropped)', () => {
    let n = 0;
    const f = new AmiBufferFramer(AMI_NOISE, () => n++);
    for (const c of reads) f.push(c);
    return n;
  }],
  ['connector: + parseFrame', () => {
    let n = 0;
    const f = new AmiBufferFramer(AMI_NOISE, (fr) => (n += parseFrame(fr).event ? 1 : 0));
    for (const c of reads) f.push(c);
    return n;
  }],
  ['connector: + CallTracker (whole path)', () => {
    // As AmiClient#onFrame: every kept frame parsed, events to the tracker (responses, none in the flood,
    // would go back to asterisk-manager).
    let n = 0;
    const t = new CallTracker('bench', DEFAULT_CHANNEL_PATTERNS, () => n++);
    const f = new AmiBufferFramer(AMI_NOISE, (fr, name) => {
      const msg = parseFrame(fr);
      if (name) t.handle(msg, Date.now());
    });
    for (const c of reads) f.push(c);
    return n;
  }],
];
for (const [stage, fn] of stages) {
  const { ms, out } = cpuMs(fn);
  info(`${stage.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms cpu  ${Math.round((EVENTS / ms) * 1000).toLocaleString('en').padStart(10)} events/cpu-s  (${out})`);
  emit({ bench: 'ami_path_cpu', stage, events: EVENTS, cpu_ms: Math.round(ms), ns_per_event: Math.round((ms * 1e6) / EVENTS), events_per_cpu_s: Math.round((EVENTS / ms) * 1000) });
}
