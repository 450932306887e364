// How a protocol answers a refused write: each protocol gives one table from every code of the write path to
// its own error (an exception code, an HTTP status, an error class and code…). The table's type names
// every code, so a code added to the write path does not compile until every protocol has said how it answers.

import type { WriteErrorCode } from '../../points/write-validation.js';

export type WriteErrorMap<E> = { readonly [code in WriteErrorCode]: E };
