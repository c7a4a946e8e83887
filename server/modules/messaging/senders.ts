import type { MessageChannel } from '../../db/entities';

/** One message as a sender takes it: the address, the rendered text, the unsubscribe link (e-mail). */
export type Outgoing = {
  to: string;
  /** The recipient's name, for the e-mail's To (encoded by the sender, never pasted into a header). */
  toName: string | null;
  subject: string | null;
  body: string;
  unsubscribeUrl: string | null;
  /** Our id of the message (messages.id): the e-mail's Message-ID is made from it. */
  messageId: number;
};

/** A send the provider refused; `permanent` says another try would fail too (a bad address). */
export class SendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** A way out for one channel: SMTP for e-mail, Twilio for SMS (the demo's record-only senders in between). */
export type MessageSender = {
  readonly channel: MessageChannel;
  /** The provider's id of the accepted message. Throws SendError. */
  send(message: Outgoing): Promise<{ providerId: string | null }>;
  close(): Promise<void>;
};

export type MessageSenders = Partial<Record<MessageChannel, MessageSender>>;
