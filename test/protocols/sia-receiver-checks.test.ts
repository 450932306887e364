// The receiver's checks on one frame: ACK echoing sequence, receiver, line and account (encrypted when the
// message was), NAK with the receiver's time (CRC, length, format, wrong key, an encrypted message's
// timestamp outside the window), DUH (unknown
// account, id token or event, encryption mismatch), no answer to what is not a DC-09 request; and a fuzz:
// random and mutated frames never throw and get NAK or no answer.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { crcField, lengthField } from '../../src/protocols/sia/codec/crc.js';
import { decodeFrame, encodeFrame, type SiaFrame } from '../../src/protocols/sia/codec/frame.js';
import { checkFrame, type ReceiverSettings } from '../../src/protocols/sia/receiver/checks.js';
import { siaFrame } from '../fixtures/sia/arbitraries.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const KEY = Buffer.from('00112233445566778899AABBCCDDEEFF', 'hex');
const settings: ReceiverSettings = {
  accounts: [{ account: '1234' }, { account: 'ABC123', key: KEY }],
};

/** A frame as a transmitter would write it: the message between `"` and CR, with CRC and length. */
function wire(message: string): string {
  return `\n${crcField(message)}${lengthField(message)}${message}\r`;
}

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
    timestamp: NOW,
    ...overrides,
  };
}

const check = (raw: string | Uint8Array, now = NOW) => checkFrame({ raw, now }, settings);
/** The answer and its reason, for comparing. */
const duh = (outcome: ReturnType<typeof check>) => [
  outcome.answer,
  'reason' in outcome ? outcome.reason : '',
];

