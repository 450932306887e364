// What the Haystack API answers where clients trip: permission failures and bad levels are error grids on
// HTTP 200 (Haxall's connector drops the connection on any other status), errTrace only for a server set to
// debug, one row per pointWrite, and the Accept header read with its order and q-values.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { HGrid, ZincReader } from 'haystack-core';
import { callOp } from '../support/haystack-call.js';
import { demoHaystack } from '../support/haystack-server.js';

const server = await demoHaystack();
after(() => server.close());

const POINT = '@lyon-confluence.ev-charger-2.max-current-limit';
const KEY = 'ev-charger-2.max-current-limit';
const writeBody = (level: number | string, val = '12A') =>
  `ver:"3.0"\nid,level,val\n${POINT},${level},${val}\n`;
/** The audit records of the point: what changed it, and (`refused`) what was refused, each as who and note. */
async function auditOf() {
  const audit = await server.runtime.options.store.queryAudit({ key: KEY });
  return {
    changes: audit.filter((a) => a.action !== 'refused'),
    refused: audit.filter((a) => a.action === 'refused').map((a) => `${a.who} ${a.level} ${a.note}`),
  };
}

describe('errors as grids on HTTP 200', () => {
  test('a permission failure is an error grid marked forbidden', async () => {
    const viewer = await server.login('victor');
    const refused = await callOp(server.url, viewer.fetch, 'pointWrite', writeBody(16));
    assert.equal(refused.status, 200);
    assert.equal(refused.error, 'victor (viewer) may not write at level 16');
    assert.ok(refused.grid.meta.has('forbidden'));
    const operator = await server.login('olivia');
    const high = await callOp(server.url, operator.fetch, 'pointWrite', writeBody(3));
    assert.equal(high.status, 200);
    assert.equal(high.error, 'olivia (operator) may not write at level 3');
    const users = await callOp(server.url, operator.fetch, 'users');
    assert.equal(users.error, 'olivia (operator) may not users');
    assert.deepEqual(await auditOf(), {
      changes: [],
      refused: [
        'olivia 3 forbidden: olivia (operator) may not write at level 3',
        'victor 16 forbidden: victor (viewer) may not write at level 16',
      ],
    });
  });

  test('a bad level is an error grid', async () => {
    for (const level of [0, 18, 2.5, '"x"']) {
      const answer = await callOp(server.url, server.fetch, 'pointWrite', writeBody(level));
      assert.equal(answer.status, 200, String(level));
      assert.match(answer.error ?? '', /level/, String(level));
    }
    const { changes, refused } = await auditOf();
    assert.deepEqual(changes, []);
    assert.deepEqual(refused.slice(0, 4).reverse(), [
      'admin 0 bad-level: pointWrite: level must be a whole Number from 1 to 17, not 0',
      'admin 18 bad-level: pointWrite: level must be a whole Number from 1 to 17, not 18',
      'admin 2.5 bad-level: pointWrite: level must be a whole Number from 1 to 17, not 2.5',
      'admin null bad-level: pointWrite: level must be a whole Number from 1 to 17, not "x"',
    ]);
  });
});

describe('level 17, the relinquish default', () => {
  const SETPOINT = '@lyon-confluence.dhw-tank.temperature-setpoint';
  const SETPOINT_KEY = 'dhw-tank.temperature-setpoint';
  const write17 = (f: typeof fetch, val: string) =>
    callOp(server.url, f, 'pointWrite', `ver:"3.0"\nid,level,val\n${SETPOINT},17,${val}\n`);
  const levels = async () =>
    (await callOp(server.url, server.fetch, 'pointWrite', `ver:"3.0"\nid\n${SETPOINT}\n`)).grid;

  test('an admin writes it, durably, and relinquishes it back to the device default', async () => {
    const before = (await levels()).getRows()[16]?.get('val')?.toString();
    const operator = await server.login('olivia');
    const refused = await write17(operator.fetch, '61°C');
    assert.equal(refused.error, 'olivia (operator) may not write at level 17');
    const written = await write17(server.fetch, '61°C');
    assert.equal(written.status, 200);
    assert.equal(written.error, null, written.text);
    const after = await levels();
    assert.equal(after.getRows()[16]?.get('val')?.toString(), '61°C');
    assert.equal(after.getRows()[16]?.get('who')?.toString(), 'admin');
    assert.equal(after.meta.get('writeLevel')?.toString(), '17');
    assert.equal(after.meta.get('writeVal')?.toString(), '61°C');
    const saved = (await server.runtime.options.store.loadPriorities()).get(SETPOINT_KEY);
    assert.equal(saved?.values[16], 61, 'committed to the store before the answer');
    assert.equal((await write17(server.fetch, 'N')).error, null);
    assert.equal((await levels()).getRows()[16]?.get('val')?.toString(), before);
  });
});

