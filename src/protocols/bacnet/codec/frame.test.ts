// Whole datagrams: every BVLC function that carries an NPDU, with every NPDU header and either an APDU or a
// network message, encoded by `encodeFrame` and taken apart again by `decodeFrame`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { apduArb, networkMessageArb, npduHeaderArb, plain } from './arbitraries.test.js';
import { decodeFrame, encodeFrame, type FrameToSend } from './frame.js';

const bvlcKindArb: fc.Arbitrary<FrameToSend['bvlc']> = fc.oneof(
  fc.constantFrom(
    'original-unicast' as const,
    'original-broadcast' as const,
    'distribute-broadcast' as const,
  ),
  fc.record(
    {
      forwardedFrom: fc.record(
        { address: fc.constant('10.1.2.3'), port: fc.integer({ min: 0, max: 0xffff }) },
        { noNullPrototype: true },
      ),
    },
    { noNullPrototype: true },
  ),
);

test('encodeFrame → decodeFrame gives back every layer', () => {
  fc.assert(
    fc.property(
      bvlcKindArb,
      npduHeaderArb,
      fc.oneof(
        apduArb.map((apdu) => ({ apdu })),
        networkMessageArb.map((networkMessage) => ({ networkMessage })),
      ),
      (bvlc, npdu, body) => {
        const f = decodeFrame(encodeFrame({ bvlc, npdu, body }));
        assert.ok(f.ok, f.ok ? '' : f.error);
        const kind = typeof bvlc === 'string' ? bvlc : 'forwarded';
        assert.equal(f.value.bvlc.function, kind);
        if (typeof bvlc !== 'string')
          assert.deepEqual(f.value.bvlc.function === 'forwarded' && f.value.bvlc.origin, bvlc.forwardedFrom);
        const {
          payload: _payload,
          messageType: _type,
          vendorId: _vendor,
          ...header
        } = f.value.npdu ?? { payload: undefined };
        assert.deepEqual(plain(header), plain(npdu));
        if ('apdu' in body) assert.deepEqual(plain(f.value.apdu), plain(body.apdu));
        else assert.deepEqual(plain(f.value.networkMessage), plain(body.networkMessage));
      },
    ),
    { numRuns: 1000 },
  );
});

test('a BVLC message without an NPDU is a frame of its own', () => {
  const f = decodeFrame(Buffer.from('810000060000', 'hex'));
  assert.deepEqual(f, { ok: true, value: { bvlc: { function: 'result', code: 0 } } });
  const bad = decodeFrame(Buffer.from('810a000701001f', 'hex'));
  assert.ok(!bad.ok && bad.reason === 'malformed');
});
