/**
 * How Twilio reaches an operator, and how an operator is recognised in Twilio's callbacks. An operator is
 * their extension everywhere in the CRM; on Twilio that extension is either a browser softphone identity
 * (`<Client>ext-101</Client>`, the identity their access token carries) or, with a SIP domain, a SIP
 * address (`sip:101@hotline.sip.twilio.com`). Callbacks name the leg's far end in `To` (or `Called`):
 * `client:ext-101` or `sip:101@…`.
 */

const CLIENT_PREFIX = 'ext-';

/** The softphone identity of an extension: the token's identity and the `<Client>` noun's name. */
export const clientIdentity = (extension: string): string => `${CLIENT_PREFIX}${extension}`;

/** The SIP address of an extension on a Twilio SIP domain. */
export const sipAddress = (extension: string, domain: string): string => `sip:${extension}@${domain}`;

/**
 * The extension behind a Twilio address (`client:ext-101`, `ext-101`, `sip:101@domain`), or null for a
 * number or anything else (a client's phone).
 */
export function extensionOf(address: string | undefined | null): string | null {
  if (!address) return null;
  const client = /^(?:client:)?ext-([0-9A-Za-z_*#]{1,32})$/.exec(address);
  if (client) return client[1]!;
  const sip = /^sip:([0-9A-Za-z_*#]{1,32})@[^;]+/.exec(address);
  return sip ? sip[1]! : null;
}
