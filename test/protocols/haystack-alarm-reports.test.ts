// Pointyard's `alarmReports` and `alarmTransmitter` ops: reports logged by the store's alarm-report concern
// (as the receiver logs them) read back newest first with their filters and paging; the transmitter's queue
// per account and its delivery records; bad filters are error grids; a viewer may read them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HDateTime, HGrid, HNum, HRef, HStr } from 'haystack-core';
import type { ReceivedReport } from '../../src/store/alarm-reports.js';
import { T0 } from '../runtime/site-fixture.js';
import { callOp } from '../support/haystack-call.js';
import { idleDemoHaystack } from '../support/haystack-server.js';

const server = await idleDemoHaystack(T0 + 3_600_000);
after(() => server.close());
const call = (op: string, body: Parameters<typeof callOp>[3] = '', fetch = server.fetch) =>
  callOp(server.url, fetch, op, body);
const reports = server.runtime.services.alarmReports;

const REPORT_COLUMNS = [
  'receivedAt',
  'eventTime',
  'account',
  'receiver',
  'line',
  'sequence',
  'code',
  'zone',
  'text',
  'transport',
  'remote',
  'encrypted',
];

function received(n: number, account: string, code: string, zone: string): ReceivedReport {
  return {
    receivedAt: T0 + n * 60_000,
    account,
    receiver: n % 2 === 0 ? 'R1' : null,
    line: 'L0',
    sequence: n,
    code,
    zone,
    text: code === 'BA' ? 'Plant room' : '',
    eventTime: n % 2 === 0 ? T0 + n * 60_000 - 1000 : null,
    remote: `127.0.0.1:${50_000 + n}`,
    transport: n % 3 === 0 ? 'udp' : 'tcp',
    encrypted: n % 2 === 0,
    frame: `"SIA-DCS"${String(n).padStart(4, '0')}L0#${account}[#${account}|Nri${zone}/${code}]`,
  };
}

const codes = (grid: HGrid) => grid.getRows().map((r) => r.get<HStr>('code')?.value);
const sequences = (grid: HGrid) => grid.getRows().map((r) => r.get<HNum>('sequence')?.value);

