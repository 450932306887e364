// Fault injection over the API (Pointyard's own ops, beside the standard ones): `faults` lists the faults
// each device models and whether each is active; `fault` injects or clears one (admins only: it changes
// what the site simulates, for everyone).

import { HBool, HDict, HGrid, HRef, HStr } from 'haystack-core';
import { OpError } from '../grids.js';
import type { SiteRecords } from '../records.js';
import type { Op, OpContext } from './context.js';
import { idText } from './record-ref.js';

/** The device id named by a row's `id` (the equip's ref) or `device` (its id in the site file). */
function deviceOf(records: SiteRecords, row: HDict | undefined): string | null {
  const prefix = `${records.site.site.id}.`;
  const id = idText(row?.get('id'));
  if (id !== null) return id.startsWith(prefix) ? id.slice(prefix.length) : id;
  const device = row?.get('device');
  return device instanceof HStr ? device.value : null;
}

function faultRows(ctx: OpContext, only: string | null): HDict[] {
  const siteId = ctx.records.site.site.id;
  return (ctx.services.faults.list(only ?? undefined) ?? []).map((f) =>
    HDict.make({
      id: HRef.make(`${siteId}.${f.device}`, f.name),
      device: HStr.make(f.device),
      fault: HStr.make(f.fault),
      active: HBool.make(f.active),
    }),
  );
}

export const faultsOp: Op = {
  name: 'faults',
  noSideEffects: true,
  doc: 'The faults each device models and those active now (id: one equip)',
  run(ctx) {
    const row = ctx.request.getRows()[0];
    const only = row ? deviceOf(ctx.records, row) : null;
    if (only !== null && ctx.services.faults.list(only) === null) throw new OpError(`no device ${only}`);
    return HGrid.make({ rows: faultRows(ctx, only) });
  },
};

export const faultOp: Op = {
  name: 'fault',
  noSideEffects: false,
  needs: 'admin',
  doc: 'Inject a fault into a device, or clear it (id or device, fault, clear)',
  async run(ctx) {
    const row = ctx.request.getRows()[0];
    const device = deviceOf(ctx.records, row);
    const fault = row?.get('fault');
    if (device === null) throw new OpError('fault: name the device (id: its equip ref, or device)');
    if (!(fault instanceof HStr)) throw new OpError('fault: name the fault (a Str; see the faults op)');
    const clear = row?.get('clear');
    const active = !(clear instanceof HBool && clear.value);
    const error = await ctx.services.faults.set(device, fault.value, active, ctx.user);
    if (error) throw new OpError(error);
    return HGrid.make({ rows: faultRows(ctx, device).filter((r) => r.get('fault')?.equals(fault)) });
  },
};
