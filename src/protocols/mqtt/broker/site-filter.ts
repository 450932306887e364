// Whether a subscription's topic filter takes in topics under a prefix (`pointyard/demo`, `spBv1.0/demo`):
// a client that subscribes to such a filter reads the site's data and counts as an MQTT host application.

/** True when `filter` matches some topic under `prefix` (`#`, `pointyard/+/…`, `spBv1.0/demo/DDATA/#`…). */
export function filterReaches(filter: string, prefix: string): boolean {
  const f = filter.split('/');
  const p = prefix.split('/');
  for (let i = 0; i < f.length; i++) {
    const level = f[i];
    // `#` takes in everything below (but a leading `#` or `+` never matches `$…` topics: none of ours are).
    if (level === '#') return true;
    if (i >= p.length) return true;
    if (level !== '+' && level !== p[i]) return false;
  }
  // The filter ends at or above the prefix's last level: it names the prefix itself, no topic under it.
  return false;
}
