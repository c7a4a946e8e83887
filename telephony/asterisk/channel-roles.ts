/** What a channel is to the CRM: the client's side (trunk), an operator's phone, or PBX plumbing. */
export type ChannelRole = 'external' | 'phone' | 'local';

export type ChannelPatterns = {
  /** An operator's phone; the first capture group is the extension. */
  phone: RegExp;
  /** Plumbing channels (queue members, transfer helpers) that are neither side of the call. */
  local: RegExp;
};

/**
 * Defaults that fit PJSIP, SIP, IAX2 and DAHDI phones named by extension ("PJSIP/101-0000000b",
 * "IAX2/101-3936"): anything else that is not a Local channel is the outside world.
 * Override with AMI_PHONE_CHANNEL and AMI_LOCAL_CHANNEL (regular expressions).
 */
export const DEFAULT_CHANNEL_PATTERNS: ChannelPatterns = {
  phone: /^[A-Za-z0-9]+\/(\d{2,6})-[0-9A-Za-z]+$/,
  local: /^Local\//,
};

export function classifyChannel(name: string, patterns: ChannelPatterns): { role: ChannelRole; extension: string | null } {
  const phone = patterns.phone.exec(name);
  if (phone) return { role: 'phone', extension: phone[1] ?? null };
  if (patterns.local.test(name)) return { role: 'local', extension: null };
  return { role: 'external', extension: null };
}
