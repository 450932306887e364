// The store engines by name, and how a database URL is told from a name: read by `openStore` and by the
// site file's checks (which must not load an engine to know its name).

/** The engines `openStore` can open, by name. */
export const STORE_ENGINES = ['sqlite', 'memory', 'postgres'] as const;

export type StoreEngineName = (typeof STORE_ENGINES)[number];

/** The scheme of a database URL (`postgres` of `postgres://…`), lower case; null for an engine's name. */
export function urlScheme(engine: string): string | null {
  return /^([a-z][a-z0-9+.-]*):\/\//i.exec(engine)?.[1]?.toLowerCase() ?? null;
}

/** The URL schemes of the PostgreSQL engine. */
export const POSTGRES_SCHEMES = ['postgres', 'postgresql'];

/** Whether `engine` is a known name or a URL (a URL's engine is checked when the store opens). */
export function isEngineNameOrUrl(engine: string): boolean {
  return (STORE_ENGINES as readonly string[]).includes(engine) || urlScheme(engine) !== null;
}

/** Where a store keeps its data, for a person (a URL without its password). */
export function describeStore(engine: string, url: string | null | undefined, dataDir: string): string {
  const target = urlScheme(engine) !== null ? engine : engine === 'postgres' ? (url ?? '') : null;
  if (target === null) return engine === 'memory' ? 'in memory (nothing kept)' : `in ${dataDir}`;
  try {
    const parsed = new URL(target);
    if (parsed.password) parsed.password = '***';
    return `in ${parsed.toString()}`;
  } catch {
    return 'in the PostgreSQL database';
  }
}
