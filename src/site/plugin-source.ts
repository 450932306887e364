// How a protocol reads a device `source`: the part of a plug-in that `source.ts` reads. A device whose source
// is `kind: <plug-in name>` (a mapping) or `<scheme>://…` (a URL) is read through that protocol's connector;
// the plug-in turns what the site file says into its settings, or says why it cannot.

/** The plug-in's settings, or why they cannot be used (a message for the `source` line). */
export type SettingsReading<S> = { settings: S } | { problem: string };

export interface SourceSupport<S = unknown> {
  /** URL schemes it reads, without `://`. */
  readonly schemes: readonly string[];
  /**
   * Its settings' names in the order messages list them, without `kind` and the connector framework's
   * `staleMs` and `disabled` (those are read for every source).
   */
  readonly fields: readonly string[];
  /** What a source of this kind is, for the schema's description of `source`: `a <protocol> device as…`. */
  readonly description: string;
  /**
   * A URL of one of its schemes as a mapping of settings (values as text, as a URL has them), or a problem.
   * The query's `staleMs` and `disabled` are passed on like the others.
   */
  fromUrl(url: URL, text: string): SettingsReading<Record<string, unknown>>;
  /** Its settings from a mapping or a URL (numbers may be text), checked; `kind` is not among them. */
  read(raw: Record<string, unknown>): SettingsReading<S>;
  /** The settings of a fleet's device at `offset` (0 for the first) when they differ (e.g. the next unit id). */
  forFleet?(settings: S, offset: number): S;
  /** The source as a person writes it: `<scheme>://10.0.0.7:502?unit=3`. */
  describe(settings: S): string;
}
