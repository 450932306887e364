// A refusal of the write path as an op's failure: what the caller's role may not write is a 403, as the role
// checks before an op answer; any other refusal (a bad value, a disabled site…) an error grid. The write
// path's role refusals say "may not", by which the web UI tells a refusal from an ended session.

import type { WriteError } from '../../../runtime/services/services.js';
import { OpError } from '../grids.js';

export const writeFailure = (error: WriteError): OpError =>
  new OpError(error.message, error.code === 'forbidden' ? 403 : 200);
