// An export format of `pointyard profile export`: the core's (`json`) or one a protocol plug-in brings.

import type { ColumnOwner } from '../address-column.js';
import type { Profile } from '../model.js';

/** What `profile export` passes every format; each uses what concerns it. */
export interface ExportOptions {
  /** The plug-ins the profile was read with: whose columns gave its addresses. */
  plugins: readonly ColumnOwner[];
  /** Number of the device the exported objects belong to (the `--device-instance` option). */
  deviceInstance?: number;
  /** Date written into the files that carry one; injected so that exports can be reproduced. */
  timestamp?: string;
  /** Author written into the files that carry one. */
  author?: string;
}

/** Files an export writes: name suffix → content. The first is what goes to standard output. */
export type ExportFiles = Array<{ suffix: string; content: string }>;

export interface ExportFormat {
  /** The `--format` value (`json`…). */
  readonly name: string;
  write(profile: Profile, options: ExportOptions): ExportFiles;
}
