// hisWrite goes through an audited path, as writes do: each point written is one `his-write` row of the audit
// trail (who, via, the point, how many samples and their span) saved before the answer; a hisWrite refused —
// by the role check before the op, or by the op's own checks — is one `refused` row under each point it names,
// as a refused pointWrite is. Read back through the `audit` op, over HTTP.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { HDict } from 'haystack-core';
import { errorOf, postGrid, withoutError } from '../support/haystack-call.js';
import { idleDemoHaystack } from '../support/haystack-server.js';

const server = await idleDemoHaystack(Date.UTC(2026, 11, 1, 12));
after(() => server.close());

const TEMP = '@lyon-confluence.ev-charger-1.charger-temperature'; // Number, °C
const TEMP2 = '@lyon-confluence.ev-charger-2.charger-temperature';
const post = (op: string, body: string, fetch = server.fetch) => postGrid(server.url, fetch, op, body);
const single = (id: string, rows: string[]) => `ver:"3.0" id:${id}\nts,val\n${rows.join('\n')}\n`;

/** The audit rows of `id`, newest first, as the tags a person reads. */
async function auditOf(id: string): Promise<Array<Record<string, string | undefined>>> {
  const grid = withoutError(await post('audit', `ver:"3.0"\nid,limit\n${id},20\n`));
  const text = (row: HDict, name: string) => row.get(name)?.toString();
  return grid.getRows().map((row) => ({
    who: text(row, 'who'),
    via: text(row, 'via'),
    action: text(row, 'action'),
    level: text(row, 'level'),
    note: text(row, 'note'),
  }));
}

test('a hisWrite is one his-write row per point: who, via, how many samples, their span', async () => {
  withoutError(
    await post(
      'hisWrite',
      single(TEMP, [
        '2026-12-01T10:05:00+01:00 Paris,21',
        '2026-12-01T10:00:00+01:00 Paris,20',
        '2026-12-01T10:10:00+01:00 Paris,N',
      ]),
    ),
  );
  // The answer came: the record is already there.
  assert.deepEqual((await auditOf(TEMP))[0], {
    who: 'admin',
    via: 'haystack',
    action: 'his-write',
    level: undefined,
    note: '2 samples from 2026-12-01T09:00:00.000Z to 2026-12-01T09:05:00.000Z',
  });
  const batch =
    `ver:"3.0"\nts,v0 id:${TEMP},v1 id:${TEMP2}\n` +
    '2026-12-01T11:00:00Z,30,40\n2026-12-01T11:01:00Z,N,41\n';
  withoutError(await post('hisWrite', batch));
  assert.equal((await auditOf(TEMP))[0]?.note, '1 sample at 2026-12-01T11:00:00.000Z');
  assert.equal(
    (await auditOf(TEMP2))[0]?.note,
    '2 samples from 2026-12-01T11:00:00.000Z to 2026-12-01T11:01:00.000Z',
  );
});

test('a hisWrite refused by the role check is a refused row, as a refused pointWrite is', async () => {
  const victor = await server.login('victor');
  const before = await auditOf(TEMP);
  const answer = await post('hisWrite', single(TEMP, ['2026-12-01T12:00:00Z,22']), victor.fetch);
  assert.match(errorOf(answer) ?? '', /victor \(viewer\) may not hisWrite/);
  const rows = await auditOf(TEMP);
  assert.equal(rows.length, before.length + 1);
  assert.deepEqual(rows[0], {
    who: 'victor',
    via: 'haystack',
    action: 'refused',
    level: undefined,
    note: 'forbidden: victor (viewer) may not hisWrite',
  });
});

test('a hisWrite the op refuses is a refused row under each point it names; nothing is written', async () => {
  const batch = `ver:"3.0"\nts,v0 id:${TEMP},v1 id:${TEMP2}\n2026-12-01T13:00:00Z,25,77°F\n`;
  assert.match(errorOf(await post('hisWrite', batch)) ?? '', /unit conversion explicitly disallowed/);
  for (const id of [TEMP, TEMP2]) {
    const [latest] = await auditOf(id);
    assert.equal(latest?.action, 'refused', id);
    assert.match(latest?.note ?? '', /^bad-request: hisWrite: 77°F on Charger Temperature/, id);
  }
  const read = withoutError(
    await post('hisRead', `ver:"3.0"\nid,range\n${TEMP},"2026-12-01T13:00:00Z Paris,2026-12-01T14:00:00Z"\n`),
  );
  assert.equal(read.getRows().length, 0, 'nothing written');
});
