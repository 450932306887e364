// Conformance: the charging back end's id tags and transactions: numbered, stopped once, kept across a
// reopen, listed newest first.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TransactionStart } from '../charging.js';
import { type EngineUnderTest, withSession } from './engine.js';

const start = (chargePointId: string, more: Partial<TransactionStart> = {}): TransactionStart => ({
  chargePointId,
  connectorId: 1,
  idTag: 'CARD-1',
  meterStart: 1000,
  startedAt: 1_700_000_000_000,
  reservationId: null,
  ...more,
});

export function chargingConformance(engine: EngineUnderTest): void {
  describe('charging', () => {
    test('id tags are saved, replaced, listed by id, removed, and kept after a reopen', async () => {
      await withSession(engine, async (session) => {
        const { charging } = session.store;
        assert.equal(await charging.getIdTag('B'), null);
        await charging.saveIdTag({ idTag: 'B', status: 'Accepted', expiresAt: null, parentIdTag: null });
        await charging.saveIdTag({ idTag: 'A', status: 'Blocked', expiresAt: 5, parentIdTag: 'G' });
        await charging.saveIdTag({ idTag: 'B', status: 'Expired', expiresAt: 9, parentIdTag: null });
        const expected = [
          { idTag: 'A', status: 'Blocked', expiresAt: 5, parentIdTag: 'G' },
          { idTag: 'B', status: 'Expired', expiresAt: 9, parentIdTag: null },
        ];
        assert.deepEqual(await charging.listIdTags(), expected);
        assert.deepEqual(await (await session.reopen()).charging.listIdTags(), expected);
        assert.equal(await session.store.charging.deleteIdTag('A'), true);
        assert.equal(await session.store.charging.deleteIdTag('A'), false);
        assert.deepEqual(await session.store.charging.getIdTag('B'), expected[1]);
        assert.equal(await session.store.charging.getIdTag('A'), null);
      });
    });

    test('transactions get increasing ids; a stop is kept once, with its meter values, across a reopen', async () => {
      await withSession(engine, async (session) => {
        const { charging } = session.store;
        const first = await charging.startTransaction(start('CP-1'));
        const second = await charging.startTransaction(start('CP-2', { connectorId: 2, reservationId: 7 }));
        assert.ok(first.id > 0 && second.id > first.id);
        assert.deepEqual(first, {
          ...start('CP-1'),
          id: first.id,
          meterStop: null,
          stoppedAt: null,
          stopReason: null,
          stopIdTag: null,
          meterValues: [],
        });
        const meterValues = [
          {
            ts: 1_700_000_060_000,
            sampledValue: [{ value: '1500', measurand: 'Energy.Active.Import.Register' }],
          },
        ];
        const stop = {
          meterStop: 2500,
          stoppedAt: 1_700_000_120_000,
          reason: 'Remote',
          idTag: null,
          meterValues,
        };
        const stopped = await charging.stopTransaction(first.id, stop);
        assert.equal(stopped?.meterStop, 2500);
        assert.equal(stopped?.stopReason, 'Remote');
        assert.deepEqual(stopped?.meterValues, meterValues);
        // A repeated stop changes nothing.
        const again = await charging.stopTransaction(first.id, { ...stop, meterStop: 9999, meterValues: [] });
        assert.deepEqual(again, stopped);
        assert.equal(await charging.stopTransaction(first.id + 1000, stop), null);
        const reopened = (await session.reopen()).charging;
        assert.deepEqual(await reopened.getTransaction(first.id), stopped);
        assert.deepEqual(
          (await reopened.queryTransactions()).map((t) => t.id),
          [second.id, first.id],
        );
        assert.deepEqual(
          (await reopened.queryTransactions({ open: true })).map((t) => t.id),
          [second.id],
        );
        assert.deepEqual(
          (await reopened.queryTransactions({ chargePointId: 'CP-1' })).map((t) => t.id),
          [first.id],
        );
        assert.equal((await reopened.queryTransactions({ limit: 1 })).length, 1);
        const third = await reopened.startTransaction(start('CP-1'));
        assert.ok(third.id > second.id, 'ids are never reused');
      });
    });
  });
}
