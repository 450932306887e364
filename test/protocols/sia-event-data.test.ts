// SIA DCS and Contact ID message data: the forms real panels send, and format → parse identity.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  type ContactIdEvent,
  contactIdToSia,
  formatContactId,
  parseContactId,
} from '../../src/protocols/sia/codec/contact-id.js';
import { SIA_CODES, siaCode } from '../../src/protocols/sia/codec/sia-codes.js';
import { formatSiaDcs, parseSiaDcs, type SiaDcsEvent } from '../../src/protocols/sia/codec/sia-dcs.js';
import { hex } from '../fixtures/sia/arbitraries.js';

describe('SIA DCS data', () => {
  test('reads the forms panels send: modifiers, codes with and without "/", texts', () => {
    const cases: Array<[string, string | undefined, SiaDcsEvent[]]> = [
      ['#1234|Nri1/BA01', '1234', [{ code: 'BA', zone: '01', area: '1' }]],
      ['#123456|Nri1CL0^VX FRONTE ^', '123456', [{ code: 'CL', zone: '0', area: '1', text: 'VX FRONTE ' }]],
      ['|Nri1/CL501', undefined, [{ code: 'CL', zone: '501', area: '1' }]],
      ['NFA129', undefined, [{ code: 'FA', zone: '129' }]],
      ['#080027E62A64|NHB0003', '080027E62A64', [{ code: 'HB', zone: '0003' }]],
      ['#1234|Nri1/id0007/pm03/CL001', '1234', [{ code: 'CL', zone: '001', area: '1', user: '0007' }]],
      [
        "#7878|Nri01^TOTAL^/LX901^centrale d'alarme^",
        '7878',
        [{ code: 'LX', zone: '901', area: '01', text: "centrale d'alarme" }],
      ],
      [
        '#1234|Nri1/BA01/BA02',
        '1234',
        [
          { code: 'BA', zone: '01', area: '1' },
          { code: 'BA', zone: '02', area: '1' },
        ],
      ],
    ];
    for (const [data, account, events] of cases) {
      const parsed = parseSiaDcs(data);
      assert.ok(parsed.ok, data);
      if (parsed.ok)
        assert.deepEqual(parsed.value, account === undefined ? { events } : { account, events }, data);
    }
  });

  test('refuses data with no event or no N', () => {
    for (const data of ['', '#1234|', '#1234|Nri1', '#1234|X BA01', '#1234|N123'])
      assert.equal(parseSiaDcs(data).ok, false, data);
  });

  test('format → parse is the identity', () => {
    const event = fc.record({
      code: fc.constantFrom(...Object.keys(SIA_CODES).filter((c) => c.length === 2)),
      zone: fc.stringMatching(/^[0-9]{0,4}$/),
      text: fc.option(
        fc.stringMatching(/^[ -Z_-~]{0,20}$/).filter((t) => !/[[\]^]/.test(t)),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(
        fc.option(hex(3, 16), { nil: undefined }),
        fc.option(fc.stringMatching(/^[0-9]{1,3}$/), { nil: undefined }),
        fc.array(event, { minLength: 1, maxLength: 5 }),
        (account, area, raw) => {
          const events: SiaDcsEvent[] = raw.map((e) => ({
            code: e.code,
            zone: e.zone,
            ...(area === undefined ? {} : { area }),
            ...(e.text === undefined ? {} : { text: e.text }),
          }));
          const parsed = parseSiaDcs(formatSiaDcs(account, events));
          assert.ok(parsed.ok);
          if (parsed.ok)
            assert.deepEqual(parsed.value, account === undefined ? { events } : { account, events });
        },
      ),
    );
  });

  test('the codes of the PIR detector and of link supervision have their meaning', () => {
    for (const code of ['BA', 'BR', 'TA', 'TR', 'YT', 'YR', 'BT', 'BJ', 'BB', 'BU', 'OP', 'CL', 'RP', 'NULL'])
      assert.ok(siaCode(code)?.meaning, code);
    assert.equal(siaCode('BR')?.restores, 'BA');
    assert.equal(siaCode('ZX'), undefined);
    assert.equal(siaCode('constructor'), undefined);
  });
});

describe('Contact ID data', () => {
  test('reads "#acct|QEEE GG CCC" and maps known events to SIA codes by qualifier', () => {
    const parsed = parseContactId('#1234|1401 01 005');
    assert.deepEqual(parsed, {
      ok: true,
      value: { account: '1234', event: { qualifier: 1, event: '401', partition: '01', zone: '005' } },
    });
    const e = (qualifier: 1 | 3 | 6, event: string): ContactIdEvent => ({
      qualifier,
      event,
      partition: '01',
      zone: '001',
    });
    assert.equal(contactIdToSia(e(1, '130')), 'BA');
    assert.equal(contactIdToSia(e(3, '130')), 'BR');
    assert.equal(contactIdToSia(e(1, '401')), 'OP');
    assert.equal(contactIdToSia(e(3, '401')), 'CL');
    assert.equal(contactIdToSia(e(1, '137')), 'TA');
    assert.equal(contactIdToSia(e(1, '999')), undefined);
    for (const bad of ['#1234|1130 01', '#1234|2130 01 001', '1130 01 0015', '#12|1130 01 001'])
      assert.equal(parseContactId(bad).ok, false, bad);
  });

  test('format → parse is the identity', () => {
    fc.assert(
      fc.property(
        fc.option(hex(3, 16), { nil: undefined }),
        fc.constantFrom(1 as const, 3 as const, 6 as const),
        fc.stringMatching(/^[0-9]{3}$/),
        hex(2, 2),
        hex(3, 3),
        (account, qualifier, event, partition, zone) => {
          const e: ContactIdEvent = { qualifier, event, partition, zone };
          assert.deepEqual(parseContactId(formatContactId(account, e)), {
            ok: true,
            value: account === undefined ? { event: e } : { account, event: e },
          });
        },
      ),
    );
  });
});
