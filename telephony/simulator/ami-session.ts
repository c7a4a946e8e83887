/**
 * One client connection to the simulator: its socket, whether it logged in, and whether it wants
 * events. The server owns the protocol; the session only carries state and writes bytes.
 */
import type { Socket } from 'node:net';
import type { AmiMessage } from './ami-wire';


export class AmiSession {
  readonly id: number;
  readonly socket: Socket;
  username: string | null = null;
  loggedIn = false;
  /** `Events: off` at login (or the Events action) turns this off. */
  eventsOn = true;

  /** Past this much unsent output the client is too slow and is dropped, as Asterisk does. */
  private readonly maxBufferedBytes: number;

  constructor(id: number, socket: Socket, maxBufferedBytes = 64 * 1024 * 1024) {
    this.id = id;
    this.socket = socket;
    this.maxBufferedBytes = maxBufferedBytes;
  }

  get open(): boolean {
    return !this.socket.destroyed && this.socket.writable;
  }

  /** Writes raw bytes; false when the socket is gone. */
  write(data: string | Uint8Array): boolean {
    if (!this.open) return false;
    if (this.socket.writableLength > this.maxBufferedBytes) {
      this.socket.destroy();
      return false;
    }
    this.socket.write(data);
    return true;
  }

  /** Flushes what was written, then closes (FIN). */
  end(): void {
    if (!this.socket.destroyed) this.socket.end();
  }

  /** Drops the connection at once (RST-like), without flushing. */
  destroy(): void {
    this.socket.destroy();
  }
}

/** An action a client sent, as the server parsed it. */
export type AmiAction = {
  /** `Action:` value as sent (case kept). */
  readonly name: string;
  readonly actionId: string | undefined;
  /** All lines; `get()` ignores case. */
  readonly message: AmiMessage;
  readonly sessionId: number;
};
