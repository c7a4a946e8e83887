import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { badRequest } from '../../http/errors';
import { idParam, parseBody, parseQuery } from '../../http/validate';
import { XLSX_CONTENT_TYPE } from '../exports/spreadsheet-file';
import { MAX_FILE_BYTES, tooLarge } from '../imports/import-errors';
import { addDncSchema, checkDncQuery, exportDncQuery, listDncQuery } from './dnc.schemas';
import type { DncService } from './dnc.service';

/** One file in memory, at most 50 MB (the imports' limit). */
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } }).single('file');

function receiveFile(req: Request, res: Response, next: NextFunction) {
  upload(req, res, (err: unknown) => {
    if (!err) return next();
    if ((err as { code?: string }).code === 'LIMIT_FILE_SIZE') return next(tooLarge('file_too_large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`));
    next(badRequest(`The upload cannot be read: ${(err as Error).message}`));
  });
}

/**
 * The do-not-call list: operators add (from the wrap-up) and check; supervisors read the list; managers
 * remove, import and export. Every change is audited.
 */
export function dncRoutes(dnc: DncService): Router {
  const r = Router();
  r.post('/dnc', async (req, res) => {
    const { entry, created } = await dnc.add(actorOf(req), parseBody(addDncSchema, req));
    res.status(created ? 201 : 200).json({ ...entry, created });
  });
  r.get('/dnc/check', async (req, res) => {
    res.json(await dnc.check(parseQuery(checkDncQuery, req).phone));
  });
  r.get('/dnc/export', requireRole('manager'), async (req, res) => {
    const { format } = parseQuery(exportDncQuery, req);
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="do-not-call.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    await dnc.export(actorOf(req), format, res);
  });
  r.post('/dnc/import', requireRole('manager'), receiveFile, async (req, res) => {
    if (!req.file) throw badRequest('Send the file in the multipart field "file"');
    res.json(await dnc.import(actorOf(req), req.file.buffer));
  });
  r.get('/dnc', requireRole('supervisor'), async (req, res) => {
    res.json(await dnc.list(parseQuery(listDncQuery, req)));
  });
  r.delete('/dnc/:id', requireRole('manager'), async (req, res) => {
    await dnc.remove(actorOf(req), idParam(req));
    res.status(204).end();
  });
  return r;
}
