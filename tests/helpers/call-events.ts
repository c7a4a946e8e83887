import type { CallEvent } from '../../telephony/call-event';
import { tellStories } from './fixture-stories';

/** The CallEvents of a recorded fixture, in the order the tracker produced them. */
export function fixtureEvents(name: string, t0?: number): CallEvent[] {
  return tellStories(name, t0)
    .flatMap((s) => s.events)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}
