/**
 * A PBX refused or could not carry out an action (click-to-call, a queue pause), in PBX-neutral terms the
 * API maps to a status: `rejected` (the PBX said no: 502), `timeout` (no answer in time: 504), anything
 * else (no link: 503). Each connector throws its own subclass with the PBX's details.
 */
export class PbxActionError extends Error {
  constructor(
    message: string,
    readonly code: 'not_connected' | 'timeout' | 'rejected' | 'disconnected',
  ) {
    super(message);
  }
}
