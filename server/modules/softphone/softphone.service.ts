import AccessToken from 'twilio/lib/jwt/AccessToken';
import { clientIdentity } from '../../../telephony/twilio/operator-identity';
import type { TwilioConfig } from '../../config/config';
import { AppError } from '../../http/errors';

/** GET /api/softphone: whether the console shows the browser softphone. */
export type SoftphoneStatus = { enabled: boolean };

/** GET /api/softphone/token: a Twilio Voice access token for the signed-in operator's extension. */
export type SoftphoneToken = { identity: string; token: string; expiresAt: string };

/**
 * What the page may reach besides this server when the softphone is on (Content-Security-Policy): the
 * SDK's signalling WebSocket and its event reports (*.twilio.com), and its ringtones (sdk.twilio.com).
 * The call's audio (WebRTC) is not governed by CSP.
 */
export const SOFTPHONE_CSP = {
  connectSrc: ["'self'", 'wss://*.twilio.com', 'https://*.twilio.com'],
  mediaSrc: ["'self'", 'https://sdk.twilio.com'],
};

/** An access token lives an hour; the browser asks for a new one when the SDK says it will expire (3 min before). */
export const SOFTPHONE_TOKEN_TTL_SECONDS = 3600;

/**
 * The operators' browser softphone (Twilio Voice JS SDK): signs access tokens with the install's API key.
 * The identity is the one the Twilio connector's `<Client>` noun dials (operator-identity.ts), so an
 * incoming call for extension 101 rings the browser signed in as 101. Tokens and the secret are never logged.
 */
export class SoftphoneService {
  constructor(
    private readonly twilio: Pick<TwilioConfig, 'accountSid' | 'softphone'> | undefined,
    private readonly ttlSeconds = SOFTPHONE_TOKEN_TTL_SECONDS,
  ) {}

  status(): SoftphoneStatus {
    return { enabled: this.twilio?.softphone !== undefined };
  }

  /** A token for this extension; 404 softphone_disabled without the settings, 409 no_extension without one. */
  tokenFor(extension: string | null): SoftphoneToken {
    const softphone = this.twilio?.softphone;
    if (!this.twilio || !softphone) throw new AppError(404, 'softphone_disabled', 'The browser softphone is not configured (Twilio API key and TwiML app)');
    if (!extension) throw new AppError(409, 'no_extension', 'You have no phone extension; ask a manager to set one');
    const identity = clientIdentity(extension);
    const grant = new AccessToken(this.twilio.accountSid, softphone.apiKeySid, softphone.apiKeySecret, { identity, ttl: this.ttlSeconds });
    grant.addGrant(new AccessToken.VoiceGrant({ incomingAllow: true, outgoingApplicationSid: softphone.twimlAppSid }));
    const token = grant.toJwt();
    return { identity, token, expiresAt: new Date(expiryOf(token) * 1000).toISOString() };
  }
}

/** The `exp` (seconds) the library signed into the token: the clock it read, not ours. */
function expiryOf(jwt: string): number {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
  if (typeof payload.exp !== 'number') throw new Error('access token without exp');
  return payload.exp;
}
