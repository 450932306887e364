// The protocol plug-in contract: everything Pointyard knows of a protocol comes from its plug-in, and the
// registry (registry.ts) lists the plug-ins. Each layer below declares the part it uses (PointsPlugin,
// SitePlugin…) so that it never imports a protocol; this interface is all of them together.

import type { SitePlugin } from '../site/site-plugin.js';

export interface ProtocolPlugin extends SitePlugin {}
