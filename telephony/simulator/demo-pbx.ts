/**
 * The demo PBX of `npm start` when no real PBX is configured: the simulator on a local port with
 * steady call traffic. The caller connects its ordinary Asterisk connector to `host:port` with
 * `username`/`secret`, exactly as it would to Asterisk.
 */
import { AmiServer, type AmiServerOptions } from './ami-server';
import { TrafficGenerator, type TrafficOptions } from './traffic';

export type DemoPbxOptions = {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  username?: string;
  secret?: string;
  traffic?: TrafficOptions;
  server?: Omit<AmiServerOptions, 'username' | 'secret'>;
};

export type DemoPbx = {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  readonly server: AmiServer;
  readonly traffic: TrafficGenerator;
  stop(): Promise<void>;
};

export async function startDemoPbx(options: DemoPbxOptions = {}): Promise<DemoPbx> {
  const host = options.host ?? '127.0.0.1';
  const username = options.username ?? 'demo';
  const secret = options.secret ?? 'demo';
  const server = new AmiServer({ ...options.server, username, secret });
  const port = await server.listen(options.port ?? 0, host);
  const traffic = new TrafficGenerator(server, options.traffic);
  traffic.start();
  return {
    host,
    port,
    username,
    secret,
    server,
    traffic,
    stop: async () => {
      traffic.stop();
      await server.close();
    },
  };
}
