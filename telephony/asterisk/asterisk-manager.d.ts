// asterisk-manager 0.2.0 ships no types; this is the part of its API the AMI client uses.
declare module 'asterisk-manager' {
  import type { EventEmitter } from 'node:events';

  type AmiObject = Record<string, string | string[]>;
  type Manager = Pick<EventEmitter, 'on' | 'once' | 'emit' | 'removeAllListeners' | 'removeListener' | 'listeners'> & {
    options: { port?: number; host: string; username: string; password: string; events: boolean };
    connect(port: number, host: string, callback?: (err: unknown) => void): void;
    login(callback?: (err: AmiObject | undefined) => void): void;
    action(action: Record<string, string>, callback?: (err: AmiObject | undefined, res: AmiObject) => void): string;
    disconnect(callback?: () => void): void;
    isConnected(): boolean;
  };

  function AsteriskManager(port?: number, host?: string, username?: string, password?: string, events?: boolean): Manager;
  export default AsteriskManager;
}
