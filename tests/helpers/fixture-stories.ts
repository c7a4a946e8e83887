import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallEvent } from '../../telephony/call-event';
import { AmiBufferFramer, parseFrame } from '../../telephony/asterisk/ami-framer';
import { AMI_NOISE, AMI_NOISE_KEPT, CallTracker } from '../../telephony/asterisk/call-tracker';
import { DEFAULT_CHANNEL_PATTERNS } from '../../telephony/asterisk/channel-roles';
import { CallRecord, type CallFigures, type LegFigures } from '../../server/modules/calls/call-record';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'asterisk-ami');

/** A recorded fixture: each message with the ms since connect at which it arrived. */
export function readFixture(name: string): { t: number; data: string }[] {
  return readFileSync(join(FIXTURES, `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { t: number; data: string });
}

export type Story = { figures: CallFigures; legs: LegFigures[]; events: CallEvent[] };

/** Runs a fixture through the framer, the tracker and the call record, without network or database. */
export function tellStories(name: string, t0 = Date.parse('2026-11-23T10:00:00Z')): Story[] {
  const events: CallEvent[] = [];
  const tracker = new CallTracker('asterisk', DEFAULT_CHANNEL_PATTERNS, (e) => events.push(e));
  let now = t0;
  // The byte framer the AMI client uses, so the stories go through the product's own path.
  const framer = new AmiBufferFramer(AMI_NOISE, (frame) => tracker.handle(parseFrame(frame), now), AMI_NOISE_KEPT);
  for (const m of readFixture(name)) {
    now = t0 + m.t;
    framer.push(Buffer.from(m.data, 'utf8'));
  }
  const records = new Map<string, CallRecord>();
  const byCall = new Map<string, CallEvent[]>();
  for (const e of events) {
    if (!records.has(e.callId)) records.set(e.callId, new CallRecord(e.pbx, e.callId, e.at.getTime()));
    records.get(e.callId)!.apply(e);
    byCall.set(e.callId, [...(byCall.get(e.callId) ?? []), e]);
  }
  return [...records.values()].map((r) => ({ figures: r.figures(), legs: r.legFigures(), events: byCall.get(r.callId)! }));
}
