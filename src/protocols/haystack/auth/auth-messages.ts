// The Haystack Auth headers (docHaystack Auth): the client's `Authorization` (HELLO, SCRAM, BEARER) parsed, the
// server's `WWW-Authenticate` and `Authentication-Info` formatted. The grammar is RFC 7235's restricted to
// tokens: `scheme name=value, name=value`, no quoted strings; values that are not tokens travel as base64url
// without padding. Output is written as haxall writes it (lower-case `scram`, parameters sorted by name),
// which clients that match it with regular expressions (phable) rely on.

import { decodeBase64, decodeUtf8, encodeBase64Url } from '../../../auth/base64.js';
import { failed, type Parsed, parsed } from '../../../auth/parsed.js';

/** The only hash offered; the spec requires every client and server to support it. */
export const HASH = 'SHA-256';

/** Longer headers are refused before parsing: no Haystack message comes near this. */
export const MAX_HEADER_LENGTH = 8192;

export type AuthorizationHeader =
  | { scheme: 'hello'; username: string }
  /** `data` is the decoded SCRAM message; absent when the client sent none. */
  | { scheme: 'scram'; handshakeToken: string; data: string | null }
  | { scheme: 'bearer'; authToken: string };

/** An RFC 7230 token. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A parameter value: a token, also allowing the `/` and `=` of padded base64 that some clients send. */
const VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z/=]+$/;
/** RFC 6750's token68 (`Bearer <token>`), accepted from clients that send bearer tokens that way. */
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Splits `scheme a=b, c=d` into the lower-case scheme and its parameters (names lower-cased). */
export function parseAuthParams(header: string): Parsed<{ scheme: string; params: Map<string, string> }> {
  const text = header.trim();
  const space = text.search(/\s/);
  const scheme = (space < 0 ? text : text.slice(0, space)).toLowerCase();
  if (!TOKEN.test(scheme)) return failed('the Authorization header has no scheme');
  const params = new Map<string, string>();
  const rest = space < 0 ? '' : text.slice(space + 1).trim();
  // Empty list elements (`a=b, , c=d`) are allowed by the HTTP list rule and skipped.
  for (const element of rest === '' ? [] : rest.split(',')) {
    if (element.trim() === '') continue;
    const eq = element.indexOf('=');
    if (eq < 0) return failed(`'${clip(element.trim())}' is not a name=value parameter`);
    const name = element.slice(0, eq).trim();
    const value = element.slice(eq + 1).trim();
    if (!TOKEN.test(name)) return failed(`bad parameter name '${clip(name)}'`);
    if (!VALUE.test(value)) return failed(`bad value for parameter ${name}`);
    const key = name.toLowerCase();
    if (params.has(key)) return failed(`parameter ${name} is repeated`);
    params.set(key, value);
  }
  return parsed({ scheme, params });
}

/** Reads a client's `Authorization` header. Never throws: anything unexpected is a failure with a message. */
export function parseAuthorization(header: string): Parsed<AuthorizationHeader> {
  if (header.length > MAX_HEADER_LENGTH) return failed('the Authorization header is too long');
  const head = header.trim().split(/\s/, 1)[0]?.toLowerCase() ?? '';
  if (head === 'basic')
    return failed('Basic authentication is not supported: log in with SCRAM (HELLO first)');
  if (head === 'bearer') {
    const rest = header.trim().slice(head.length).trim();
    if (TOKEN68.test(rest) && !/^authtoken\s*=/i.test(rest))
      return parsed({ scheme: 'bearer', authToken: rest });
  }
  const message = parseAuthParams(header);
  if (!message.ok) return message;
  const { scheme, params } = message.value;
  switch (scheme) {
    case 'hello': {
      const encoded = params.get('username');
      if (encoded === undefined) return failed('HELLO needs a username parameter');
      const username = decodeText(encoded);
      if (username === null) return failed('the username parameter is not base64url of UTF-8 text');
      if (username === '') return failed('the username is empty');
      return parsed({ scheme, username });
    }
    case 'scram': {
      const handshakeToken = params.get('handshaketoken');
      if (handshakeToken === undefined) return failed('SCRAM needs the handshakeToken the server sent');
      const encoded = params.get('data');
      if (encoded === undefined) return parsed({ scheme, handshakeToken, data: null });
      const data = decodeText(encoded);
      if (data === null) return failed('the data parameter is not base64url of UTF-8 text');
      return parsed({ scheme, handshakeToken, data });
    }
    case 'bearer': {
      const authToken = params.get('authtoken');
      return authToken === undefined
        ? failed('BEARER needs an authToken parameter')
        : parsed({ scheme, authToken });
    }
    default:
      return failed(`unsupported authentication scheme '${clip(scheme)}': log in with HELLO, then SCRAM`);
  }
}

/** The answer to HELLO: `WWW-Authenticate: scram handshakeToken=…, hash=SHA-256`. */
export const helloChallenge = (handshakeToken: string): string =>
  `scram handshakeToken=${handshakeToken}, hash=${HASH}`;

/** The answer to client-first: `WWW-Authenticate: scram data=<server-first>, handshakeToken=…, hash=SHA-256`. */
export const scramChallenge = (handshakeToken: string, serverFirst: string): string =>
  `scram data=${encodeBase64Url(serverFirst)}, handshakeToken=${handshakeToken}, hash=${HASH}`;

/** The last answer: `Authentication-Info: authToken=…, data=<server-final>, hash=SHA-256`. */
export const authenticationInfo = (authToken: string, serverFinal: string): string =>
  `authToken=${authToken}, data=${encodeBase64Url(serverFinal)}, hash=${HASH}`;

/**
 * The challenge to a request with no credentials: start the exchange with HELLO. (The spec asks for "a 401
 * challenge" without naming one; a 401 must carry WWW-Authenticate, and HELLO is the first step.)
 */
export const LOGIN_CHALLENGE = 'HELLO';

/** The UTF-8 text of a base64url value, or null. */
function decodeText(encoded: string): string | null {
  const bytes = decodeBase64(encoded);
  return bytes === null ? null : decodeUtf8(bytes);
}

/** Untrusted text quoted in a message, cut short. */
const clip = (text: string): string => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
