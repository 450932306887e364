// The Project Haystack plug-in: the Haystack 4 API over HTTP, mounted on the shared HTTP host, for the
// registry.

import type { ProtocolPlugin } from '../plugin.js';
import { haystackHttpService } from './http-service.js';
import { TRIO_EXPORT, ZINC_EXPORT } from './point-records.js';

export const haystackPlugin: ProtocolPlugin = {
  name: 'haystack',
  title: 'Project Haystack',
  http: haystackHttpService,
  exports: [ZINC_EXPORT, TRIO_EXPORT],
};
