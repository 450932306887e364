// The browser's SCRAM math (WebCrypto) against the RFC 7677 example, byte for byte: Node has WebCrypto too.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authParams, b64url, scramProof, unb64url } from '../../ui/src/api/scram.js';
import { RFC7677 } from '../support/rfc7677.js';

test('the client proof and the expected server signature are those of RFC 7677', async () => {
  const clientFirstBare = RFC7677.clientFirst.slice('n,,'.length);
  const { clientFinal, serverFinal } = await scramProof(
    RFC7677.password,
    clientFirstBare,
    RFC7677.serverFirst,
  );
  assert.equal(clientFinal, RFC7677.clientFinal);
  assert.equal(serverFinal, RFC7677.serverFinal);
});

test('base64url carries UTF-8 without padding, and headers are read as haxall writes them', () => {
  assert.equal(b64url('n,,n=user,r=é'), Buffer.from('n,,n=user,r=é').toString('base64url'));
  assert.equal(unb64url(b64url('ünïcode ✓')), 'ünïcode ✓');
  const params = authParams('scram data=abc, handshakeToken=xyz, hash=SHA-256');
  assert.equal(params.get('handshaketoken'), 'xyz');
  assert.equal(params.get('hash'), 'SHA-256');
});
