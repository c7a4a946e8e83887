import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isDuplicateKey } from '../../db/db-errors';
import { CLIENT_LANGUAGES, SettingEntity, type ClientLanguage, type MessageChannel } from '../../db/entities';

const KEY = 'messaging.unsubscribe_secret';

/** What an unsubscribe link names: the channel and address to opt out, and the page's language. */
export type UnsubscribeSubject = { channel: MessageChannel; address: string; language: ClientLanguage };

/**
 * Unsubscribe links that work without signing in: the address is in the link, signed with the install's
 * secret (made once, kept in the settings so every node signs alike), so nobody can opt out an address
 * they have no link for. Links never expire: an old letter's link still works.
 */
export class UnsubscribeTokens {
  private secret: Promise<Buffer> | undefined;

  constructor(private readonly ds: DataSource) {}

  async make(s: UnsubscribeSubject): Promise<string> {
    const payload = Buffer.from(`${s.channel}:${s.language}:${s.address}`).toString('base64url');
    return `${payload}.${this.sign(await this.key(), payload)}`;
  }

  /** The link's subject, or null when it was not made here (or was changed). */
  async read(token: string): Promise<UnsubscribeSubject | null> {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined || token.length > 800) return null;
    const expected = Buffer.from(this.sign(await this.key(), payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const m = /^(email|sms):([a-z]{2}):(.+)$/s.exec(Buffer.from(payload, 'base64url').toString());
    if (!m || !(CLIENT_LANGUAGES as readonly string[]).includes(m[2]!)) return null;
    return { channel: m[1] as MessageChannel, language: m[2] as ClientLanguage, address: m[3]! };
  }

  private sign(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest().subarray(0, 18).toString('base64url');
  }

  private key(): Promise<Buffer> {
    this.secret ??= this.loadKey().catch((err: unknown) => {
      this.secret = undefined;
      throw err;
    });
    return this.secret;
  }

  private async loadKey(): Promise<Buffer> {
    const repo = this.ds.getRepository(SettingEntity);
    const found = await repo.findOneBy({ key: KEY });
    if (found) return Buffer.from(found.value, 'hex');
    try {
      await repo.insert({ key: KEY, value: randomBytes(32).toString('hex'), updatedAt: new Date(), updatedById: null });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another node made it first: use theirs
    }
    return Buffer.from((await repo.findOneByOrFail({ key: KEY })).value, 'hex');
  }
}