describe('alarmReports', () => {
  before(async () => {
    // Six reports, one a minute from T0: 1 BA, 2 TA, 3 BR, 4 TR (account 1234), 5 BA, 6 YT (account 5678).
    const plan: Array<[string, string, string]> = [
      ['1234', 'BA', '001'],
      ['1234', 'TA', '001'],
      ['1234', 'BR', '001'],
      ['1234', 'TR', '001'],
      ['5678', 'BA', '002'],
      ['5678', 'YT', '002'],
    ];
    for (const [i, [account, code, zone]] of plan.entries())
      assert.equal((await reports.record(received(i + 1, account, code, zone))).duplicate, false);
  });

  test('lists the received reports newest first with every column, times in the site’s zone', async () => {
    const { grid, error } = await call('alarmReports');
    assert.equal(error, null);
    assert.deepEqual(grid.getColumnNames(), REPORT_COLUMNS);
    assert.deepEqual(sequences(grid), [6, 5, 4, 3, 2, 1]);
    const ba = grid.getRows()[5];
    assert.equal(ba?.get<HDateTime>('receivedAt')?.timezone, 'Paris');
    assert.equal(ba?.get<HDateTime>('receivedAt')?.date.valueOf(), T0 + 60_000);
    assert.equal(ba?.has('eventTime'), false, 'a frame without a timestamp has no eventTime');
    assert.equal(ba?.has('receiver'), false);
    assert.equal(ba?.get<HStr>('account')?.value, '1234');
    assert.equal(ba?.get<HStr>('zone')?.value, '001');
    assert.equal(ba?.get<HStr>('text')?.value, 'Plant room');
    assert.equal(ba?.get<HStr>('line')?.value, 'L0');
    assert.equal(ba?.get<HStr>('transport')?.value, 'tcp');
    assert.equal(ba?.get<HStr>('remote')?.value, '127.0.0.1:50001');
    assert.equal(ba?.get('encrypted')?.toZinc(), 'F');
    const ta = grid.getRows()[4];
    assert.equal(ta?.get<HDateTime>('eventTime')?.date.valueOf(), T0 + 2 * 60_000 - 1000);
    assert.equal(ta?.get<HStr>('receiver')?.value, 'R1');
    assert.equal(ta?.get('encrypted')?.toZinc(), 'T');
    assert.equal(grid.meta.has('more'), false);
  });

  test('filters by account, code and range (as hisRead), over GET and POST', async () => {
    assert.deepEqual(codes((await call('alarmReports', { query: { account: '"5678"' } })).grid), [
      'YT',
      'BA',
    ]);
    assert.deepEqual(codes((await call('alarmReports', { query: { code: '"BA"' } })).grid), ['BA', 'BA']);
    const both = await call('alarmReports', 'ver:"3.0"\naccount,code\n"1234","BA"\n');
    assert.deepEqual(sequences(both.grid), [1]);
    // From T0+2min to T0+4min (excluded): reports 2 and 3.
    const from = new Date(T0 + 2 * 60_000).toISOString().replace('.000Z', 'Z');
    const to = new Date(T0 + 4 * 60_000).toISOString().replace('.000Z', 'Z');
    const range = await call('alarmReports', { query: { range: `"${from} UTC,${to} UTC"` } });
    assert.equal(range.error, null);
    assert.deepEqual(sequences(range.grid), [3, 2]);
    assert.deepEqual(sequences((await call('alarmReports', { query: { range: '"yesterday"' } })).grid), []);
    const none = await call('alarmReports', { query: { account: '"9999"' } });
    assert.equal(none.error, null);
    assert.deepEqual(none.grid.getColumnNames(), REPORT_COLUMNS);
    assert.equal(none.grid.length, 0);
  });

  test('pages with limit and offset; `more` says another page follows', async () => {
    const first = await call('alarmReports', { query: { limit: '4' } });
    assert.deepEqual(sequences(first.grid), [6, 5, 4, 3]);
    assert.equal(first.grid.meta.has('more'), true);
    const second = await call('alarmReports', { query: { limit: '4', offset: '4' } });
    assert.deepEqual(sequences(second.grid), [2, 1]);
    assert.equal(second.grid.meta.has('more'), false);
    const exact = await call('alarmReports', { query: { limit: '3', offset: '3' } });
    assert.deepEqual(sequences(exact.grid), [3, 2, 1]);
    assert.equal(exact.grid.meta.has('more'), false);
  });

  test('a viewer reads them', async () => {
    const victor = await server.login('victor');
    const { grid, error } = await call('alarmReports', { query: { limit: '1' } }, victor.fetch);
    assert.equal(error, null);
    assert.deepEqual(sequences(grid), [6]);
  });

  test('bad filters are error grids', async () => {
    const cases: Array<[Record<string, string> | string, RegExp]> = [
      [{ range: 'last week' }, /invalid history range 'last week'/],
      ['ver:"3.0"\naccount\n1234\n', /account must be a Str/],
      ['ver:"3.0"\ncode\n""\n', /code must not be empty/],
      [{ limit: '10001' }, /limit must be a whole Number from 1 to 10000/],
      [{ limit: '0' }, /limit must be a whole Number/],
      [{ offset: '-1' }, /offset must be a whole Number from 0/],
      [{ offset: '1.5' }, /offset must be a whole Number from 0/],
      [{ offset: '9900', limit: '200' }, /offset \+ limit may be at most 10000, not 10100/],
    ];
    for (const [body, message] of cases) {
      const answer = await call('alarmReports', typeof body === 'string' ? body : { query: body });
      assert.match(answer.error ?? '', message, JSON.stringify(body));
    }
  });
});

