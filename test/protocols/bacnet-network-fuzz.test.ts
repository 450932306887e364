// Random and mutated datagrams sent to the BACnet network side over loopback UDP: none throws (the server
// keeps answering), none is answered with anything but a well-formed frame of a kind a server sends, and
// those that do not decode are counted as dropped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { bvlcArb } from '../../src/protocols/bacnet/codec/arbitraries.test.js';
import {
  type BipAddress,
  decodeFrame,
  encodeBvlc,
  type Frame,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { RawPeer, testNetwork } from '../support/bacnet-network.js';

type Net = Awaited<ReturnType<typeof testNetwork>>;

/** Forwarded-NPDU (BVLC function 4) is answered at the address it carries: never one off loopback here. */
function loopbackOnly(datagram: Uint8Array): Uint8Array {
  const out = Uint8Array.from(datagram);
  if (out[0] === 0x81 && out[1] === 0x04) out[1] = 0x0a;
  return out;
}

function datagramArb(peer: () => BipAddress): fc.Arbitrary<Uint8Array> {
  const valid = bvlcArb
    .map((m) => (m.function === 'forwarded' ? { ...m, origin: peer() } : m))
    .map((m) => encodeBvlc(m));
  const mutated = fc
    .tuple(
      bvlcArb.filter((m) => m.function !== 'forwarded').map((m) => encodeBvlc(m)),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
    )
    .map(([bytes, at, value]) => {
      const out = Uint8Array.from(bytes);
      out[at % out.length] = value;
      return loopbackOnly(out);
    });
  return fc.oneof(fc.uint8Array({ maxLength: 80 }).map(loopbackOnly), valid, mutated);
}

/** What a server may send: NAKs, I-Am, answers to confirmed requests, the router's network messages. */
function isServerKind(f: Frame): boolean {
  if (f.bvlc.function === 'result') return true;
  if (f.networkMessage)
    return ['i-am-router-to-network', 'reject-message-to-network', 'network-number-is'].includes(
      f.networkMessage.type,
    );
  const a = f.apdu;
  if (!a) return false;
  if (a.type === 'unconfirmed-request') return a.service === UnconfirmedService.I_AM;
  return ['simple-ack', 'complex-ack', 'error', 'reject', 'abort'].includes(a.type);
}

describe('BACnet network side under random datagrams', () => {
  let net: Net;
  let peer: RawPeer;
  before(async () => {
    net = await testNetwork();
    peer = await RawPeer.open();
  });
  after(async () => {
    await peer.close();
    await net.network.close();
  });

  test('random and mutated datagrams never throw and are never answered with garbage', async () => {
    let sent = 0;
    let undecodable = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          datagramArb(() => peer.address),
          { minLength: 1, maxLength: 40 },
        ),
        async (datagrams) => {
          peer.clear();
          for (const d of datagrams) {
            peer.sendRaw(d, net.network.address);
            if (!decodeFrame(d).ok) undecodable++;
          }
          sent += datagrams.length;
          // The server still answers, and everything it sent before is in.
          await peer.settle(net.network);
          assert.deepEqual(peer.undecodable, []);
          for (const r of peer.received)
            assert.ok(isServerKind(r.frame), `unexpected answer ${r.raw.toString('hex')}`);
        },
      ),
      { numRuns: 60, seed: 14 },
    );
    assert.ok(net.network.counters.received >= sent);
    assert.ok(
      net.network.counters.dropped >= undecodable,
      `${net.network.counters.dropped} dropped, ${undecodable} undecodable`,
    );
  });
});
