// A refusal of the write path as an op's failure: what the caller's role may not write is a 403, as the role
// checks before an op answer; any other refusal (a bad value, a disabled site, a server stopping…) an error
// grid. The write path's role refusals say "may not", by which the web UI tells a refusal from an ended
// session. hisWrite's refusals go the same way.

import type { WriteError, WriteErrorMap } from '../../../runtime/services/services.js';
import { OpError } from '../grids.js';

/** The HTTP status of each refusal: 200 carries an error grid. */
const HTTP_STATUS_OF: WriteErrorMap<200 | 403> = {
  'unknown-point': 200,
  'read-only': 200,
  'bad-type': 200,
  'out-of-range': 200,
  'bad-enum': 200,
  'bad-action': 200,
  'bad-level': 200,
  'bad-duration': 200,
  forbidden: 403,
  disabled: 200,
  rejected: 200,
  'store-failed': 200,
  stopping: 200,
};

/** A refusal with a write path's code, or a history refusal's (whose own codes are error grids). */
export const writeFailure = (error: { code: string; message: string }, prefix = ''): OpError =>
  new OpError(`${prefix}${error.message}`, HTTP_STATUS_OF[error.code as WriteError['code']] ?? 200);