describe('alarmTransmitter', () => {
  let first = 0;
  before(async () => {
    // Account 1111: three queued, the first delivered after a timeout at the primary and a NAK; 2222: one
    // queued and delivered; 3333: one waiting.
    const report = (code: string, minute: number) => ({
      code,
      zone: '001',
      text: code === 'BA' ? 'Burglary' : '',
      time: T0 + minute * 60_000,
      device: 'pir-1',
      point: code === 'RP' ? null : 'alarm-status',
    });
    first = await reports.enqueue('1111', report('BA', 1));
    await reports.enqueue('1111', report('TA', 2));
    await reports.enqueue('1111', report('BR', 3));
    const other = await reports.enqueue('2222', report('RP', 4));
    await reports.enqueue('3333', report('YT', 5));
    await reports.attempt(first, 'primary', { outcome: 'timeout', at: T0 + 61_000 });
    await reports.attempt(first, 'backup', { outcome: 'nak', at: T0 + 62_000, error: 'NAK' });
    assert.equal(await reports.acknowledged(first, 'backup', T0 + 63_000), true);
    assert.equal(await reports.acknowledged(other, 'primary', T0 + 4 * 60_000 + 500), true);
  });

  test('lists each account with its waiting reports and latest delivery', async () => {
    const { grid, error } = await call('alarmTransmitter');
    assert.equal(error, null);
    assert.deepEqual(grid.getColumnNames(), [
      'account',
      'waiting',
      'lastDeliveredAt',
      'lastReceiver',
      'lastCode',
      'lastZone',
    ]);
    const rows = grid
      .getRows()
      .map((r) => [
        r.get<HStr>('account')?.value,
        r.get<HNum>('waiting')?.value,
        r.get<HDateTime>('lastDeliveredAt')?.date.valueOf(),
        r.get<HStr>('lastReceiver')?.value,
        r.get<HStr>('lastCode')?.value,
      ]);
    assert.deepEqual(rows, [
      ['1111', 2, T0 + 63_000, 'backup', 'BA'],
      ['2222', 0, T0 + 4 * 60_000 + 500, 'primary', 'RP'],
      ['3333', 1, undefined, undefined, undefined],
    ]);
    const one = await call('alarmTransmitter', { query: { account: '"3333"' } });
    assert.deepEqual(
      one.grid.getRows().map((r) => r.get<HStr>('account')?.value),
      ['3333'],
    );
  });

  test('with `delivered`, lists the deliveries latest first with their failed attempts', async () => {
    const { grid, error } = await call('alarmTransmitter', 'ver:"3.0"\ndelivered\nM\n');
    assert.equal(error, null);
    const rows = grid.getRows();
    assert.deepEqual(
      rows.map((r) => [r.get<HStr>('account')?.value, r.get<HStr>('code')?.value]),
      [
        ['2222', 'RP'],
        ['1111', 'BA'],
      ],
    );
    const ba = rows[1];
    assert.equal(ba?.get<HNum>('failedAttempts')?.value, 2);
    assert.equal(ba?.get<HStr>('receiver')?.value, 'backup');
    assert.equal(ba?.get<HStr>('text')?.value, 'Burglary');
    assert.equal(ba?.get<HRef>('equipRef')?.value, 'lyon-confluence.pir-1');
    assert.equal(ba?.get<HRef>('point')?.value, 'lyon-confluence.pir-1.alarm-status');
    assert.equal(ba?.get<HDateTime>('time')?.date.valueOf(), T0 + 60_000);
    assert.equal(rows[0]?.has('point'), false);
    const only = await call('alarmTransmitter', 'ver:"3.0"\ndelivered,account,limit\nM,"1111",1\n');
    assert.deepEqual(codes(only.grid), ['BA']);
  });

  test('bad filters are error grids', async () => {
    const cases: Array<[string, RegExp]> = [
      ['ver:"3.0"\ndelivered\n"yes"\n', /delivered must be a Marker/],
      ['ver:"3.0"\naccount\n""\n', /account must not be empty/],
      ['ver:"3.0"\ndelivered,limit\nM,0\n', /limit must be a whole Number/],
      ['ver:"3.0"\naccount\n12\n', /account must be a Str/],
    ];
    for (const [body, message] of cases)
      assert.match((await call('alarmTransmitter', body)).error ?? '', message, body);
  });
});
