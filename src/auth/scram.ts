// SCRAM-SHA-256 (RFC 5802 with the hash of RFC 7677) as pure functions: key derivation from a password, the
// four messages (client-first, server-first, client-final, server-final) built and parsed, the client proof
// and the server signature. No state and no I/O: the Authenticator keeps the state, the tests use both sides.

import { createHash, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { decodeBase64 } from './base64.js';
import { failed, type Parsed, parsed } from './parsed.js';

/** SHA-256 output size: the length of every key, proof and signature. */
export const KEY_BYTES = 32;

const hmac = (key: Buffer, text: string): Buffer => createHmac('sha256', key).update(text, 'utf8').digest();
const sha256 = (bytes: Buffer): Buffer => createHash('sha256').update(bytes).digest();
const xor = (a: Buffer, b: Buffer): Buffer => Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));

/** SaltedPassword = PBKDF2-HMAC-SHA-256(password, salt, i): the costly step, done by the client at each login. */
export function saltedPassword(password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, KEY_BYTES, 'sha256');
}

/** ClientKey = HMAC(SaltedPassword, "Client Key"). */
export const clientKeyOf = (salted: Buffer): Buffer => hmac(salted, 'Client Key');

/** StoredKey = H(ClientKey): what the server keeps to check a proof. */
export const storedKeyOf = (clientKey: Buffer): Buffer => sha256(clientKey);

/** ServerKey = HMAC(SaltedPassword, "Server Key"): what the server keeps to prove itself. */
export const serverKeyOf = (salted: Buffer): Buffer => hmac(salted, 'Server Key');