describe('SIA receiver: ACK', () => {
  test('a burglary alarm is acknowledged with sequence, receiver, line and account echoed', () => {
    const outcome = check(encodeFrame(frame()));
    assert.equal(outcome.answer, 'ACK');
    if (outcome.answer !== 'ACK') return;
    assert.equal(outcome.reply, wire('"ACK"0042R5L1A#1234[]'));
    assert.deepEqual(outcome.events, [
      {
        account: '1234',
        code: 'BA',
        meaning: 'Burglary alarm',
        zone: '01',
        area: '1',
        time: NOW,
        line: '1A',
        receiver: '5',
        sequence: 42,
      },
    ]);
  });

  test('every event of a message comes out, with its text; a plain message may have no timestamp', () => {
    const data = '#1234|Nri2/TA03^Hall PIR^/TR03/ri3/YT000/OP007/CL007/BT04/BJ04/BB05/BU05/RP0000';
    const outcome = check(encodeFrame(frame({ data, timestamp: undefined })));
    assert.equal(outcome.answer, 'ACK');
    if (outcome.answer !== 'ACK') return;
    assert.deepEqual(
      outcome.events.map((e) => [e.code, e.zone, e.area, e.text ?? '', e.time.toISOString()]),
      [
        ['TA', '03', '2', 'Hall PIR', NOW.toISOString()],
        ['TR', '03', '2', '', NOW.toISOString()],
        ['YT', '000', '3', '', NOW.toISOString()],
        ['OP', '007', '3', '', NOW.toISOString()],
        ['CL', '007', '3', '', NOW.toISOString()],
        ['BT', '04', '3', '', NOW.toISOString()],
        ['BJ', '04', '3', '', NOW.toISOString()],
        ['BB', '05', '3', '', NOW.toISOString()],
        ['BU', '05', '3', '', NOW.toISOString()],
        ['RP', '0000', '3', '', NOW.toISOString()],
      ],
    );
  });

  test('an encrypted message gets an encrypted ACK that carries the receiver time under the same key', () => {
    const sent = encodeFrame(frame({ encrypted: true, account: 'ABC123', data: '#ABC123|Nri1/BR01' }), {
      key: KEY,
    });
    const outcome = check(sent);
    assert.equal(outcome.answer, 'ACK');
    if (outcome.answer !== 'ACK') return;
    assert.match(outcome.reply, /^\n[0-9A-F]{4}0[0-9A-F]{3}"\*ACK"0042R5L1A#ABC123\[[0-9A-F]+\r$/);
    const ack = decodeFrame(outcome.reply, () => KEY);
    assert.ok(ack.ok);
    if (ack.ok) assert.deepEqual([ack.frame.data, ack.frame.timestamp], ['', NOW]);
    assert.equal(outcome.events[0]?.code, 'BR');
  });

  test('a Contact ID message is acknowledged and its event given its SIA code', () => {
    const outcome = check(encodeFrame(frame({ token: 'ADM-CID', data: '#1234|3130 01 015' })));
    assert.equal(outcome.answer, 'ACK');
    if (outcome.answer === 'ACK')
      assert.deepEqual(
        outcome.events.map((e) => [e.code, e.zone, e.area, e.contactId?.event]),
        [['BR', '015', '01', '130']],
      );
  });

  test('a link test (NULL) is acknowledged as a NULL event', () => {
    const outcome = check(encodeFrame(frame({ token: 'NULL', data: '' })));
    assert.equal(outcome.answer, 'ACK');
    if (outcome.answer === 'ACK')
      assert.deepEqual(
        outcome.events.map((e) => e.code),
        ['NULL'],
      );
  });
});

describe('SIA receiver: NAK', () => {
  const nak = wire('"NAK"0000R0L0A0[]_12:00:00,03-01-2026');

  test('bad CRC, bad length and bad format are NAKed with the receiver time', () => {
    const good = encodeFrame(frame());
    const badCrc = `\n${good[1] === '0' ? '1' : '0'}${good.slice(2)}`;
    const badLength = `${good.slice(0, 5)}0FFF${good.slice(9)}`;
    const badFormat = wire('"SIA-DCS"42L0#1234[#1234|Nri1/BA01]');
    for (const [raw, reason] of [
      [badCrc, 'crc'],
      [badLength, 'length'],
      [badFormat, 'format'],
      [wire('"SIA-DCS"0001L0#1234[#1234|Nri1/BA01]_25:00:00,01-01-2026'), 'timestamp'],
      [wire('"SIA-DCS"0001L0#1234[#1234|garbage]'), 'format'],
      [wire('"ADM-CID"0001L0#1234[#1234|1130 1 015]'), 'format'],
    ] as const) {
      const outcome = check(raw);
      assert.deepEqual([outcome.answer, 'reason' in outcome ? outcome.reason : ''], ['NAK', reason], raw);
      if (outcome.answer === 'NAK') assert.equal(outcome.reply, nak);
    }
  });

  test('an encrypted message is NAKed outside 40 s behind to 20 s ahead of the receiver clock; settable', () => {
    const sent = (offsetS: number, f: Partial<SiaFrame> = { encrypted: true, account: 'ABC123' }) =>
      encodeFrame(frame({ ...f, timestamp: new Date(NOW.getTime() + offsetS * 1000) }), { key: KEY });
    const at = (offsetS: number) => check(sent(offsetS));
    assert.equal(at(-40).answer, 'ACK');
    assert.deepEqual(duh(at(-41)), ['NAK', 'window']);
    assert.equal(at(20).answer, 'ACK');
    assert.deepEqual(duh(at(21)), ['NAK', 'window']);
    const outcome = at(-41);
    if (outcome.answer === 'NAK') assert.equal(outcome.reply, nak);
    const wide = { ...settings, window: { behindS: 20, aheadS: 40 } };
    assert.equal(checkFrame({ raw: sent(30), now: NOW }, wide).answer, 'ACK');
    assert.equal(checkFrame({ raw: sent(-30), now: NOW }, wide).answer, 'NAK');
    assert.equal(checkFrame({ raw: sent(3600), now: NOW }, { ...settings, window: false }).answer, 'ACK');
  });

  test('a plain message’s timestamp is checked only when the window says plainToo', () => {
    const old = encodeFrame(frame({ timestamp: new Date(NOW.getTime() - 3_600_000) }));
    assert.equal(check(old).answer, 'ACK');
    const strict = { ...settings, window: { behindS: 40, aheadS: 20, plainToo: true } };
    assert.deepEqual(duh(checkFrame({ raw: old, now: NOW }, strict)), ['NAK', 'window']);
  });

  test('with damaged: ignore, bad CRC, length or format get no answer; a window failure still gets NAK', () => {
    const quiet = { ...settings, damaged: 'ignore' as const };
    const good = encodeFrame(frame());
    const badCrc = `\n${good[1] === '0' ? '1' : '0'}${good.slice(2)}`;
    assert.deepEqual(duh(checkFrame({ raw: badCrc, now: NOW }, quiet)), ['none', 'crc']);
    assert.deepEqual(duh(checkFrame({ raw: `${good.slice(0, 5)}0FFF${good.slice(9)}`, now: NOW }, quiet)), [
      'none',
      'length',
    ]);
    assert.deepEqual(duh(checkFrame({ raw: wire('"SIA-DCS"42L0#1234[]'), now: NOW }, quiet)), [
      'none',
      'format',
    ]);
    const late = encodeFrame(
      frame({ encrypted: true, account: 'ABC123', timestamp: new Date(NOW.getTime() - 60_000) }),
      { key: KEY },
    );
    assert.deepEqual(duh(checkFrame({ raw: late, now: NOW }, quiet)), ['NAK', 'window']);
  });

  test('an encrypted message under the wrong key is NAKed', () => {
    const other = Buffer.from('FFEEDDCCBBAA99887766554433221100', 'hex');
    const outcome = check(encodeFrame(frame({ encrypted: true, account: 'ABC123' }), { key: other }));
    assert.deepEqual([outcome.answer, 'reason' in outcome && outcome.reason], ['NAK', 'decrypt']);
  });
});

describe('SIA receiver: DUH and no answer', () => {
  const duh = (outcome: ReturnType<typeof check>) => [
    outcome.answer,
    'reason' in outcome ? outcome.reason : '',
  ];

  test('unknown account, id token or event and an encryption mismatch get DUH with the header echoed', () => {
    const unknownAccount = check(encodeFrame(frame({ account: '9999', data: '#9999|Nri1/BA01' })));
    assert.deepEqual(duh(unknownAccount), ['DUH', 'unknown-account']);
    if (unknownAccount.answer === 'DUH') assert.equal(unknownAccount.reply, wire('"DUH"0042R5L1A#9999[]'));
    assert.deepEqual(duh(check(wire('"SIA-XYZ"0007L0#1234[#1234|Nri1/BA01]'))), ['DUH', 'token']);
    assert.deepEqual(duh(check(encodeFrame(frame({ data: '#1234|Nri1/ZX01' })))), [
      'DUH',
      'unsupported-event',
    ]);
    assert.deepEqual(duh(check(encodeFrame(frame({ token: 'ADM-CID', data: '#1234|1999 01 001' })))), [
      'DUH',
      'unsupported-event',
    ]);
    // Account 1234 has no key: it cannot send encrypted; ABC123 has one: it must.
    assert.deepEqual(duh(check(encodeFrame(frame({ encrypted: true }), { key: KEY }))), ['DUH', 'no-key']);
    assert.deepEqual(duh(check(encodeFrame(frame({ account: 'abc123' })))), ['DUH', 'encryption-required']);
    const stranger = encodeFrame(frame({ encrypted: true, account: '5555' }), { key: KEY });
    assert.deepEqual(duh(check(stranger)), ['DUH', 'unknown-account']);
  });

  test('what is not a DC-09 frame, and ACK, NAK or DUH frames, get no answer', () => {
    assert.deepEqual(duh(check('')), ['none', 'framing']);
    assert.deepEqual(duh(check('hello\r\n')), ['none', 'framing']);
    assert.deepEqual(duh(check(wire('"ACK"0001L0#1234[]'))), ['none', 'not-a-request']);
    assert.deepEqual(duh(check(wire('"NAK"0000R0L0A0[]_12:00:00,03-01-2026'))), ['none', 'not-a-request']);
    // Encrypted answers, whether or not the account has a key, and a NAK's one-digit account.
    const sealed = (token: 'ACK' | 'NAK' | 'DUH', account: string) =>
      encodeFrame({ ...frame({ token, account, data: '' }), encrypted: true, sequence: 0 }, { key: KEY });
    for (const token of ['ACK', 'NAK', 'DUH'] as const)
      for (const account of ['0', 'ABC123', '5555'])
        if (token === 'NAK' || account !== '0')
          assert.deepEqual(duh(check(sealed(token, account))), ['none', 'not-a-request']);
  });
});

describe('SIA receiver fuzz', () => {
  const keyed = (f: SiaFrame) => ({ ...f, account: 'ABC123' });

  test('random bytes never throw and get NAK or no answer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, framed) => {
        const raw = framed ? Buffer.concat([Buffer.from('\n'), bytes, Buffer.from('\r')]) : bytes;
        const outcome = check(raw);
        assert.ok(['NAK', 'none'].includes(outcome.answer), outcome.answer);
      }),
      { numRuns: 2000 },
    );
  });

  test('a frame with one byte changed never throws and gets NAK or no answer', () => {
    fc.assert(
      fc.property(
        fc.oneof(siaFrame(), siaFrame({ encrypted: true }).map(keyed)),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (f, at, delta) => {
          const original = encodeFrame(f, f.encrypted ? { key: KEY } : {});
          const bytes = Buffer.from(original, 'latin1');
          const i = at % bytes.length;
          bytes[i] = ((bytes[i] as number) + delta) & 0xff;
          // A CRC or length digit changed only in case is the same frame.
          fc.pre(bytes.toString('latin1').toUpperCase() !== original.toUpperCase());
          const outcome = check(bytes);
          assert.ok(
            ['NAK', 'none'].includes(outcome.answer),
            `${outcome.answer} for ${JSON.stringify(bytes.toString('latin1'))}`,
          );
        },
      ),
      { numRuns: 1000 },
    );
  });

  test('frames with a right CRC and length and random parts never throw; the answer fits the message', () => {
    const token = fc.constantFrom('SIA-DCS', 'ADM-CID', 'NULL', 'ACK', 'NAK', 'DUH', 'XYZ', '');
    const piece = fc.constantFrom(
      'R0',
      'R5',
      'L0',
      'L1A',
      'A0',
      '#1234',
      '#ABC123',
      '#9999',
      '#12',
      '[',
      ']',
      '|',
      '^',
      '/',
      'N',
      'ri1',
      'BA01',
      'ZX9',
      '1130 01 015',
      '_12:00:00,03-01-2026',
      '_99:00:00,03-01-2026',
      '0042',
      'x',
    );
    fc.assert(
      fc.property(
        fc.boolean(),
        token,
        fc.array(piece, { maxLength: 12 }),
        fc.option(fc.uint8Array({ minLength: 16, maxLength: 64 }), { nil: undefined }),
        (star, t, pieces, cipher) => {
          const hexTail = cipher ? Buffer.from(cipher).toString('hex').toUpperCase() : '';
          const outcome = check(wire(`"${star ? '*' : ''}${t}"${pieces.join('')}${hexTail}`));
          assert.ok(['ACK', 'NAK', 'DUH', 'none'].includes(outcome.answer));
          if (outcome.answer !== 'none')
            assert.match(outcome.reply, /^\n[0-9A-F]{4}0[0-9A-F]{3}"\*?(ACK|NAK|DUH)"/);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('any well-formed frame gets an answer without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(siaFrame(), siaFrame({ encrypted: true }).map(keyed)), (f) => {
        const outcome = check(encodeFrame(f, f.encrypted ? { key: KEY } : {}));
        assert.ok(['ACK', 'NAK', 'DUH', 'none'].includes(outcome.answer));
      }),
      { numRuns: 1000 },
    );
  });
});
