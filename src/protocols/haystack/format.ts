// The grid formats the Haystack HTTP API answers in, and the media type of each.

export type Format = 'zinc' | 'json' | 'csv';

export const MIME: Record<Format, string> = {
  zinc: 'text/zinc; charset=utf-8',
  json: 'application/vnd.haystack+json; version=4; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};
