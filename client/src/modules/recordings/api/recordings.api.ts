import { apiRequest } from '../../../app/api-client';

/** The manager's retention (server/modules/recordings): days a recording is kept after its call; null: forever. */
export type RecordingSettings = { retentionDays: number | null };

export const getRecordingSettings = (signal?: AbortSignal) => apiRequest<RecordingSettings>('/recordings/settings', { signal });
export const putRecordingSettings = (body: RecordingSettings) => apiRequest<RecordingSettings>('/recordings/settings', { method: 'PUT', body });

/**
 * A call's recording as a plain URL: the <audio> element and the download link send the session cookie
 * themselves, and the server answers range requests, so seeking fetches only the part needed.
 */
export const recordingUrl = (callId: number, download = false) => `/api/calls/${callId}/recording${download ? '?download=1' : ''}`;

/**
 * Why a recording would not play: <audio> only says "error", so one byte is asked for again to read the
 * API's answer (404 recording_missing or no_recording, 403). Not the first byte: the server audits a
 * request from byte 0 as a new listen. 'unknown' when even that fails.
 */
export async function recordingProblem(callId: number): Promise<'missing' | 'forbidden' | 'unknown'> {
  try {
    const res = await fetch(recordingUrl(callId), { credentials: 'same-origin', headers: { Range: 'bytes=1-1' } });
    if (res.status === 404) return 'missing';
    if (res.status === 403) return 'forbidden';
  } catch {
    // offline: nothing more to say than "unavailable"
  }
  return 'unknown';
}
