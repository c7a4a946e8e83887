import type { Call, Device } from '@twilio/voice-sdk';
import { useCallback, useEffect, useRef, useState } from 'react';
import { getSoftphoneToken } from '../api/softphone.api';
import { tokenRequestProblem, twilioProblem, type MicProblem, type SoftphoneProblem } from './softphone-problems';

export type SoftphoneDeviceState =
  | { phase: 'starting' } // fetching the token and the SDK
  | { phase: 'registering' }
  | { phase: 'ready' }
  | { phase: 'error'; problem: SoftphoneProblem; code?: number; retrying: boolean };

export type SoftphoneCall = {
  /** The caller's number (Twilio's From), or null when hidden. */
  from: string | null;
  phase: 'incoming' | 'connecting' | 'talking';
  /** ISO time the call was answered here (the timer's start). */
  since: string | null;
  muted: boolean;
  /** The call's network dropped and the SDK is restoring it (the caller may not hear meanwhile). */
  reconnecting: boolean;
};

export type MicPermission = 'granted' | 'prompt' | 'denied' | 'unknown';

export type Softphone = {
  device: SoftphoneDeviceState;
  call: SoftphoneCall | null;
  /** A microphone problem seen (a refused prompt, no device); null once the microphone works. */
  mic: MicProblem | null;
  /** The browser's microphone permission for this site, as far as it tells (Permissions API). */
  permission: MicPermission;
  answer(): void;
  reject(): void;
  hangUp(): void;
  toggleMute(): void;
  /** Starts again after an error (a new token, a new device). */
  retry(): void;
  /** Asks the browser for the microphone now, not when a call rings. */
  askMicrophone(): Promise<void>;
};

/** A caller's number from Twilio's From ("+7916…", or "client:ext-102" for a colleague). */
const callerOf = (call: Call): string | null => {
  const from = call.parameters.From;
  return from && from !== 'anonymous' ? from.replace(/^client:/, '') : null;
};

/**
 * The browser softphone: a Twilio Voice `Device` registered with an access token for the signed-in
 * operator, refreshed before it expires. The SDK is imported here, when the console needs it, so
 * installs without Twilio never download it. The screen-pop is not this hook's business: it arrives by
 * Socket.IO from the call's events like any PBX's.
 */
