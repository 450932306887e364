// The result of parsing untrusted text: a value, or a message for a person. Parsers never throw.

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const parsed = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const failed = <T>(error: string): Parsed<T> => ({ ok: false, error });
