import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logging/logger';

/** Telephone quality, as Asterisk's MixMonitor writes .wav: 8 kHz, mono, 16-bit PCM. */
const RATE = 8000;
/** How many different files the demo's calls share (each call points at one of them). */
const FILES = 6;
/** Under the demo's recordings directory, as a PBX would lay them out under its monitor root. */
const SUBDIR = 'demo';
const fileName = (n: number) => `demo-call-${n + 1}.wav`;

/**
 * Recordings in the demo: a few short generated WAV files in the demo recordings directory, and the
 * latest answered calls, each regular caller's latest answered call (the pop's history) and the reviewed
 * calls pointing at them by the PBX path a real Asterisk would report, so the players in the call history
 * and the pop play something. Run once, after the demo seed.
 */
export async function seedDemoRecordings(ds: DataSource, where: { dir: string; pbxRoot: string }, logger: Logger): Promise<void> {
  await writeDemoRecordings(where.dir);
  const ids = (rows: { id: unknown }[]) => rows.map((r) => Number(r.id));
  const latest = ids(await ds.query(`SELECT id FROM calls WHERE outcome = 'answered' AND ended_at IS NOT NULL ORDER BY started_at DESC, id DESC LIMIT 40`));
  // demoCallers' regulars (clients with notes): the pop shows their history.
  const regulars = ids(
    await ds.query(
      `SELECT c.id FROM calls c WHERE c.outcome = 'answered' AND c.ended_at IS NOT NULL
         AND EXISTS (SELECT 1 FROM client_notes n WHERE n.client_id = c.client_id)
         AND c.started_at = (SELECT MAX(c2.started_at) FROM calls c2 WHERE c2.client_id = c.client_id AND c2.outcome = 'answered')`,
    ),
  );
  const reviewed = ids(await ds.query('SELECT DISTINCT call_id AS id FROM call_reviews'));
  const calls = [...new Set([...latest, ...regulars, ...reviewed])].sort((a, b) => a - b);
  const paths = demoRecordingPaths(where.pbxRoot);
  for (let n = 0; n < FILES; n++) {
    const mine = calls.filter((_, i) => i % FILES === n);
    const path = paths[n]!;
    for (let i = 0; i < mine.length; i += 400) await ds.query(`UPDATE calls SET recording_url = ? WHERE id IN (${mine.slice(i, i + 400).join(',')})`, [path]);
  }
  logger.info({ calls: calls.length, dir: where.dir }, 'demo recordings written and linked to calls');
}

/** The demo files as the PBX names them (under its monitor root): the demo PBX records its calls into these too. */
export const demoRecordingPaths = (pbxRoot: string): string[] => Array.from({ length: FILES }, (_, n) => posix.join(pbxRoot, SUBDIR, fileName(n)));

/**
 * Writes the demo's files if they are not there (again after the directory was cleared). Each goes to
 * a temporary name first: two demo servers sharing the directory never see half a file.
 */
export async function writeDemoRecordings(dir: string): Promise<void> {
  await mkdir(join(dir, SUBDIR), { recursive: true });
  for (let n = 0; n < FILES; n++) {
    const path = join(dir, SUBDIR, fileName(n));
    const wav = toWav(renderCall(n + 1));
    if ((await stat(path).catch(() => null))?.size === wav.length) continue;
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, wav);
    await rename(tmp, path);
  }
}

/** mulberry32: the same files on every run, different from one file to the next. */
function random(seed: number): () => number {
  let a = seed * 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A call as heard from the line: two soft rings of a two-tone ringback (425 + 480 Hz, faded in and out),
 * then two "voices" taking turns: syllables of a low buzz with breath noise, muffled by a low-pass filter
 * and shaped by a raised-cosine envelope, in phrases with pauses between. Nothing sharp, 8–12 s.
 */
function renderCall(seed: number): Float32Array {
  const rnd = random(seed);
  const out: number[] = [];
  const silence = (s: number) => {
    for (let i = Math.round(s * RATE); i > 0; i--) out.push(0);
  };
  for (let ring = 0; ring < 2; ring++) {
    const n = RATE; // one second of ringback
    for (let i = 0; i < n; i++) {
      const fade = Math.min(1, i / 400, (n - i) / 400);
      out.push(0.09 * fade * (Math.sin((2 * Math.PI * 425 * i) / RATE) + Math.sin((2 * Math.PI * 480 * i) / RATE)));
    }
    silence(ring === 0 ? 0.6 : 0.4);
  }
  const speech = out.length;
  const voices = [
    { pitch: 115 + rnd() * 25, cutoff: 700 },
    { pitch: 190 + rnd() * 40, cutoff: 1000 },
  ];
  const phrases = 4 + Math.floor(rnd() * 3);
  let phase = 0;
  let lp1 = 0;
  let lp2 = 0;
  for (let p = 0; p < phrases; p++) {
    const v = voices[p % 2]!;
    const a = Math.exp((-2 * Math.PI * v.cutoff) / RATE);
    for (let s = 3 + Math.floor(rnd() * 4); s > 0; s--) {
      const n = Math.round((0.1 + rnd() * 0.18) * RATE);
      const loud = 0.6 + rnd() * 0.4;
      const glide = (rnd() - 0.5) * 0.3;
      for (let i = 0; i < n; i++) {
        const f = v.pitch * (1 + (glide * i) / n);
        phase = (phase + f / RATE) % 1;
        const source = 0.7 * (2 * phase - 1) + 0.3 * (rnd() * 2 - 1);
        lp1 = a * lp1 + (1 - a) * source;
        lp2 = a * lp2 + (1 - a) * lp1;
        out.push(loud * Math.sin((Math.PI * i) / n) ** 2 * lp2);
      }
      silence(0.03 + rnd() * 0.06);
    }
    silence(0.35 + rnd() * 0.4);
  }
  // The low-pass leaves little level: the voices' loudest sample to half of full scale (the rings stay soft).
  const peak = out.slice(speech).reduce((m, x) => Math.max(m, Math.abs(x)), 1e-9);
  return Float32Array.from(out, (x, i) => (i < speech ? x : (x / peak) * 0.5));
}

/** A canonical 44-byte RIFF/WAVE header and the samples as little-endian 16-bit PCM. */
function toWav(samples: Float32Array): Buffer {
  const data = samples.length * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16); // fmt chunk size
  b.writeUInt16LE(1, 20); // PCM
  b.writeUInt16LE(1, 22); // mono
  b.writeUInt32LE(RATE, 24);
  b.writeUInt32LE(RATE * 2, 28); // bytes per second
  b.writeUInt16LE(2, 32); // block align
  b.writeUInt16LE(16, 34); // bits per sample
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++) b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), 44 + i * 2);
  return b;
}
