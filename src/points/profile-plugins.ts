// The plug-ins a profile was read with, remembered beside it (not in it: the profile stays plain data, its
// JSON the canonical shape). Whoever shows a profile's addresses (Haystack's `<name>Cur` tags, the exports)
// asks here which columns put them there.

import type { Profile } from './model.js';
import type { PointsPlugin } from './points-plugin.js';

const READ_WITH = new WeakMap<Profile, readonly PointsPlugin[]>();

/** Records that `profile` was read with `plugins` (the points-list reader and the JSON import do). */
export function rememberPlugins(profile: Profile, plugins: readonly PointsPlugin[]): void {
  READ_WITH.set(profile, plugins);
}

/** The plug-ins `profile` was read with; none for a profile built otherwise. */
export function pluginsOf(profile: Profile): readonly PointsPlugin[] {
  return READ_WITH.get(profile) ?? [];
}
