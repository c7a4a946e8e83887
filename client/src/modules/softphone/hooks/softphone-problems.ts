import { isApiError } from '../../../app/api-client';

/**
 * What stops the softphone, in words an operator can act on. Twilio's codes (the Voice JS SDK's
 * TwilioError.code) and our API's error codes fold into a few kinds; the component words each one.
 */
export type SoftphoneProblem =
  | 'insecure' // not https (nor localhost): browsers give no microphone, WebRTC will not start
  | 'unsupported' // no WebRTC in this browser
  | 'no_extension' // the user has no extension: nobody's calls would reach this browser
  | 'disabled' // the server no longer has the softphone settings
  | 'server' // the token could not be fetched (network, server down)
  | 'unreachable' // Twilio's servers cannot be reached (firewall, no internet); the SDK keeps retrying
  | 'token' // Twilio refused the access token (wrong API key, secret or account)
  | 'load' // the SDK's file failed to load (a new version deployed, the network)
  | 'other';

export type MicProblem = 'denied' | 'unavailable';

const UNREACHABLE = new Set([31005, 31009, 53000, 53001]);
const TOKEN = new Set([20101, 20103, 20104, 20105, 20106, 20107, 20151, 20157, 31201, 31202, 31204, 31205]);
const MIC_DENIED = new Set([31208, 31401]);
const MIC_UNAVAILABLE = new Set([31402]);

/**
 * A Twilio SDK error's kind: a device problem, a microphone problem, or something else (with its code).
 * Before the device is registered, the signalling socket's bare failure (31000, "unknown") means the same
 * as a connection error: Twilio's servers are out of reach.
 */
export function twilioProblem(error: { code?: unknown } | null | undefined, registered = true): { device?: SoftphoneProblem; mic?: MicProblem } {
  const code = typeof error?.code === 'number' ? error.code : -1;
  if (code === 31000 && !registered) return { device: 'unreachable' };
  if (MIC_DENIED.has(code)) return { mic: 'denied' };
  if (MIC_UNAVAILABLE.has(code)) return { mic: 'unavailable' };
  if (UNREACHABLE.has(code)) return { device: 'unreachable' };
  if (TOKEN.has(code)) return { device: 'token' };
  return { device: 'other' };
}

/** Our API's answer to the token request, as a problem. */
export function tokenRequestProblem(err: unknown): SoftphoneProblem {
  if (!isApiError(err)) return 'server';
  if (err.code === 'no_extension') return 'no_extension';
  if (err.code === 'softphone_disabled') return 'disabled';
  return 'server';
}
