// What the store keeps (device ids, `<device>.<point>` keys, plain values) as Haystack refs and values of the
// site's records. A key the site no longer has (its file changed since) still gets a ref, without a dis.

import { HBool, HNum, HRef, HStr, type HVal } from 'haystack-core';
import type { Value } from '../../../runtime/services/services.js';
import { haystackDateTime } from '../datetime.js';
import { toHaystack } from '../haystack-values.js';
import type { OpContext } from './context.js';

/** The record's `dis`, or null when the site has no such record. */
export function recordDis(ctx: OpContext, id: string): string | null {
  const dis = ctx.records.byId.get(id)?.tags.dis;
  return dis instanceof HStr ? dis.value : null;
}

function refOf(ctx: OpContext, id: string): HRef {
  const dis = recordDis(ctx, id);
  return dis === null ? HRef.make(id) : HRef.make(id, dis);
}

/** `@<site>.<device>` */
export const equipRef = (ctx: OpContext, device: string): HRef =>
  refOf(ctx, `${ctx.records.site.site.id}.${device}`);

/** `@<site>.<device>.<point>` for the store key `<device>.<point>`. */
export const pointRef = (ctx: OpContext, key: string): HRef =>
  refOf(ctx, `${ctx.records.site.site.id}.${key}`);

/** A value of the point `key` as a Haystack value of its kind (a number with its unit, a Bool, a Str). */
export function pointValue(ctx: OpContext, key: string, value: Value): HVal {
  const index = ctx.services.points.indexOf(key);
  if (index !== undefined) return toHaystack(ctx.services.points.entry(index).point, value);
  if (typeof value === 'number') return HNum.make(value);
  return typeof value === 'boolean' ? HBool.make(value) : HStr.make(value);
}

/** An epoch-ms time as a DateTime in the site's zone. */
export const siteTime = (ctx: OpContext, t: number) => haystackDateTime(t, ctx.records.site.site.tz);
