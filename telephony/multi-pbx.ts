import type { AgentPresenceEvent, CallEvent, PbxConnectionState, PbxConnector, SpyRequest } from './call-event';

/** Worst first: the state a set of PBXes reports is that of the one in the worst shape. */
const SEVERITY: PbxConnectionState[] = ['auth_failed', 'disconnected', 'connecting', 'standby', 'stopped', 'connected'];

/**
 * Several PBXes at once (an Asterisk and a Twilio number): every connector's events flow to the call log
 * (each call row says which PBX it came from, by the connector's name), click-to-call goes to the one
 * chosen for it, queue presence to every one that has queues, live coaching to the dialer when it can
 * spy, else to the first connector that can (none: the set cannot either).
 */
export class MultiPbx implements PbxConnector {
  readonly name: string;
  readonly spy?: (request: SpyRequest) => Promise<{ actionId: string; message: string }>;

  constructor(
    private readonly connectors: PbxConnector[],
    /** The connector that places click-to-call. */
    private readonly dialer: PbxConnector,
  ) {
    this.name = connectors.map((c) => c.name).join('+');
    const spier = dialer.spy ? dialer : connectors.find((c) => c.spy);
    if (spier) this.spy = (request) => spier.spy!(request);
  }

  start(onEvent: (event: CallEvent) => void): void {
    for (const c of this.connectors) c.start(onEvent);
  }

  async stop(): Promise<void> {
    await Promise.all(this.connectors.map((c) => c.stop()));
  }

  state() {
    const states = this.connectors.map((c) => ({ name: c.name, ...c.state() }));
    const worst = [...states].sort((a, b) => SEVERITY.indexOf(a.status) - SEVERITY.indexOf(b.status))[0]!;
    const detail = states.map((s) => `${s.name}: ${s.status}${s.detail ? ` (${s.detail})` : ''}`).join('; ');
    return { status: worst.status, detail };
  }

  forget(): void {
    for (const c of this.connectors) c.forget?.();
  }

  originate(request: { extension: string; number: string; callerName?: string }) {
    return this.dialer.originate(request);
  }

  async setAgentPresence(request: Parameters<NonNullable<PbxConnector['setAgentPresence']>>[0]): Promise<void> {
    await Promise.all(this.connectors.map((c) => c.setAgentPresence?.(request)));
  }

  onAgentPresence(listener: (event: AgentPresenceEvent) => void): void {
    for (const c of this.connectors) c.onAgentPresence?.(listener);
  }

  onConnected(listener: () => void): void {
    for (const c of this.connectors) c.onConnected?.(listener);
  }
}
