import { randomBytes } from 'node:crypto';
import { AmiServer, TrafficGenerator } from '../../telephony/simulator';
import type { Logger } from '../logging/logger';

/**
 * The demo PBX: the AMI simulator on a loopback port with live traffic over the demo operators'
 * extensions (101–108), so `npm start` shows calls arriving through the same connector a real
 * Asterisk uses. Its credentials are random per start and never leave this process.
 */
export async function startDemoPbx(logger: Logger, callsPerSecond = 0.1): Promise<{ url: string; stop: () => Promise<void> }> {
  const secret = randomBytes(12).toString('hex');
  const server = new AmiServer({ username: 'crm', secret });
  const port = await server.listen(0, '127.0.0.1');
  const traffic = new TrafficGenerator(server, { callsPerSecond });
  traffic.start();
  logger.info({ port, callsPerSecond }, 'demo PBX (AMI simulator) running');
  return {
    url: `ami://crm:${secret}@127.0.0.1:${port}`,
    stop: async () => {
      traffic.stop();
      await server.close();
    },
  };
}
