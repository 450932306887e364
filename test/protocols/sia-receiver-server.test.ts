// The DC-09 receiver server on loopback, over real TCP and UDP sockets: plain and encrypted frames (AES-128,
// -192 and -256) acknowledged with sequence, receiver, line and account echoed and a right CRC; NAK with the
// receiver's time for a wrong key, a stale timestamp or a sink that cannot keep the event; DUH for an unknown
// account; frames split across TCP segments and several in one; a message sent again recorded once; the
// counts per account; the idle timeout.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { crc16Arc, crcField, lengthField } from '../../src/protocols/sia/codec/crc.js';
import { decodeFrame, encodeFrame, type SiaFrame } from '../../src/protocols/sia/codec/frame.js';
import type { AlarmReport, ReportSink } from '../../src/protocols/sia/receiver/report-sink.js';
import { NOW, type Rig, startRig, TcpPanel, udpExchange } from './sia-receiver-rig.js';

const KEYS = {
  '128': Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex'),
  '192': Buffer.from('00112233445566778899AABBCCDDEEFF0011223344556677', 'hex'),
  '256': Buffer.from('00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF', 'hex'),
};
const ACCOUNTS = [
  { account: '1234' },
  { account: 'A128', key: KEYS['128'] },
  { account: 'A192', key: KEYS['192'] },
  { account: 'A256', key: KEYS['256'] },
];

/** A frame written as a panel would: the message between `"` and CR, with CRC and length. */
const wire = (message: string) => `\n${crcField(message)}${lengthField(message)}${message}\r`;
/** The docs' worked example and the ACK DC-09 gives it, as bytes on the wire. */
const EXAMPLE = '\n58FE0025"SIA-DCS"0001L0#1234[#1234|Nri1/BA01]\r';
const EXAMPLE_ACK = '\n1BC10012"ACK"0001L0#1234[]\r';
const NAK_AT_NOW = wire('"NAK"0000R0L0A0[]_12:00:00,03-01-2026');

function frame(overrides: Partial<SiaFrame> = {}): SiaFrame {
  return {
    token: 'SIA-DCS',
    encrypted: false,
    sequence: 42,
    receiver: '5',
    line: '1A',
    account: '1234',
    data: '#1234|Nri1/BA01',
    extended: [],
    ...overrides,
  };
}

/** The answer's CRC field is the CRC-16/ARC of its message and its length field the message's length. */
function assertSound(answer: string): void {
  const message = answer.slice(9, -1);
  assert.equal(answer.slice(1, 5), crc16Arc(message).toString(16).toUpperCase().padStart(4, '0'));
  assert.equal(Number.parseInt(answer.slice(5, 9), 16), message.length);
}

let rig: Rig;
before(async () => {
  rig = await startRig(ACCOUNTS);
});
after(() => rig.close());

