import type { Logger } from '../logging/logger';

/**
 * The demo PBX: the AMI simulator on a loopback port, with live traffic over the demo operators'
 * extensions, so `npm start` shows calls arriving through the same connector a real Asterisk uses.
 */
export async function startDemoPbx(logger: Logger): Promise<{ url: string; stop: () => Promise<void> }> {
  void logger;
  throw new Error('the demo PBX is not built yet');
}
