// The Haystack SCRAM-SHA-256 login (docs/haystack-auth.md) in the browser, with WebCrypto only:
// HELLO → client-first → client-final → BEARER token. The password never leaves this function.

const utf8 = new TextEncoder();

/** base64url (no padding) of a UTF-8 text: how the handshake carries its messages. */
export function b64url(text: string): string {
  return bytesToBase64(utf8.encode(text)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function unb64url(text: string): string {
  return new TextDecoder().decode(base64ToBytes(text.replace(/-/g, '+').replace(/_/g, '/')));
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const padded = text + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** `scheme a=b, c=d` (or `a=b, c=d`) → lower-cased names to values. */
export function authParams(header: string | null, withScheme = true): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  const rest = withScheme ? header.slice(header.indexOf(' ') + 1) : header;
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return out;
}

async function hmac(key: Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array<ArrayBuffer>> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, utf8.encode(message)));
}

export interface ScramProof {
  /** `c=biws,r=<nonce>,p=<proof>` */
  clientFinal: string;
  /** The `v=…` the server must answer with. */
  serverFinal: string;
}

/** RFC 5802 §3 from the server-first message: the client proof and the expected server signature. */
export async function scramProof(
  password: string,
  clientFirstBare: string,
  serverFirst: string,
): Promise<ScramProof> {
  const attrs = new Map(serverFirst.split(',').map((p) => [p.slice(0, 1), p.slice(2)] as const));
  const salt = base64ToBytes(attrs.get('s') ?? '');
  const iterations = Number(attrs.get('i'));
  const pbkdf2Key = await crypto.subtle.importKey('raw', utf8.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const salted = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, pbkdf2Key, 256),
  );
  const clientKey = await hmac(salted, 'Client Key');
  const storedKey = new Uint8Array(await crypto.subtle.digest('SHA-256', clientKey));
  const withoutProof = `c=biws,r=${attrs.get('r') ?? ''}`;
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = await hmac(storedKey, authMessage);
  const proof = clientKey.map((byte, i) => byte ^ (signature[i] ?? 0));
  const serverKey = await hmac(salted, 'Server Key');
  const serverSignature = await hmac(serverKey, authMessage);
  return {
    clientFinal: `${withoutProof},p=${bytesToBase64(proof)}`,
    serverFinal: `v=${bytesToBase64(serverSignature)}`,
  };
}

/** A login that failed: `status` 403 is a wrong name or password, 429 too many attempts. */
export class LoginError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

function randomNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function refusal(res: Response, body: string): LoginError {
  if (res.status === 429) {
    const wait = res.headers.get('retry-after');
    return new LoginError(`Too many failed logins: try again in ${wait ?? 'a few'} s.`, 429);
  }
  if (res.status === 403) return new LoginError('Wrong user name or password.', 403);
  return new LoginError(body.trim() || `The server refused the login (HTTP ${res.status}).`, res.status);
}

/** Logs in at `aboutUrl` (e.g. `/api/about`) and returns the auth token. */
export async function scramLogin(aboutUrl: string, username: string, password: string): Promise<string> {
  const send = async (authorization: string, expected: number) => {
    const res = await fetch(aboutUrl, { headers: { Authorization: authorization } });
    const body = await res.text();
    if (res.status !== expected) throw refusal(res, body);
    return res;
  };
  const hello = await send(`HELLO username=${b64url(username)}`, 401);
  const helloParams = authParams(hello.headers.get('www-authenticate'));
  if (helloParams.get('hash') !== 'SHA-256') throw new LoginError('The server offers no SCRAM-SHA-256.', 401);

  const nonce = randomNonce();
  const clientFirstBare = `n=${username.replace(/=/g, '=3D').replace(/,/g, '=2C')},r=${nonce}`;
  const first = await send(
    `SCRAM handshakeToken=${helloParams.get('handshaketoken') ?? ''}, data=${b64url(`n,,${clientFirstBare}`)}`,
    401,
  );
  const firstParams = authParams(first.headers.get('www-authenticate'));
  const serverFirst = unb64url(firstParams.get('data') ?? '');
  const serverNonce = /(?:^|,)r=([^,]*)/.exec(serverFirst)?.[1] ?? '';
  if (!serverNonce.startsWith(nonce) || serverNonce === nonce)
    throw new LoginError('The server answered with a bad nonce.', 401);

  const { clientFinal, serverFinal } = await scramProof(password, clientFirstBare, serverFirst);
  const final = await send(
    `SCRAM handshakeToken=${firstParams.get('handshaketoken') ?? ''}, data=${b64url(clientFinal)}`,
    200,
  );
  const info = authParams(final.headers.get('authentication-info'), false);
  if (unb64url(info.get('data') ?? '') !== serverFinal)
    throw new LoginError('The server could not prove it knows the password.', 200);
  const token = info.get('authtoken');
  if (!token) throw new LoginError('The server sent no auth token.', 200);
  return token;
}
