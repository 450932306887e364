// A JSON schema (draft-07) as plain data: the site file's schema is assembled from such pieces.

export type JsonSchema = { readonly [keyword: string]: unknown };
