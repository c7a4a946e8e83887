/**
 * How long an SMS is and in how many parts it goes. Text entirely in the GSM 03.38 alphabet is sent as
 * GSM-7: 160 characters in one part, 153 per part when split (the extension characters ^{}[]~|€\ and
 * form feed take two). Anything else (Cyrillic, emoji) switches the whole message to UCS-2: 70 in one
 * part, 67 per part, counted in UTF-16 units.
 */
export type SmsEncoding = 'gsm7' | 'ucs2';
export type SmsLength = { encoding: SmsEncoding; units: number; parts: number; perPart: number; left: number };

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';
const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export function smsLength(text: string): SmsLength {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (basic.has(ch)) units += 1;
    else if (extended.has(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding: SmsEncoding = gsm ? 'gsm7' : 'ucs2';
  if (!gsm) units = text.length; // UTF-16 code units: an emoji takes two
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  const parts = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / multi);
  const perPart = parts > 1 ? multi : single;
  const left = parts === 0 ? single : parts * perPart - units;
  return { encoding, units, parts, perPart, left };
}
