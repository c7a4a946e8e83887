import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../logging/logger';

/** One operator's state and choice as a node just set them. */
export type AgentStateChange = {
  userId: number;
  state: 'offline' | 'available' | 'ringing' | 'on_call' | 'wrap_up' | 'break';
  chosen: 'available' | 'break' | 'offline';
  since: string;
};

/**
 * The other nodes' view of operators' states. In scale-out the phone's events reach the node holding the
 * PBX link while an operator's choices (and sign-out) reach the node of their browser: each node tells
 * the others what it set, so the holder returns an operator to what they chose (not to a stale choice:
 * available after they signed out) after a ring or a wrap-up.
 */
export type AgentStatePeers = {
  publish(change: AgentStateChange): void;
  subscribe(listener: (change: AgentStateChange) => void): void;
  stop(): void;
};

const changeSchema = z.object({
  node: z.string().max(64),
  userId: z.number().int().positive(),
  state: z.enum(['offline', 'available', 'ringing', 'on_call', 'wrap_up', 'break']),
  chosen: z.enum(['available', 'break', 'offline']),
  since: z.string().datetime(),
});

/** AgentStatePeers over Redis pub/sub (`<prefix>:agents:state`); a node ignores its own messages. */
export class RedisAgentStatePeers implements AgentStatePeers {
  private readonly node = randomUUID();
  private readonly channel: string;
  private readonly subscriber: Redis;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.channel = `${prefix}:agents:state`;
    this.subscriber = redis.duplicate();
    this.subscriber.on('error', (err) => logger.warn({ err: err.message }, 'agent state peers: redis subscriber error'));
  }

  publish(change: AgentStateChange): void {
    void this.redis.publish(this.channel, JSON.stringify({ node: this.node, ...change })).catch((err: Error) => this.logger.warn({ err: err.message }, 'agent state not shared with the other nodes'));
  }

  subscribe(listener: (change: AgentStateChange) => void): void {
    this.subscriber.on('message', (channel: string, text: string) => {
      if (channel !== this.channel) return;
      let parsed: z.infer<typeof changeSchema>;
      try {
        parsed = changeSchema.parse(JSON.parse(text));
      } catch {
        return this.logger.warn({ bytes: text.length }, 'agent state peers: malformed message ignored');
      }
      if (parsed.node === this.node) return;
      const { node: _node, ...change } = parsed;
      listener(change);
    });
    void this.subscriber.subscribe(this.channel).catch((err: Error) => this.logger.warn({ err: err.message }, 'agent state peers: cannot subscribe'));
  }

  stop(): void {
    this.subscriber.disconnect();
  }
}
