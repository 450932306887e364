// SCRAM-SHA-256 against RFC 7677's exchange, byte for byte; parsers on good, bad and random input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { RFC7677 } from '../../test/support/rfc7677.js';
import {
  authMessage,
  buildClientFinal,
  buildClientFirst,
  buildServerFinal,
  buildServerFirst,
  clientFinalWithoutProof,
  clientProof,
  deriveKeys,
  escapeSaslName,
  parseClientFinal,
  parseClientFirst,
  parseServerFinal,
  parseServerFirst,
  serverSignature,
  unescapeSaslName,
  verifyClientProof,
} from './scram.js';

const v = RFC7677;
const salt = Buffer.from(v.salt, 'base64');

describe('SCRAM-SHA-256: RFC 7677 test vector', () => {
  const keys = deriveKeys(v.password, salt, v.iterations);
  const first = buildClientFirst(v.username, v.clientNonce);
  const nonce = v.clientNonce + v.serverNonce;
  const withoutProof = clientFinalWithoutProof('n,,', nonce);
  const message = authMessage(first.bare, v.serverFirst, withoutProof);

  test('the client side builds exactly the RFC messages', () => {
    assert.equal(first.message, v.clientFirst);
    assert.equal(buildServerFirst(nonce, salt, v.iterations), v.serverFirst);
    assert.equal(buildClientFinal(withoutProof, clientProof(keys.clientKey, message)), v.clientFinal);
    assert.equal(buildServerFinal(serverSignature(keys.serverKey, message)), v.serverFinal);
  });

  test('the server side parses them and verifies the proof with StoredKey alone', () => {
    const cf = parseClientFirst(v.clientFirst);
    assert.deepEqual(cf, {
      ok: true,
      value: {
        gs2Header: 'n,,',
        bare: 'n=user,r=rOprNGfwEbeRWgbNEkqO',
        username: 'user',
        nonce: v.clientNonce,
      },
    });
    const sf = parseServerFirst(v.serverFirst);
    assert.ok(sf.ok);
    assert.deepEqual(
      [sf.value.nonce, sf.value.salt.toString('base64'), sf.value.iterations],
      [nonce, v.salt, 4096],
    );
    const final = parseClientFinal(v.clientFinal);
    assert.ok(final.ok);
    assert.equal(final.value.withoutProof, withoutProof);
    assert.equal(final.value.channelBinding.toString(), 'n,,');
    assert.equal(final.value.nonce, nonce);
    assert.ok(verifyClientProof(keys.storedKey, message, final.value.proof));
    const sig = parseServerFinal(v.serverFinal);
    assert.ok(sig.ok);
    assert.ok(sig.value.equals(serverSignature(keys.serverKey, message)));
  });

  test('a proof with one bit changed, of the wrong length, or for another message fails', () => {
    const final = parseClientFinal(v.clientFinal);
    assert.ok(final.ok);
    const tampered = Buffer.from(final.value.proof);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    assert.equal(verifyClientProof(keys.storedKey, message, tampered), false);
    assert.equal(verifyClientProof(keys.storedKey, message, final.value.proof.subarray(1)), false);
    assert.equal(verifyClientProof(keys.storedKey, `${message}x`, final.value.proof), false);
    const other = deriveKeys('pencil2', salt, v.iterations);
    assert.equal(verifyClientProof(other.storedKey, message, final.value.proof), false);
  });
});

describe('SCRAM messages', () => {
  test('client-first: GS2 flags, authzid, escapes, and what is refused', () => {
    const ok = (m: string) => {
      const r = parseClientFirst(m);
      assert.ok(r.ok, `${m}: ${r.ok ? '' : r.error}`);
      return r.value;
    };
    assert.equal(ok('y,,n=user,r=abc').gs2Header, 'y,,');
    assert.equal(ok('n,a=user,n=user,r=abc').gs2Header, 'n,a=user,');
    assert.equal(ok('n,,n=a=2Cb=3Dc,r=abc').username, 'a,b=c');
    assert.equal(ok('n,,n=user,r=abc,x=ext').nonce, 'abc');
    const refused: Array<[string, RegExp]> = [
      ['p=tls-unique,,n=user,r=abc', /channel binding/],
      ['x,,n=user,r=abc', /channel-binding flag/],
      ['n,,m=x,n=user,r=abc', /mandatory/],
      ['n,,r=abc,n=user', /n= and r=/],
      ['n,,n=user', /n= and r=/],
      ['n,,n=us=er,r=abc', /user name/],
      ['n,,n=,r=abc', /user name/],
      ['n,,n=user,r=', /nonce/],
      ['n,a=other,n=user,r=abc', /authorization identity/],
      ['n,,', /attributes/],
      ['n', /GS2/],
      ['', /GS2/],
    ];
    for (const [m, why] of refused) {
      const r = parseClientFirst(m);
      assert.ok(!r.ok && why.test(r.error), `${m}: ${JSON.stringify(r)}`);
    }
  });

  test('client-final: the proof is last; padding and the url-safe alphabet are accepted', () => {
    const proof = Buffer.alloc(32, 0xfb);
    const urlSafe = `c=biws,r=abc,p=${proof.toString('base64url')}`;
    const r = parseClientFinal(urlSafe);
    assert.ok(r.ok && r.value.proof.equals(proof));
    for (const m of ['c=biws,r=abc', 'r=abc,c=biws,p=AAAA', 'c=biws,r=abc,p=AAAA', 'c=b!ws,r=abc,p=AAAA'])
      assert.equal(parseClientFinal(m).ok, false, m);
  });

  test('server-first and server-final', () => {
    assert.equal(parseServerFirst('r=a,s=c2FsdA==,i=0').ok, false);
    assert.equal(parseServerFirst('r=a,s=,i=1').ok, false);
    assert.equal(parseServerFirst('m=x,r=a,s=c2FsdA==,i=1').ok, false);
    assert.deepEqual(parseServerFinal('e=invalid-proof'), {
      ok: false,
      error: 'server error: invalid-proof',
    });
    assert.equal(parseServerFinal('v=AAAA').ok, false);
  });

  test('saslname escaping round-trips any name', () => {
    fc.assert(fc.property(fc.string(), (name) => unescapeSaslName(escapeSaslName(name)) === name));
  });

  test('build then parse gives back the user and the nonce', () => {
    const nonce = fc.stringMatching(/^[\x21-\x2b\x2d-\x7e]{1,40}$/);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), nonce, (username, n) => {
        const r = parseClientFirst(buildClientFirst(username, n).message);
        return r.ok && r.value.username === username && r.value.nonce === n;
      }),
    );
  });

  test('no parser throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        parseClientFirst(text);
        parseServerFirst(text);
        parseClientFinal(text);
        parseServerFinal(text);
      }),
      { numRuns: 2000 },
    );
  });
});
