import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Request, Response } from 'express';
import { AppError } from '../../http/errors';
import type { RecordingLocation } from './recording-location';

/** What a player needs from an HTTP source's answer: the part sent, its size, its type. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

/**
 * Sends a recording with HTTP range requests (a player seeks by asking for the bytes it needs): a file
 * through express's sendFile, which answers Range with 206; a URL fetched with the client's Range passed
 * on, and its answer streamed back as it comes.
 */
export async function sendRecording(req: Request, res: Response, where: RecordingLocation, download: boolean): Promise<void> {
  res.setHeader('Cache-Control', 'private, no-store');
  if (download) res.attachment(where.name);
  if (where.kind === 'file') {
    await new Promise<void>((resolve, reject) =>
      res.sendFile(where.path, { acceptRanges: true, dotfiles: 'allow', cacheControl: false, lastModified: true }, (err?: NodeJS.ErrnoException) => {
        if (!err) return resolve();
        if (res.headersSent) return resolve(); // the listener went away mid-file
        if ((err as { status?: number }).status === 416) return reject(new AppError(416, 'range_not_satisfiable', 'The range asked for is outside the recording'));
        reject(err.code === 'ENOENT' || err.code === 'EISDIR' ? missing() : err);
      }),
    );
    return;
  }
  const range = req.headers.range;
  const upstream = await fetch(where.url, { headers: { ...(range && { range }), ...(where.authorization && { authorization: where.authorization }) }, signal: AbortSignal.timeout(30_000) }).catch((err: Error) => {
    throw new AppError(502, 'recording_unavailable', `The recording could not be fetched: ${err.message}`);
  });
  if (upstream.status === 404) throw missing();
  if (upstream.status === 416) {
    res.status(416).setHeader('Content-Range', upstream.headers.get('content-range') ?? '*/0');
    res.end();
    return;
  }
  if (!upstream.ok || !upstream.body) throw new AppError(502, 'recording_unavailable', `The recording’s source answered ${upstream.status}`);
  res.status(upstream.status);
  for (const h of PASSED_HEADERS) {
    const v = upstream.headers.get(h);
    if (v) res.setHeader(h, v);
  }
  const body = Readable.fromWeb(upstream.body as WebReadableStream<Uint8Array>);
  res.once('close', () => body.destroy());
  await new Promise<void>((resolve) => body.pipe(res).once('finish', resolve).once('close', resolve));
}

const missing = () => new AppError(404, 'recording_missing', 'The recording’s file is not there (deleted, or not yet copied from the PBX)');
