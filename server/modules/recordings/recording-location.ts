import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { AppError } from '../../http/errors';

/** Where recordings are read, from the RECORDINGS_* settings, and the Twilio account's (its recordings need its credentials). */
export type RecordingSources = {
  /** A directory mounted from the PBX. */
  dir?: string;
  /** An HTTP base URL serving the same tree (when there is no mount). */
  url?: string;
  /** The PBX's own recordings directory: cut off the file names it reports. */
  pbxRoot: string;
  /** For calls whose events named no file: {callId}, {yyyy}, {mm}, {dd}. */
  pattern?: string;
  /** The zone the pattern's date is in (the PBX's clock; the floor's zone). */
  timeZone: string;
  twilio?: { accountSid: string; authToken: string; apiUrl?: string };
};

/** A recording to send: a file on disk, or a URL to fetch (with the credentials it needs). */
export type RecordingLocation = { kind: 'file'; path: string; name: string } | { kind: 'http'; url: string; authorization?: string; name: string };

type CallRef = { pbx: string; pbxCallId: string; recordingUrl: string | null; startedAt: Date };

const TWILIO_API = 'https://api.twilio.com';
const refused = () => new AppError(403, 'recording_path_refused', 'The recording’s path leads outside the recordings directory');

/**
 * Where a call's recording is. A link (http…) is Twilio's (fetched with the account's credentials, which
 * go to Twilio's API and nowhere else) or any other recording URL; a path is the PBX's own file name, read
 * under RECORDINGS_DIR or RECORDINGS_URL after its RECORDINGS_PBX_ROOT; no link at all: the path pattern,
 * if any. null: this call has no recording to be found. A path that would leave the directory (`..`,
 * another root) is refused: the PBX's words are not trusted with the server's disk.
 */
export function locateRecording(call: CallRef, s: RecordingSources): RecordingLocation | null {
  const link = call.recordingUrl;
  if (link && /^https?:\/\//i.test(link)) return httpLink(link, s);
  const path = link ? pbxRelative(link, s.pbxRoot) : s.pattern ? fillPattern(s.pattern, call, s.timeZone) : null;
  if (path === null) return null;
  const name = path.split('/').at(-1) || `call-${call.pbxCallId}`;
  if (s.dir) {
    const root = resolve(s.dir);
    const full = resolve(root, path);
    if (full !== root && !full.startsWith(root + sep)) throw refused();
    return { kind: 'file', path: full, name };
  }
  if (s.url) return { kind: 'http', url: new URL(path.split('/').map(encodeURIComponent).join('/'), s.url.endsWith('/') ? s.url : `${s.url}/`).toString(), name };
  return null;
}

/** The path under the PBX's root, '/'-separated; refused if it climbs out or is elsewhere. */
function pbxRelative(file: string, pbxRoot: string): string {
  if (file.includes('\0')) throw refused();
  const posix = file.replace(/\\/g, '/');
  const rel = isAbsolute(posix) ? relative(pbxRoot, normalize(posix)) : normalize(posix);
  const parts = rel.split(/[\\/]/);
  if (rel === '' || isAbsolute(rel) || parts.includes('..')) throw refused();
  return join(...parts).split(sep).join('/');
}

function fillPattern(pattern: string, call: CallRef, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(call.startedAt); // 2026-12-03
  const [yyyy, mm, dd] = day.split('-');
  const values: Record<string, string> = { callId: call.pbxCallId, yyyy: yyyy!, mm: mm!, dd: dd! };
  return pbxRelative(pattern.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m), '/');
}

/** Twilio's recordings are fetched as MP3 with the account's credentials; other links as they are, without any. */
function httpLink(link: string, s: RecordingSources): RecordingLocation {
  const url = new URL(link);
  const name = url.pathname.split('/').at(-1) || 'recording';
  const api = new URL(s.twilio?.apiUrl ?? TWILIO_API);
  if (s.twilio && url.origin === api.origin && /\/Recordings\/RE[0-9a-f]{32}$/i.test(url.pathname)) {
    const authorization = `Basic ${Buffer.from(`${s.twilio.accountSid}:${s.twilio.authToken}`).toString('base64')}`;
    return { kind: 'http', url: `${url.origin}${url.pathname}.mp3`, authorization, name: `${name}.mp3` };
  }
  return { kind: 'http', url: link, name };
}
