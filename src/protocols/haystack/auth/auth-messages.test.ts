// Haystack Auth headers: the spec's examples, the leniencies clients need, the errors, and random input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  authenticationInfo,
  helloChallenge,
  MAX_HEADER_LENGTH,
  parseAuthorization,
  scramChallenge,
} from './auth-messages.js';

const ok = (header: string) => {
  const r = parseAuthorization(header);
  assert.ok(r.ok, `${header}: ${r.ok ? '' : r.error}`);
  return r.value;
};
const error = (header: string) => {
  const r = parseAuthorization(header);
  assert.ok(!r.ok, `${header} should be refused`);
  return r.error;
};

describe('Authorization header', () => {
  test('HELLO, SCRAM and BEARER as the spec writes them', () => {
    assert.deepEqual(ok('HELLO username=dXNlcg'), { scheme: 'hello', username: 'user' });
    assert.deepEqual(ok('SCRAM handshakeToken=aabbcc, data=biwsbj11c2VyLHI9ck9wck5HZndFYmVSV2diTkVrcU8K'), {
      scheme: 'scram',
      handshakeToken: 'aabbcc',
      data: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO\n',
    });
    assert.deepEqual(ok('BEARER authToken=xxyyzz'), { scheme: 'bearer', authToken: 'xxyyzz' });
  });

  test('schemes and parameter names in any case, spaces around = and empty list elements', () => {
    assert.deepEqual(ok('hello USERNAME = dXNlcg'), { scheme: 'hello', username: 'user' });
    assert.deepEqual(ok('scram  data=bj1h ,, handshaketoken=t1 '), {
      scheme: 'scram',
      handshakeToken: 't1',
      data: 'n=a',
    });
    assert.deepEqual(ok('bearer authtoken=abc'), { scheme: 'bearer', authToken: 'abc' });
    assert.deepEqual(ok('SCRAM handshakeToken=t1, hash=sha256'), {
      scheme: 'scram',
      handshakeToken: 't1',
      data: null,
    });
  });

  test('padded and standard-alphabet base64, and UTF-8 user names', () => {
    assert.equal((ok('HELLO username=dXNlcg==') as { username: string }).username, 'user');
    const name = 'zoë ünïcode';
    const b64 = Buffer.from(name).toString('base64');
    assert.equal((ok(`HELLO username=${b64}`) as { username: string }).username, name);
    assert.equal(
      (ok(`HELLO username=${Buffer.from(name).toString('base64url')}`) as { username: string }).username,
      name,
    );
  });

  test("RFC 6750's `Bearer <token>` is accepted too", () => {
    assert.deepEqual(ok('Bearer abc-DEF_123'), { scheme: 'bearer', authToken: 'abc-DEF_123' });
    assert.deepEqual(ok('Bearer abc=='), { scheme: 'bearer', authToken: 'abc==' });
  });

  test('errors say what is wrong', () => {
    assert.match(error('Basic dXNlcjpwYXNz'), /Basic authentication is not supported/);
    assert.match(error('Digest username=x'), /unsupported authentication scheme 'digest'/);
    assert.match(error('HELLO'), /needs a username/);
    assert.match(error('HELLO user=dXNlcg'), /needs a username/);
    assert.match(error('HELLO username=***'), /not base64url/);
    assert.match(error('HELLO username=_w'), /not base64url of UTF-8/);
    assert.match(error('HELLO username=a'), /not base64url/);
    assert.match(error('HELLO username='), /bad value/);
    assert.match(error('HELLO username="dXNlcg"'), /bad value/);
    assert.match(error('HELLO username=dXNlcg, username=dXNlcg'), /repeated/);
    assert.match(error('HELLO dXNlcg'), /not a name=value/);
    assert.match(error('SCRAM data=biws'), /handshakeToken/);
    assert.match(error('SCRAM handshakeToken=t, data=%%%'), /data parameter/);
    assert.match(error('BEARER'), /authToken/);
    assert.match(error('Bearer authToken='), /bad value/);
    assert.match(error(''), /no scheme/);
    assert.match(error('"x" y=z'), /no scheme/);
    assert.match(error(`HELLO username=${'a'.repeat(MAX_HEADER_LENGTH)}`), /too long/);
  });

  test('never throws, whatever the header', () => {
    const tokenish = fc.stringMatching(/^[A-Za-z0-9=,_ \-+/"]{0,60}$/);
    const header = fc.oneof(
      fc.string(),
      fc
        .tuple(fc.constantFrom('HELLO', 'SCRAM', 'BEARER', 'Bearer', 'hello', 'x'), tokenish)
        .map(([s, r]) => `${s} ${r}`),
    );
    fc.assert(
      fc.property(header, (h) => {
        const r = parseAuthorization(h);
        return r.ok || typeof r.error === 'string';
      }),
      { numRuns: 5000 },
    );
  });
});

describe('server headers', () => {
  test('written as haxall writes them', () => {
    assert.equal(helloChallenge('0a1b'), 'scram handshakeToken=0a1b, hash=SHA-256');
    assert.equal(
      scramChallenge('0a1b', 'r=x,s=c2FsdA==,i=4096'),
      'scram data=cj14LHM9YzJGc2RBPT0saT00MDk2, handshakeToken=0a1b, hash=SHA-256',
    );
    assert.equal(authenticationInfo('tok', 'v=AAAA'), 'authToken=tok, data=dj1BQUFB, hash=SHA-256');
  });

  test("phable's regular expressions find what they look for", () => {
    const hello = helloChallenge('0123456789abcdef');
    assert.equal(/handshakeToken=([a-zA-Z0-9]+)/.exec(hello)?.[1], '0123456789abcdef');
    assert.match(hello, /hash=(SHA-256)/);
    assert.match(scramChallenge('0a', 'r=x,s=c2FsdA==,i=1'), /^scram data=[a-zA-Z0-9]+/);
    assert.equal(/authToken=([^,]+)/.exec(authenticationInfo('t-_1', 'v=AAAA'))?.[1], 't-_1');
  });

  test('what the server writes, the parser reads back', () => {
    const r = parseAuthorization(scramChallenge('0a1b', 'r=x,s=c2FsdA==,i=4096'));
    assert.deepEqual(r, {
      ok: true,
      value: { scheme: 'scram', handshakeToken: '0a1b', data: 'r=x,s=c2FsdA==,i=4096' },
    });
  });
});
