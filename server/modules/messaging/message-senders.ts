import type { Config } from '../../config/config';
import { EmailSender } from './email-sender';
import { RecordingSmsSender, TwilioSmsSender } from './sms-sender';
import type { MessageSenders } from './senders';

/**
 * The ways out this configuration has: SMTP_URL for e-mail, Twilio (with a sender number) for SMS. The
 * demo, with neither, gets senders that build each message and keep it in memory: its mailings run and
 * its history fills, and nothing leaves the machine.
 */
export function messageSenders(config: Pick<Config, 'messaging' | 'twilio' | 'publicUrl'>, o: { demo: boolean }): MessageSenders {
  const domain = /@([^>\s]+)>?\s*$/.exec(config.messaging.mailFrom)?.[1] ?? 'localhost';
  const senders: MessageSenders = {};
  if (config.messaging.smtpUrl) senders.email = new EmailSender({ smtpUrl: config.messaging.smtpUrl, from: config.messaging.mailFrom, domain });
  else if (o.demo) senders.email = new EmailSender({ smtpUrl: 'stream', from: config.messaging.mailFrom, domain });
  if (config.twilio && config.messaging.smsFrom) {
    senders.sms = new TwilioSmsSender({
      accountSid: config.twilio.accountSid, authToken: config.twilio.authToken, apiUrl: config.twilio.apiUrl, from: config.messaging.smsFrom,
      // Twilio says there when a carrier refused a message it had accepted (PUBLIC_URL is required with Twilio).
      statusCallback: config.publicUrl && `${config.publicUrl.replace(/\/+$/, '')}/telephony/twilio/sms/status`,
    });
  } else if (o.demo) senders.sms = new RecordingSmsSender();
  return senders;
}
