// What reading one property of an object gives, before it is encoded: a plain value (one or more
// application-tagged values, e.g. a DateTime's Date and Time), a BACnetARRAY (readable whole, by index, and
// its size at index 0), or a refusal with the error class and code the standard names.
import type { BacnetValue } from '../codec/index.js';

export type PropertyContent =
  | { readonly kind: 'value'; readonly values: readonly BacnetValue[] }
  | { readonly kind: 'array'; readonly elements: readonly ArrayElement[] };

/** An array element: application-tagged values, or octets already encoded (a context-tagged choice). */
export type ArrayElement = readonly BacnetValue[] | Uint8Array;

/** A BACnet Error (class, code) and why, for the log line. */
export interface PropertyError {
  readonly errorClass: number;
  readonly errorCode: number;
  readonly why: string;
}

/** One property of an object: its identifier, whether the standard requires it, and how to read it. */
export interface PropertyDef {
  readonly id: number;
  readonly required: boolean;
  readonly read: () => PropertyContent;
  /**
   * The content never changes while the server runs (it comes from the points list, the site file or the
   * objects, all fixed once the server starts): its encoding is made on the first read and kept.
   */
  readonly constant?: boolean;
}

/** A constant property's read: its content made on the first read and kept. */
export function once(read: () => PropertyContent): () => PropertyContent {
  let kept: PropertyContent | undefined;
  return () => {
    kept ??= read();
    return kept;
  };
}

export const value = (...values: BacnetValue[]): PropertyContent => ({ kind: 'value', values });
export const array = (elements: ArrayElement[]): PropertyContent => ({ kind: 'array', elements });

export const real = (v: number): BacnetValue => ({ type: 'real', value: v });
export const unsigned = (v: number): BacnetValue => ({ type: 'unsigned', value: v });
export const enumerated = (v: number): BacnetValue => ({ type: 'enumerated', value: v });
export const text = (v: string): BacnetValue => ({ type: 'characterString', value: v });
export const bool = (v: boolean): BacnetValue => ({ type: 'boolean', value: v });
export const NULL: BacnetValue = { type: 'null' };
