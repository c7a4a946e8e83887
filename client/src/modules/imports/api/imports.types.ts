/** Imports as the server sends them (server/modules/imports). */
export const IMPORT_FIELDS = ['name', 'organization', 'position', 'phone', 'email', 'birthday', 'source', 'tags', 'note'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export type Mapping = Record<string, ImportField>;
export type DuplicatePolicy = 'skip' | 'fill' | 'overwrite';
export type ImportStatus = 'analyzed' | 'checking' | 'checked' | 'running' | 'done' | 'failed';
export type ImportRowError = { row: number; field: string | null; code: string; message: string };
export type Uploaded = { id: number; status: ImportStatus; columns: string[]; mapping: Mapping };
export type ImportState = {
  id: number;
  status: ImportStatus;
  total: number;
  processed: number;
  created: number;
  updated: number;
  skipped: number;
  failed: number;
  errors: ImportRowError[];
  fileName: string;
  columns: string[];
  mapping: Mapping;
  duplicates: DuplicatePolicy | null;
  failure: string | null;
};
