// How a protocol numbers a site's devices (unit ids, device instances…): the part of a plug-in
// that `device-numbers.ts` reads. Every plug-in with a numbering gives each device a number, explicit in the
// site file or automatic (the lowest free one in device order), kept in `Device.numbers[plug-in name]`.

/** The first automatic number taken from a field of the `site` section, with its default. */
export interface SiteFirstNumber {
  /** The field's name in the site file's `site` section. */
  readonly siteField: string;
  readonly default: number;
  /** The field's description in the site file's schema. */
  readonly description: string;
}

export interface DeviceNumbering {
  /** The device field that sets a number (a fleet's first, the others follow), e.g. `<protocol>Unit`. */
  readonly field: string;
  /** The field's description in the site file's schema. */
  readonly description: string;
  /** One number in messages: `<Protocol> unit`. */
  readonly what: string;
  /** The numbers a device may have. */
  readonly min: number;
  readonly max: number;
  /** The first automatic number: fixed, or set by a `site` field. */
  readonly first: number | SiteFirstNumber;
  /**
   * When no number is left: a warning and the devices after get none (null), the message ending with `why`
   * (`<Protocol> has 247 unit ids`); or an error, that names the numbers as `each` (`instance`).
   */
  readonly whenFull:
    | { readonly severity: 'warning'; readonly why: string }
    | { readonly severity: 'error'; readonly each: string };
}

/** The plug-ins that number devices, in registry order. */
export function numberings<P extends { readonly numbering?: DeviceNumbering }>(
  plugins: readonly P[],
): (P & { readonly numbering: DeviceNumbering })[] {
  return plugins.filter((p): p is P & { readonly numbering: DeviceNumbering } => p.numbering !== undefined);
}
