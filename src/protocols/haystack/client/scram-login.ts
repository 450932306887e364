// A Haystack SCRAM client (haystack-nclient has none): HELLO → SCRAM → BEARER over `fetch`, written from the
// spec and RFC 5802 with node:crypto alone, apart from the server's code, so that tests of the server check it.
// Used by the `pointyard read|write|his` commands and by the tests.

import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

export type Step = 'hello' | 'client-first' | 'client-final' | 'server-signature';

/** A login that did not end with a token: at which step, with which HTTP status and body. */
export class ScramLoginError extends Error {
  constructor(
    readonly step: Step,
    readonly status: number,
    readonly body: string,
  ) {
    super(`SCRAM login failed at ${step}: HTTP ${status}${body ? ` ${body}` : ''}`);
    this.name = 'ScramLoginError';
  }
}

export interface ScramLoginOptions {
  fetch?: typeof fetch;
  /** The client nonce (fixed by tests to replay RFC 7677); 12 random bytes in hex by default, as haxall. */
  clientNonce?: string;
}

const b64u = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');
const unb64u = (text: string): string => Buffer.from(text, 'base64url').toString('utf8');

/** The parameters of `scheme a=b, c=d` (or of `a=b, c=d` when `withScheme` is false). */
function authParams(header: string | null, withScheme = true): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  const rest = withScheme ? header.slice(header.indexOf(' ') + 1) : header;
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

/** `a=x,b=y` → { a: x, b: y } */
function scramAttributes(message: string): Map<string, string> {
  return new Map(message.split(',').map((p) => [p.slice(0, 1), p.slice(2)] as [string, string]));
}

/** Logs in at `url` (any URL of the API; `<base>/about` by habit) and returns the auth token. */
export async function scramLogin(
  url: string,
  username: string,
  password: string,
  options: ScramLoginOptions = {},
): Promise<string> {
  const f = options.fetch ?? fetch;
  const send = async (authorization: string, step: Step, expected: number) => {
    const res = await f(url, { headers: { Authorization: authorization } });
    const body = await res.text();
    if (res.status !== expected) throw new ScramLoginError(step, res.status, body);
    return res;
  };

  const hello = await send(`HELLO username=${b64u(username)}`, 'hello', 401);
  const helloParams = authParams(hello.headers.get('www-authenticate'));
  if (helloParams.get('hash') !== 'SHA-256') throw new ScramLoginError('hello', 401, 'no hash=SHA-256');
  const helloToken = helloParams.get('handshaketoken') ?? '';

  const clientNonce = options.clientNonce ?? randomBytes(12).toString('hex');
  const clientFirstBare = `n=${username.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${clientNonce}`;
  const first = await send(
    `SCRAM handshakeToken=${helloToken}, data=${b64u(`n,,${clientFirstBare}`)}`,
    'client-first',
    401,
  );
  const firstParams = authParams(first.headers.get('www-authenticate'));
  const serverFirst = unb64u(firstParams.get('data') ?? '');
  const sf = scramAttributes(serverFirst);
  const nonce = sf.get('r') ?? '';
  if (!nonce.startsWith(clientNonce) || nonce === clientNonce)
    throw new ScramLoginError('client-first', 401, `bad server nonce in ${serverFirst}`);

  const salted = pbkdf2Sync(
    password,
    Buffer.from(sf.get('s') ?? '', 'base64'),
    Number(sf.get('i')),
    32,
    'sha256',
  );
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=${Buffer.from('n,,').toString('base64')},r=${nonce}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = createHmac('sha256', storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((byte, i) => byte ^ (signature[i] ?? 0))).toString('base64');
  const final = await send(
    `SCRAM handshakeToken=${firstParams.get('handshaketoken') ?? helloToken}, data=${b64u(`${withoutProof},p=${proof}`)}`,
    'client-final',
    200,
  );

  const info = authParams(final.headers.get('authentication-info'), false);
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const expected = `v=${createHmac('sha256', serverKey).update(authMessage).digest('base64')}`;
  if (unb64u(info.get('data') ?? '') !== expected)
    throw new ScramLoginError('server-signature', 200, 'the server did not prove it knows the password');
  const token = info.get('authtoken');
  if (!token) throw new ScramLoginError('client-final', 200, 'no authToken in Authentication-Info');
  return token;
}

/** A `fetch` that adds `Authorization: BEARER authToken=<token>` to each request (headers per call). */
export function bearerFetch(token: string, f: typeof fetch = fetch): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `BEARER authToken=${token}`);
    return f(input, { ...init, headers });
  };
}

/** Logs in at `<baseUrl>/about` and returns the token and a `fetch` that sends it. */
export async function haystackLogin(
  baseUrl: string,
  username: string,
  password: string,
  options: ScramLoginOptions = {},
): Promise<{ token: string; fetch: typeof fetch }> {
  const token = await scramLogin(`${baseUrl.replace(/\/$/, '')}/about`, username, password, options);
  return { token, fetch: bearerFetch(token, options.fetch) };
}