describe('SIA receiver server: TCP', () => {
  test('the worked example is acknowledged byte for byte and recorded', async () => {
    const panel = await TcpPanel.connect(rig.server.port);
    try {
      await panel.write(EXAMPLE);
      assert.deepEqual(await panel.answers(1), [EXAMPLE_ACK]);
      const report = rig.sink.reports.at(-1) as AlarmReport;
      assert.equal(report.account, '1234');
      assert.equal(report.code, 'BA');
      assert.equal(report.zone, '01');
      assert.equal(report.area, '1');
      assert.equal(report.line, '0');
      assert.equal(report.transport, 'tcp');
      assert.equal(report.receivedAt.getTime(), NOW.getTime());
    } finally {
      panel.close();
    }
  });

  test('sequence, receiver, line and account are echoed', async () => {
    const panel = await TcpPanel.connect(rig.server.port);
    try {
      await panel.write(encodeFrame(frame({ sequence: 9876, receiver: '579BDF', line: '789ABC' })));
      const [ack] = await panel.answers(1);
      assert.equal(ack, wire('"ACK"9876R579BDFL789ABC#1234[]'));
      assertSound(ack as string);
    } finally {
      panel.close();
    }
  });

  for (const [bits, key] of Object.entries(KEYS)) {
    test(`an AES-${bits} message gets an ACK encrypted under its key, with the receiver's time`, async () => {
      const account = `A${bits}`;
      const panel = await TcpPanel.connect(rig.server.port);
      try {
        const sent = frame({
          encrypted: true,
          account,
          data: `#${account}|Nri2/TA03`,
          timestamp: new Date(NOW.getTime() - 5_000),
        });
        await panel.write(encodeFrame(sent, { key }));
        const [ack] = await panel.answers(1);
        assertSound(ack as string);
        assert.match(ack as string, new RegExp(`^\\n.{8}"\\*ACK"0042R5L1A#${account}\\[[0-9A-F]+\\r$`));
        const decoded = decodeFrame(ack as string, () => key);
        assert.ok(decoded.ok, 'the ACK decrypts under the account key');
        if (decoded.ok) {
          assert.equal(decoded.frame.token, 'ACK');
          assert.equal(decoded.frame.data, '');
          assert.equal(decoded.frame.timestamp?.getTime(), NOW.getTime());
        }
        const report = rig.sink.reports.at(-1) as AlarmReport;
        assert.equal(report.account, account);
        assert.equal(report.code, 'TA');
        assert.equal(report.encrypted, true);
      } finally {
        panel.close();
      }
    });
  }

  test('a frame split over segments, and three frames in one segment, are each answered in order', async () => {
    const panel = await TcpPanel.connect(rig.server.port);
    try {
      for (const piece of [EXAMPLE.slice(0, 1), EXAMPLE.slice(1, 20), EXAMPLE.slice(20)]) {
        await panel.write(piece);
        await new Promise((resolve) => setImmediate(resolve)); // each its own segment
      }
      const three = [7, 8, 9].map((sequence) => encodeFrame(frame({ sequence }))).join('');
      await panel.write(`garbage${three}`);
      const answers = await panel.answers(4);
      assert.deepEqual(answers, [
        EXAMPLE_ACK,
        wire('"ACK"0007R5L1A#1234[]'),
        wire('"ACK"0008R5L1A#1234[]'),
        wire('"ACK"0009R5L1A#1234[]'),
      ]);
    } finally {
      panel.close();
    }
  });

  test('an unknown account gets DUH echoing its header, and nothing is recorded', async () => {
    const before = rig.sink.reports.length;
    const panel = await TcpPanel.connect(rig.server.port);
    try {
      await panel.write(encodeFrame(frame({ account: 'BEEF', data: '#BEEF|Nri1/BA01' })));
      assert.deepEqual(await panel.answers(1), [wire('"DUH"0042R5L1A#BEEF[]')]);
      assert.equal(rig.sink.reports.length, before);
    } finally {
      panel.close();
    }
  });

  test('a wrong key and a stale timestamp get NAK with the receiver’s time; nothing is recorded', async () => {
    const before = rig.sink.reports.length;
    const panel = await TcpPanel.connect(rig.server.port);
    try {
      const wrongKey = encodeFrame(frame({ encrypted: true, account: 'A128', timestamp: NOW }), {
        key: Buffer.from('FFEEDDCCBBAA99887766554433221100', 'hex'),
      });
      const stale = encodeFrame(
        frame({ encrypted: true, account: 'A128', timestamp: new Date(NOW.getTime() - 41_000) }),
        { key: KEYS['128'] },
      );
      const ahead = encodeFrame(
        frame({ encrypted: true, account: 'A128', timestamp: new Date(NOW.getTime() + 21_000) }),
        { key: KEYS['128'] },
      );
      await panel.write(wrongKey + stale + ahead);
      assert.deepEqual(await panel.answers(3), [NAK_AT_NOW, NAK_AT_NOW, NAK_AT_NOW]);
      assertSound(NAK_AT_NOW);
      assert.equal(rig.sink.reports.length, before);
    } finally {
      panel.close();
    }
  });

  test('a message sent again (its ACK lost) is acknowledged again and recorded once', async () => {
    const sent = encodeFrame(frame({ sequence: 321, data: '#1234|Nri3/BA07', timestamp: NOW }));
    const panel = await TcpPanel.connect(rig.server.port);
    try {
      const before = rig.sink.reports.length;
      await panel.write(sent);
      await panel.answers(1);
      await panel.write(sent);
      const answers = await panel.answers(2);
      assert.equal(answers[0], answers[1]);
      assert.equal(rig.sink.reports.length, before + 1);
    } finally {
      panel.close();
    }
  });

  test('the counts per account: frames, answers, events and when it was last heard from', () => {
    const stats = rig.server.stats.account('1234');
    assert.ok(stats);
    assert.ok(stats.ACK >= 6 && stats.DUH === 0, JSON.stringify(stats));
    assert.equal(stats.lastSeen, NOW.toISOString());
    assert.equal(stats.lastAck, NOW.toISOString());
    assert.equal(rig.server.stats.account('BEEF'), undefined, 'unknown accounts are not tracked');
    assert.ok(rig.server.stats.total.NAK >= 3 && rig.server.stats.total.DUH >= 1);
  });
});

