// The published DC-09 frames (test/fixtures/sia/published-frames.json) sent to the receiver server over TCP
// and UDP, answered as their sources say where they say: the Node-RED issue's receiver acknowledged its
// panel's periodic test with `"ACK"<seq>L0#0000[]`; pysiaalarm answers a message under a wrong key NAK
// (its altered-key case). A wrong CRC or length gets NAK, the receiver's default. Encrypted messages from years ago fall outside the
// timestamp window (NAK); with the window off they are acknowledged under their key. A receiver answers no
// ACK or NAK it is sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { crcField, lengthField } from '../../src/protocols/sia/codec/crc.js';
import { decodeFrame } from '../../src/protocols/sia/codec/frame.js';
import type { ReceiverAccount } from '../../src/protocols/sia/receiver/checks.js';
import { NOW, type Rig, startRig, TcpPanel, udpExchange } from './sia-receiver-rig.js';

interface Vector {
  name: string;
  frame: string;
  key?: string;
  error?: string;
  expect?: { token: string; account?: string; sequence?: number; encrypted?: boolean };
}
const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('../fixtures/sia/published-frames.json', import.meta.url), 'utf8'),
).vectors;
const vector = (name: string) => {
  const found = vectors.find((v) => v.name.startsWith(name));
  if (!found) throw new Error(`no published frame "${name}"`);
  return found;
};

const wire = (message: string) => `\n${crcField(message)}${lengthField(message)}${message}\r`;
const NAK_AT_NOW = wire('"NAK"0000R0L0A0[]_12:00:00,03-01-2026');
/** The fixtures' keys are ASCII, as their sources give them. */
const asciiKey = (v: Vector) => Buffer.from(v.key as string, 'latin1');

const accounts: ReceiverAccount[] = [
  { account: '12345A' },
  { account: '0000' },
  { account: 'AAA' },
  { account: '12345', key: asciiKey(vector('encrypted SIA DCS')) },
  { account: 'AAAB', key: asciiKey(vector('encrypted NULL')) },
  { account: '1234' }, // the worked example's, sent after each frame
];
/** The worked example and its ACK: sent after a frame, its ACK coming first says the frame got no answer. */
const FOLLOW = '\n58FE0025"SIA-DCS"0001L0#1234[#1234|Nri1/BA01]\r';
const FOLLOW_ACK = '\n1BC10012"ACK"0001L0#1234[]\r';

let rig: Rig;
let noWindow: Rig;
before(async () => {
  rig = await startRig(accounts);
  noWindow = await startRig(accounts, { window: false });
});
after(async () => {
  await rig.close();
  await noWindow.close();
});

/** The answer to one frame over TCP and over UDP (the same both ways), or '' for none. */
async function answerTo(r: Rig, frame: string): Promise<string> {
  const panel = await TcpPanel.connect(r.server.port);
  try {
    await panel.write(frame + FOLLOW);
    const [first] = await panel.answers(1);
    const tcp = first === FOLLOW_ACK ? '' : (first as string);
    const [udp] = await udpExchange(r.server.port, [frame, FOLLOW], 1);
    assert.equal(udp === FOLLOW_ACK ? '' : udp, tcp, 'UDP answers as TCP does');
    return tcp;
  } finally {
    panel.close();
  }
}

describe('SIA receiver server: published frames', () => {
  test('the Node-RED panel’s periodic test gets the ACK its receiver gave, for its own sequence', async () => {
    const published = vector('receiver ACK').frame; // that receiver's ACK to the message before
    const answer = await answerTo(rig, vector('panel periodic test').frame);
    assert.equal(answer.slice(9), published.slice(9).replace('1665', '1666'), 'the published ACK’s form');
    assert.equal(answer, wire('"ACK"1666L0#0000[]'));
    const report = rig.sink.reports.find((r) => r.account === '0000');
    assert.equal(report?.code, 'RP');
    assert.equal(report?.messageTime?.toISOString(), '2021-12-22T12:43:02.000Z');
  });

  test('the DC-09 example frames (SIA DCS and Contact ID) are acknowledged, echoing R and L', async () => {
    assert.equal(
      await answerTo(rig, vector('standard example, SIA DCS').frame),
      wire('"ACK"9876R579BDFL789ABC#12345A[]'),
    );
    assert.equal(
      await answerTo(rig, vector('standard example, Contact ID').frame),
      wire('"ACK"9876R579BDFL789ABC#12345A[]'),
    );
    const cid = rig.sink.reports.filter((r) => r.account === '12345A').map((r) => r.code);
    assert.deepEqual(cid, ['FA', 'FA']);
  });

  test('wrong CRC and wrong length (frames from pysiaalarm’s tests): NAK', async () => {
    assert.equal(await answerTo(rig, vector('wrong CRC').frame), NAK_AT_NOW);
    assert.equal(await answerTo(rig, vector('wrong length').frame), NAK_AT_NOW);
  });

  test('encrypted frames from 2018 and 2020: NAK (outside the window); acknowledged under their key without it', async () => {
    for (const name of ['encrypted SIA DCS', 'encrypted NULL']) {
      const v = vector(name);
      assert.equal(await answerTo(rig, v.frame), NAK_AT_NOW, name);
      const ack = await answerTo(noWindow, v.frame);
      const decoded = decodeFrame(ack, () => asciiKey(v));
      assert.ok(decoded.ok, `${name}: the ACK decrypts under the account's key`);
      if (!decoded.ok) continue;
      assert.equal(decoded.frame.token, 'ACK');
      assert.equal(decoded.frame.encrypted, true);
      assert.equal(decoded.frame.sequence, v.expect?.sequence);
      assert.equal(decoded.frame.account, v.expect?.account);
      assert.equal(decoded.frame.timestamp?.getTime(), NOW.getTime());
    }
  });

  test('a wrong key (pysiaalarm’s altered key case): NAK', async () => {
    const other = await startRig(
      [{ account: '12345', key: Buffer.from('FEDCBA9876543210', 'latin1') }, { account: '1234' }],
      {
        window: false,
      },
    );
    try {
      assert.equal(await answerTo(other, vector('encrypted SIA DCS').frame), NAK_AT_NOW);
    } finally {
      await other.close();
    }
  });

  test('a receiver’s ACK and NAK sent to the receiver get no answer', async () => {
    assert.equal(await answerTo(rig, vector('receiver ACK').frame), '');
    assert.equal(await answerTo(rig, vector('receiver NAK').frame), '');
  });
});
