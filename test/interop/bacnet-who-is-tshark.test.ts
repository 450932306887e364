// Interop: the datagrams of a session with the network side over loopback (a global Who-Is and the I-Am of
// every device through the router, Who-Is-Router-To-Network, a routed ReadProperty and its segmented answer
// with its SegmentACKs, an unknown DNET and its Reject-Message-To-Network), written to a pcap file and read
// by Wireshark's BACnet dissector (Debian's tshark): every frame BACnet/IP, none malformed, no error in the
// expert info, and the routed answers shown with their SNET.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import {
  type Apdu,
  encodeFrame,
  encodeWhoIs,
  type Frame,
  type FrameToSend,
  GLOBAL_NETWORK,
  UnconfirmedService,
} from '../../src/protocols/bacnet/codec/index.js';
import { macOf } from '../../src/protocols/bacnet/router.js';
import { RawPeer, readName, testNetwork } from '../support/bacnet-network.js';
import { bvlcProblems, dissect, pcapFile, tsharkMissing, udpPacket } from '../support/pcap.js';
import { peerSkip } from '../support/peers.js';

const skip = peerSkip(tsharkMissing());

const CLIENT = [192, 168, 1, 10];
const SERVER = [192, 168, 1, 20];

describe('BACnet router frames read by tshark', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'pointyard-bacnet-router-pcap-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a session through the router: every frame BACnet/IP, none malformed, routed answers with their SNET', async () => {
    const net = await testNetwork({ nameLength: 4000 });
    const peer = await RawPeer.open();
    const packets: Buffer[] = [];
    const sent = (f: FrameToSend) => {
      const datagram = encodeFrame(f);
      packets.push(udpPacket(CLIENT, SERVER, datagram));
      peer.sendRaw(datagram, net.network.address);
    };
    const answered = async (match: (f: Frame) => boolean, count = 1) => {
      await peer.waitFor(match, count);
      await peer.settle(net.network);
      for (const r of peer.received) packets.push(udpPacket(SERVER, CLIENT, r.raw));
      peer.clear();
    };
    const global = { destination: { network: GLOBAL_NETWORK, address: new Uint8Array(0) }, hopCount: 255 };
    const target = net.routed[0] ?? assert.fail('a routed device');
    const toTarget = { destination: { network: 2, address: macOf(target.instance) }, hopCount: 255 };
    try {
      const whoIs: Apdu = {
        type: 'unconfirmed-request',
        service: UnconfirmedService.WHO_IS,
        body: encodeWhoIs({}),
      };
      sent({
        bvlc: 'original-broadcast',
        npdu: { expectingReply: false, priority: 0, ...global },
        body: { apdu: whoIs },
      });
      await answered((f) => f.apdu?.type === 'unconfirmed-request', net.devices.length);
      sent({
        bvlc: 'original-broadcast',
        npdu: { expectingReply: false, priority: 0 },
        body: { networkMessage: { type: 'who-is-router-to-network' } },
      });
      await answered((f) => f.networkMessage !== undefined);
      sent({
        bvlc: 'original-unicast',
        npdu: {
          expectingReply: true,
          priority: 0,
          destination: { network: 9, address: Uint8Array.of(1) },
          hopCount: 255,
        },
        body: { apdu: readName(1, 1) },
      });
      await answered((f) => f.networkMessage !== undefined);
      sent({
        bvlc: 'original-unicast',
        npdu: { expectingReply: true, priority: 0, ...toTarget },
        body: { apdu: readName(2, target.instance, { segmentedResponseAccepted: true, maxSegments: 7 }) },
      });
      await answered((f) => f.apdu?.type === 'complex-ack');
      const ack = (sequenceNumber: number): FrameToSend => ({
        bvlc: 'original-unicast',
        npdu: { expectingReply: false, priority: 0, ...toTarget },
        body: {
          apdu: {
            type: 'segment-ack',
            negative: false,
            fromServer: false,
            invokeId: 2,
            sequenceNumber,
            actualWindowSize: 4,
          },
        },
      });
      sent(ack(0));
      await answered((f) => f.apdu?.type === 'complex-ack', 2);
      sent(ack(2));
    } finally {
      await peer.close();
      await net.network.close();
    }

    const file = join(dir, 'router.pcap');
    writeFileSync(file, pcapFile(packets));
    const dissected = dissect(file);
    assert.equal(dissected.length, packets.length, 'one dissection per frame');
    const problems: string[] = [];
    dissected.forEach((out, i) => {
      for (const why of bvlcProblems(out)) problems.push(`frame ${i + 1}: ${why}\n${out}`);
    });
    assert.deepEqual(problems, []);
    const text = dissected.join('\n');
    assert.match(text, /Source Network Address: 2\b/);
    assert.match(text, /i-Am/);
    assert.match(text, /I-Am-Router-To-Network/);
    assert.match(text, /Reject-Message-To-Network/);
  });
});
