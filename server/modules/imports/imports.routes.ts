import { Router, type NextFunction, type Request, type Response } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { actorOf, requireRole } from '../../http/auth.middleware';
import { badRequest } from '../../http/errors';
import { idParam, parseBody } from '../../http/validate';
import { MAX_FILE_BYTES, tooLarge } from './import-errors';
import { DUPLICATE_POLICIES, type ImportsService } from './imports.service';
import { IMPORT_FIELDS } from './suggest-mapping';

const runSchema = z.object({
  mapping: z.record(z.string().min(1).max(300), z.enum(IMPORT_FIELDS)).optional(),
  duplicates: z.enum(DUPLICATE_POLICIES),
});

/** One file in memory, at most 50 MB: a larger one is a 413 before it is read. */
const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 10 } }).single('file');

function receiveFile(req: Request, res: Response, next: NextFunction) {
  upload(req, res, (err: unknown) => {
    if (!err) return next();
    const e = err as { code?: string };
    if (e.code === 'LIMIT_FILE_SIZE') return next(tooLarge('file_too_large', `The file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`));
    next(badRequest(`The upload cannot be read: ${(err as Error).message}`));
  });
}

/** Office-file imports (managers): upload → dry run → commit, progress read back by GET. */
export function importsRoutes(imports: ImportsService): Router {
  const r = Router();
  r.post('/imports', requireRole('manager'), receiveFile, async (req, res) => {
    if (!req.file) throw badRequest('Send the file in the multipart field "file"');
    // Browsers send the name in UTF-8, busboy reads it as Latin-1.
    const name = Buffer.from(req.file.originalname, 'latin1').toString('utf8');
    res.status(201).json(await imports.upload(actorOf(req), name, req.file.buffer));
  });
  r.get('/imports/:id', requireRole('manager'), async (req, res) => {
    res.json(await imports.get(idParam(req)));
  });
  r.post('/imports/:id/dry-run', requireRole('manager'), async (req, res) => {
    const id = idParam(req);
    await imports.start(actorOf(req), id, 'check', parseBody(runSchema, req));
    res.status(202).json(await imports.get(id));
  });
  r.post('/imports/:id/commit', requireRole('manager'), async (req, res) => {
    const id = idParam(req);
    await imports.start(actorOf(req), id, 'commit', parseBody(runSchema, req));
    res.status(202).json(await imports.get(id));
  });
  r.get('/imports/:id/failed.csv', requireRole('manager'), async (req, res) => {
    const id = idParam(req);
    const csv = await imports.failedRowsCsv(id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="import-${id}-failed.csv"`);
    res.send(csv);
  });
  return r;
}