describe('SIA receiver server: UDP', () => {
  test('plain and encrypted frames, one a datagram, are answered to their sender', async () => {
    const encrypted = encodeFrame(
      frame({ encrypted: true, account: 'A192', data: '#A192|Nri1/YT00', timestamp: NOW }),
      { key: KEYS['192'] },
    );
    const [ack] = await udpExchange(rig.server.port, [EXAMPLE], 1);
    assert.equal(ack, EXAMPLE_ACK);
    const [encryptedAck] = await udpExchange(rig.server.port, [encrypted], 1);
    const decoded = decodeFrame(encryptedAck as string, () => KEYS['192']);
    assert.ok(decoded.ok && decoded.frame.token === 'ACK' && decoded.frame.account === 'A192');
    assert.equal((rig.sink.reports.at(-1) as AlarmReport).transport, 'udp');
    assert.equal((rig.sink.reports.at(-1) as AlarmReport).code, 'YT');
  });

  test('a datagram that is no frame gets no answer; the next one is answered', async () => {
    const answers = await udpExchange(rig.server.port, ['hello', EXAMPLE], 1);
    assert.deepEqual(answers, [EXAMPLE_ACK]);
  });

  test('an unknown account gets DUH, a stale encrypted message NAK', async () => {
    const stale = encodeFrame(
      frame({ encrypted: true, account: 'A256', timestamp: new Date(NOW.getTime() - 3_600_000) }),
      { key: KEYS['256'] },
    );
    assert.deepEqual(await udpExchange(rig.server.port, [stale], 1), [NAK_AT_NOW]);
    const unknown = encodeFrame(frame({ account: '999', data: '#999|Nri1/BA01' }));
    assert.deepEqual(await udpExchange(rig.server.port, [unknown], 1), [wire('"DUH"0042R5L1A#999[]')]);
  });
});