export interface DerivedKeys {
  saltedPassword: Buffer;
  clientKey: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** Every key RFC 5802 derives from a password. */
export function deriveKeys(password: string, salt: Buffer, iterations: number): DerivedKeys {
  const salted = saltedPassword(password, salt, iterations);
  const clientKey = clientKeyOf(salted);
  return {
    saltedPassword: salted,
    clientKey,
    storedKey: storedKeyOf(clientKey),
    serverKey: serverKeyOf(salted),
  };
}

/** AuthMessage = client-first-bare "," server-first "," client-final-without-proof. */
export function authMessage(
  clientFirstBare: string,
  serverFirst: string,
  clientFinalWithoutProof: string,
): string {
  return `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
}

/** ClientProof = ClientKey XOR HMAC(StoredKey, AuthMessage). */
export function clientProof(clientKey: Buffer, message: string): Buffer {
  return xor(clientKey, hmac(storedKeyOf(clientKey), message));
}

/** True when `proof` recovers a ClientKey whose hash is `storedKey` (compared in constant time). */
export function verifyClientProof(storedKey: Buffer, message: string, proof: Buffer): boolean {
  if (proof.length !== KEY_BYTES || storedKey.length !== KEY_BYTES) return false;
  const recovered = xor(proof, hmac(storedKey, message));
  return timingSafeEqual(sha256(recovered), storedKey);
}

/** ServerSignature = HMAC(ServerKey, AuthMessage). */
export const serverSignature = (serverKey: Buffer, message: string): Buffer => hmac(serverKey, message);

// ---- Messages ----

/** A `saslname`: `,` and `=` escaped as `=2C` and `=3D`. */
export const escapeSaslName = (name: string): string => name.replace(/=/g, '=3D').replace(/,/g, '=2C');

/** The name a `saslname` stands for, or null when it holds an `=` that is not `=2C` or `=3D`. */
export function unescapeSaslName(text: string): string | null {
  if (/=(?!2C|3D)/.test(text)) return null;
  return text.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

/** A nonce: printable ASCII but `,`. */
const NONCE = /^[\x21-\x2b\x2d-\x7e]+$/;

/** Splits `a=x,b=y` into attributes in order; null when one is not `<letter>=<value>`. */
function attributes(text: string): Array<[string, string]> | null {
  const out: Array<[string, string]> = [];
  for (const part of text.split(',')) {
    if (!/^[A-Za-z]=/.test(part)) return null;
    out.push([part.charAt(0), part.slice(2)]);
  }
  return out;
}

export interface ClientFirst {
  /** `n,,` (or `y,,`, or with an authzid): repeated, base64, in client-final's `c=`. */
  gs2Header: string;
  /** The message without its GS2 header: the first part of AuthMessage. */
  bare: string;
  username: string;
  nonce: string;
}

/** client-first-message = gs2-header "n=" saslname ",r=" c-nonce. */
export function buildClientFirst(username: string, nonce: string): { message: string; bare: string } {
  const bare = `n=${escapeSaslName(username)},r=${nonce}`;
  return { message: `n,,${bare}`, bare };
}

/** Reads a client-first-message; channel binding (`p=`) and mandatory extensions (`m=`) are refused. */
export function parseClientFirst(message: string): Parsed<ClientFirst> {
  const first = message.indexOf(',');
  const second = message.indexOf(',', first + 1);
  if (first < 0 || second < 0) return failed('client-first-message has no GS2 header');
  const flag = message.slice(0, first);
  const authzid = message.slice(first + 1, second);
  if (flag.startsWith('p=')) return failed('channel binding is not supported');
  if (flag !== 'n' && flag !== 'y') return failed(`bad channel-binding flag '${flag}'`);
  const bare = message.slice(second + 1);
  const attrs = attributes(bare);
  if (!attrs) return failed('client-first-message is not a list of attributes');
  if (attrs[0]?.[0] === 'm') return failed('mandatory SCRAM extensions are not supported');
  const [n, r] = attrs;
  if (n?.[0] !== 'n' || r?.[0] !== 'r') return failed('client-first-message must start with n= and r=');
  const username = unescapeSaslName(n[1]);
  if (username === null || username === '') return failed('bad user name in client-first-message');
  if (!NONCE.test(r[1])) return failed('bad client nonce');
  if (authzid !== '') {
    // Logging in as one user on behalf of another is not supported; naming oneself is harmless.
    const as = authzid.startsWith('a=') ? unescapeSaslName(authzid.slice(2)) : null;
    if (as !== username) return failed('an authorization identity other than the user is not supported');
  }
  return parsed({ gs2Header: message.slice(0, second + 1), bare, username, nonce: r[1] });
}

export interface ServerFirst {
  /** Client nonce followed by server nonce. */
  nonce: string;
  salt: Buffer;
  iterations: number;
}

/** server-first-message = "r=" c-nonce s-nonce ",s=" salt(base64) ",i=" iterations. */
export function buildServerFirst(nonce: string, salt: Buffer, iterations: number): string {
  return `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
}

export function parseServerFirst(message: string): Parsed<ServerFirst> {
  const attrs = attributes(message);
  if (!attrs) return failed('server-first-message is not a list of attributes');
  if (attrs[0]?.[0] === 'm') return failed('mandatory SCRAM extensions are not supported');
  const [r, s, i] = attrs;
  if (r?.[0] !== 'r' || s?.[0] !== 's' || i?.[0] !== 'i')
    return failed('server-first-message needs r=, s=, i=');
  if (!NONCE.test(r[1])) return failed('bad nonce');
  const salt = decodeBase64(s[1]);
  if (!salt || salt.length === 0) return failed('bad salt');
  if (!/^[1-9][0-9]{0,8}$/.test(i[1])) return failed('bad iteration count');
  return parsed({ nonce: r[1], salt, iterations: Number(i[1]) });
}

/** client-final-message-without-proof = "c=" base64(gs2-header) ",r=" nonce. */
export function clientFinalWithoutProof(gs2Header: string, nonce: string): string {
  return `c=${Buffer.from(gs2Header, 'utf8').toString('base64')},r=${nonce}`;
}

/** client-final-message = without-proof ",p=" base64(ClientProof). */
export const buildClientFinal = (withoutProof: string, proof: Buffer): string =>
  `${withoutProof},p=${proof.toString('base64')}`;

export interface ClientFinal {
  /** The decoded `c=`: the GS2 header of client-first (no channel-binding data is supported). */
  channelBinding: Buffer;
  nonce: string;
  proof: Buffer;
  /** The message up to `,p=`: the last part of AuthMessage. */
  withoutProof: string;
}

export function parseClientFinal(message: string): Parsed<ClientFinal> {
  const at = message.lastIndexOf(',p=');
  if (at < 0) return failed('client-final-message has no proof');
  const withoutProof = message.slice(0, at);
  const attrs = attributes(withoutProof);
  if (!attrs) return failed('client-final-message is not a list of attributes');
  const [c, r] = attrs;
  if (c?.[0] !== 'c' || r?.[0] !== 'r') return failed('client-final-message must start with c= and r=');
  const channelBinding = decodeBase64(c[1]);
  if (!channelBinding) return failed('bad channel binding');
  if (!NONCE.test(r[1])) return failed('bad nonce');
  const proof = decodeBase64(message.slice(at + 3));
  if (!proof || proof.length !== KEY_BYTES) return failed('bad proof');
  return parsed({ channelBinding, nonce: r[1], proof, withoutProof });
}

/** server-final-message = "v=" base64(ServerSignature). */
export const buildServerFinal = (signature: Buffer): string => `v=${signature.toString('base64')}`;

/** The ServerSignature of a server-final-message; its `e=` error, when it is one, as the failure. */
export function parseServerFinal(message: string): Parsed<Buffer> {
  if (message.startsWith('e=')) return failed(`server error: ${message.slice(2)}`);
  if (!message.startsWith('v=')) return failed('server-final-message has no verifier');
  const signature = decodeBase64(message.slice(2).split(',')[0] ?? '');
  return signature && signature.length === KEY_BYTES ? parsed(signature) : failed('bad server signature');
}