export function useSoftphone(enabled: boolean): Softphone {
  const [device, setDevice] = useState<SoftphoneDeviceState>({ phase: 'starting' });
  const [call, setCall] = useState<SoftphoneCall | null>(null);
  const [mic, setMic] = useState<MicProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const callRef = useRef<Call | null>(null);
  const permission = useMicPermission(enabled);

  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let twilioDevice: Device | null = null;
    setDevice({ phase: 'starting' });
    setCall(null);
    const fail = (problem: SoftphoneProblem, code?: number, retrying = false) => {
      if (!stopped) setDevice({ phase: 'error', problem, code, retrying });
    };

    const follow = (incoming: Call) => {
      callRef.current = incoming;
      setCall({ from: callerOf(incoming), phase: 'incoming', since: null, muted: false, reconnecting: false });
      const end = () => {
        if (callRef.current !== incoming) return;
        callRef.current = null;
        setCall(null);
      };
      incoming.on('accept', () => setCall((c) => c && { ...c, phase: 'talking', since: new Date().toISOString() }));
      incoming.on('mute', (muted: boolean) => setCall((c) => c && { ...c, muted }));
      incoming.on('reconnecting', () => setCall((c) => c && { ...c, reconnecting: true }));
      incoming.on('reconnected', () => setCall((c) => c && { ...c, reconnecting: false }));
      incoming.on('cancel', end); // the caller hung up, or another operator answered
      incoming.on('disconnect', end);
      incoming.on('reject', end);
      incoming.on('error', (error: { code?: number }) => {
        const { mic: micProblem } = twilioProblem(error);
        if (micProblem) setMic(micProblem);
      });
    };

    void (async () => {
      if (!window.isSecureContext || !navigator.mediaDevices?.getUserMedia) return fail('insecure');
      if (typeof RTCPeerConnection === 'undefined') return fail('unsupported');
      let token: string;
      try {
        token = (await getSoftphoneToken()).token;
      } catch (err) {
        return fail(tokenRequestProblem(err));
      }
      let sdk: typeof import('@twilio/voice-sdk');
      try {
        sdk = await import('@twilio/voice-sdk');
      } catch {
        return fail('load');
      }
      if (stopped) return;
      const d = new sdk.Device(token, {
        // Asks before the tab closes in the middle of a call; a new token a minute before this one expires.
        closeProtection: true,
        tokenRefreshMs: 60_000,
      });
      twilioDevice = d;
      d.on('registering', () => !stopped && setDevice({ phase: 'registering' }));
      d.on('registered', () => !stopped && setDevice({ phase: 'ready' }));
      // The signalling link dropped: the SDK registers again when it is back (an error says why meanwhile).
      d.on('unregistered', () => !stopped && setDevice((s) => (s.phase === 'error' ? s : { phase: 'registering' })));
      d.on('incoming', follow);
      d.on('error', (error: { code?: number }, erroredCall?: Call) => {
        const problem = twilioProblem(error, d.state === 'registered');
        if (problem.mic) return setMic(problem.mic);
        // An error of a call in progress leaves the device as it is; the call's own events end it.
        if (erroredCall) return;
        // While registered, a passing error (a dropped socket the SDK reconnects) shows until 'registered'.
        fail(problem.device ?? 'other', error.code, problem.device === 'unreachable');
      });
      d.on('tokenWillExpire', () => {
        getSoftphoneToken()
          .then((fresh) => !stopped && d.updateToken(fresh.token))
          .catch((err: unknown) => fail(tokenRequestProblem(err)));
      });
      // Without Twilio's servers register() waits while the SDK retries: its 'error' events tell the state.
      d.register().catch((error: { code?: number }) => {
        if (stopped || d.state === 'registered') return;
        const problem = twilioProblem(error, false);
        fail(problem.device ?? 'other', error.code, problem.device === 'unreachable');
      });
    })();

    return () => {
      stopped = true;
      callRef.current = null;
      twilioDevice?.destroy();
    };
  }, [enabled, attempt]);

  const answer = useCallback(() => {
    setMic(null);
    setCall((c) => c && { ...c, phase: 'connecting' });
    callRef.current?.accept();
  }, []);
  const reject = useCallback(() => callRef.current?.reject(), []);
  const hangUp = useCallback(() => callRef.current?.disconnect(), []);
  const toggleMute = useCallback(() => {
    const c = callRef.current;
    if (c) c.mute(!c.isMuted());
  }, []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  const askMicrophone = useCallback(async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      for (const track of stream.getTracks()) track.stop();
      setMic(null);
    } catch (err) {
      setMic((err as Error).name === 'NotAllowedError' || (err as Error).name === 'SecurityError' ? 'denied' : 'unavailable');
    }
  }, []);

  return { device, call, mic, permission, answer, reject, hangUp, toggleMute, retry, askMicrophone };
}

/** The microphone permission, kept current (the operator may allow it in the site settings meanwhile). */
function useMicPermission(enabled: boolean): MicPermission {
  const [permission, setPermission] = useState<MicPermission>('unknown');
  useEffect(() => {
    if (!enabled || !navigator.permissions?.query) return;
    let status: PermissionStatus | null = null;
    let stopped = false;
    const update = () => status && !stopped && setPermission(status.state);
    navigator.permissions
      .query({ name: 'microphone' as PermissionName })
      .then((s) => {
        status = s;
        update();
        s.addEventListener('change', update);
      })
      .catch(() => undefined); // Firefox before 2024 knows no 'microphone': stays unknown
    return () => {
      stopped = true;
      status?.removeEventListener('change', update);
    };
  }, [enabled]);
  return permission;
}
