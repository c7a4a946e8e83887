import { PbxActionError } from '../../telephony/pbx-action-error';
import { AppError } from '../http/errors';

/**
 * A PBX action's failure as the API answers it: the PBX refused (502), did not answer in time (504), or
 * there is no link to it (503). Anything else is passed on as it is.
 */
export function pbxHttpError(err: unknown): unknown {
  if (!(err instanceof PbxActionError)) return err;
  if (err.code === 'rejected') return new AppError(502, 'pbx_rejected', err.message);
  if (err.code === 'timeout') return new AppError(504, 'pbx_timeout', err.message);
  return new AppError(503, 'pbx_unavailable', err.message);
}