describe('SIA receiver server: the sink and the connection', () => {
  test('a sink that cannot keep the event: NAK, so that the panel sends it again; then ACK', async () => {
    let failing = true;
    const kept: AlarmReport[] = [];
    const sink: ReportSink = {
      async record(reports) {
        if (failing) throw new Error('disk full');
        kept.push(...reports);
        return reports.map(() => 'recorded' as const);
      },
    };
    const own = await startRig([{ account: '1234' }], { sink, udp: false });
    const panel = await TcpPanel.connect(own.server.port);
    try {
      await panel.write(EXAMPLE);
      assert.deepEqual(await panel.answers(1), [NAK_AT_NOW]);
      failing = false;
      await panel.write(EXAMPLE);
      assert.deepEqual((await panel.answers(2))[1], EXAMPLE_ACK);
      assert.equal(kept.length, 1);
    } finally {
      panel.close();
      await own.close();
    }
  });

  test('the ACK goes only once the sink has resolved', async () => {
    let release: (() => void) | null = null;
    const sink: ReportSink = {
      record: () =>
        new Promise((resolve) => {
          release = () => resolve(['recorded']);
        }),
    };
    const own = await startRig([{ account: '1234' }], { sink, udp: false });
    const panel = await TcpPanel.connect(own.server.port);
    try {
      await panel.write(EXAMPLE);
      const deadline = Date.now() + 5_000;
      while (!release && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.ok(release, 'the sink was asked');
      // A frame answered without the sink (DUH) on another connection: an ACK written before it would be in.
      const other = await TcpPanel.connect(own.server.port);
      await other.write(encodeFrame(frame({ account: 'BEEF', data: '#BEEF|Nri1/BA01' })));
      await other.answers(1);
      other.close();
      assert.equal(panel.soFar(), '', 'no ACK while the sink has not resolved');
      (release as () => void)();
      assert.deepEqual(await panel.answers(1), [EXAMPLE_ACK]);
    } finally {
      panel.close();
      await own.close();
    }
  });

  test('acceptUnknownAccounts: any account is accepted as one without a key; its encrypted messages get DUH', async () => {
    const own = await startRig([], { acceptUnknownAccounts: true, udp: false });
    const panel = await TcpPanel.connect(own.server.port);
    try {
      const encrypted = encodeFrame(frame({ encrypted: true, account: 'BEEF', timestamp: NOW }), {
        key: KEYS['128'],
      });
      await panel.write(EXAMPLE + encrypted);
      assert.deepEqual(await panel.answers(2), [EXAMPLE_ACK, wire('"DUH"0042R5L1A#BEEF[]')]);
      assert.equal(own.sink.reports.length, 1);
      assert.equal(own.server.stats.account('1234')?.events, 1, 'an accepted account is tracked');
    } finally {
      panel.close();
      await own.close();
    }
  });

  test('UDP: datagrams beyond those waiting for the sink are dropped and counted', async () => {
    const waiting: Array<() => void> = [];
    const sink: ReportSink = {
      record: () => new Promise((resolve) => waiting.push(() => resolve(['recorded']))),
    };
    const own = await startRig([{ account: '1234' }], { sink, tcp: false, maxDatagramsInFlight: 2 });
    try {
      const frames = [1, 2, 3, 4, 5].map((sequence) => encodeFrame(frame({ sequence })));
      const exchange = udpExchange(own.server.port, frames, 2);
      const deadline = Date.now() + 5_000;
      while (own.server.stats.droppedDatagrams < 3 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 5));
      assert.equal(own.server.stats.droppedDatagrams, 3);
      assert.equal(waiting.length, 2);
      for (const release of waiting) release();
      assert.deepEqual((await exchange).sort(), [
        wire('"ACK"0001R5L1A#1234[]'),
        wire('"ACK"0002R5L1A#1234[]'),
      ]);
    } finally {
      await own.close();
    }
  });

  test('a sender that shuts down its side after its frame still gets the ACK, then the connection ends', async () => {
    let release: (() => void) | null = null;
    const sink: ReportSink = {
      record: () =>
        new Promise((resolve) => {
          release = () => resolve(['recorded']);
        }),
    };
    const own = await startRig([{ account: '1234' }], { sink, udp: false });
    const panel = await TcpPanel.connect(own.server.port);
    try {
      await panel.write(EXAMPLE);
      await panel.endWriting();
      const deadline = Date.now() + 5_000;
      while (!release && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      (release as unknown as () => void)();
      assert.deepEqual(await panel.answers(1), [EXAMPLE_ACK]);
      await panel.closedByPeer();
    } finally {
      panel.close();
      await own.close();
    }
  });

  test('a port taken for UDP: the start fails with the reason and leaves the TCP port free', async () => {
    // A port free for TCP (a UDP port picked alone may be some client's TCP port at the same time), then
    // taken for UDP.
    const { taken, port } = await udpTakenTcpFree();
    try {
      await assert.rejects(startRig([{ account: '1234' }], { port }), /EADDRINUSE/);
      const probe = createServer();
      await new Promise<void>((resolve, reject) => {
        probe.once('error', reject);
        probe.listen(port, '127.0.0.1', resolve);
      });
      await new Promise((resolve) => probe.close(resolve));
    } finally {
      taken.close();
    }
  });

  test('connections and requests are reported as the other servers report theirs', async () => {
    const seen: string[] = [];
    const own = await startRig([{ account: '1234' }], {
      onConnection: (ip, open) => seen.push(`${open ? 'open' : 'closed'} ${ip}`),
      onRequest: (ip) => seen.push(`request ${ip}`),
    });
    try {
      const panel = await TcpPanel.connect(own.server.port);
      await panel.write(EXAMPLE + EXAMPLE);
      await panel.answers(2);
      panel.close();
      await udpExchange(own.server.port, [EXAMPLE], 1);
      const deadline = Date.now() + 5_000;
      while (!seen.includes('closed 127.0.0.1') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 5));
      assert.deepEqual(seen.sort(), [
        'closed 127.0.0.1',
        'open 127.0.0.1',
        'request 127.0.0.1',
        'request 127.0.0.1',
        'request 127.0.0.1',
      ]);
    } finally {
      await own.close();
    }
  });

  test('a silent connection is closed after the idle timeout', async () => {
    const own = await startRig([{ account: '1234' }], { idleTimeoutMs: 50, udp: false });
    const panel = await TcpPanel.connect(own.server.port);
    try {
      await panel.closedByPeer();
    } finally {
      panel.close();
      await own.close();
    }
  });
});

/** A loopback port held for UDP by the socket returned, and free for TCP when it was picked (a few tries). */
async function udpTakenTcpFree(): Promise<{ taken: ReturnType<typeof createSocket>; port: number }> {
  for (let attempt = 0; ; attempt++) {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    const taken = createSocket('udp4');
    const bound = await new Promise<boolean>((resolve) => {
      taken.once('error', () => resolve(false));
      taken.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise((resolve) => probe.close(resolve));
    if (bound) return { taken, port };
    try {
      taken.close();
    } catch {
      // a socket whose bind failed may not be running: nothing to close
    }
    if (attempt >= 20) throw new Error('no loopback port free for both TCP and UDP');
  }
}