describe('pointWrite takes one row', () => {
  test('a second row is refused with an error grid and nothing is written', async () => {
    const body = `ver:"3.0"\nid,level,val\n${POINT},16,12A\n${POINT},1,16A\n`;
    const answer = await callOp(server.url, server.fetch, 'pointWrite', body);
    assert.equal(answer.status, 200);
    assert.match(answer.error ?? '', /one row per request, not 2/);
    assert.deepEqual((await auditOf()).changes, []);
    const levels = server.runtime.writes.priorityArray(KEY)?.array.values;
    assert.ok(levels?.every((v) => v === null));
  });
});

describe('errTrace', () => {
  /** Makes the store fail as a broken disk would, for one `audit` call. */
  const failingAudit = async (target: Awaited<ReturnType<typeof demoHaystack>>) => {
    const store = target.runtime.options.store;
    const queryAudit = store.queryAudit;
    store.queryAudit = async () => {
      throw new Error('disk I/O error');
    };
    try {
      return await callOp(target.url, target.fetch, 'audit');
    } finally {
      store.queryAudit = queryAudit;
    }
  };

  test('an unexpected failure is an error grid without errTrace by default', async () => {
    const answer = await failingAudit(server);
    assert.equal(answer.error, 'audit failed: disk I/O error');
    assert.ok(!answer.grid.meta.has('errTrace'));
    assert.ok(!answer.text.includes('node_modules') && !answer.text.includes('.ts:'), answer.text);
  });

  test('a server set to debug adds the stack as errTrace', async () => {
    const debug = await demoHaystack({ http: { debug: true } });
    try {
      const answer = await failingAudit(debug);
      assert.equal(answer.error, 'audit failed: disk I/O error');
      assert.match(answer.grid.meta.get('errTrace')?.toString() ?? '', /Error: disk I\/O error\n\s+at /);
    } finally {
      await debug.close();
    }
  });
});

describe('Accept', () => {
  const typeFor = async (accept: string) => {
    const response = await server.fetch(`${server.url}about`, { headers: { accept } });
    await response.text();
    return response.status === 200
      ? (response.headers.get('content-type') ?? '').split(';')[0]
      : response.status;
  };

  test('order and q-values decide; a wildcard is a fallback only', async () => {
    const cases: Array<[string, string | number]> = [
      ['application/json, text/plain, */*', 'application/vnd.haystack+json'], // axios's default
      ['text/csv;q=0.1, application/json', 'application/vnd.haystack+json'],
      ['*/*, text/csv', 'text/csv'],
      ['text/csv, text/zinc', 'text/csv'],
      ['text/zinc;q=0.5, text/csv;q=0.9', 'text/csv'],
      ['application/json;q=0, text/csv', 'text/csv'],
      ['*/*', 'text/zinc'],
      ['text/html, */*;q=0.8', 'text/zinc'],
      ['text/html', 406],
      ['application/json;q=0', 406],
      ['application/json; version=3', 406],
    ];
    for (const [accept, expected] of cases) assert.equal(await typeFor(accept), expected, accept);
  });

  test('an error grid is in the format asked for', async () => {
    const viewer = await server.login('victor');
    const response = await viewer.fetch(`${server.url}pointWrite`, {
      method: 'POST',
      headers: { 'content-type': 'text/zinc', accept: 'text/csv;q=0.1, text/zinc' },
      body: writeBody(16),
    });
    assert.equal(response.status, 200);
    const grid = ZincReader.readValue(await response.text());
    assert.ok(grid instanceof HGrid && grid.meta.has('err'));
  });
});
