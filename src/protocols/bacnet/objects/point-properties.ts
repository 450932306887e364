// The properties of a point's object (ASHRAE 135 clauses 12.2–12.20, 12.37, 12.40), by object type: which the
// standard requires and which Pointyard adds, each read from the points service and the write path when asked.
import { PRIORITY_LEVELS } from '../../../core/priority-array.js';
import { defaultIncrement } from '../../../runtime/services/services.js';
import { engineeringUnit } from '../bacnet-units.js';
import { type BacnetValue, encodePropertyValue, PropertyId as P } from '../codec/index.js';
import type { PointObject } from './device-objects.js';
import { pointHealth } from './point-health.js';
import { bacnetValueOf } from './present-value.js';
import {
  type ArrayElement,
  array,
  bool,
  enumerated,
  NULL,
  once,
  type PropertyDef,
  real,
  text,
  unsigned,
  value,
} from './property-content.js';
import { propertyListOf } from './property-list.js';
import type { ReadContext } from './read-context.js';

const ANALOG = new Set(['AI', 'AO', 'AV']);
const BINARY = new Set(['BI', 'BO', 'BV']);
const MULTI_STATE = new Set(['MSI', 'MSO', 'MSV']);
/** CharacterString and DateTime Values: only Present_Value and Status_Flags are required. */
const PLAIN_VALUE = new Set(['CSV', 'DTV']);

const POLARITY_NORMAL = 0;
/** Inactive_Text of a momentary action, whose point has only the action's word. */
const IDLE_TEXT = 'IDLE';

/**
 * Each object's properties, built on its first read and kept: their reads look at the request under way through
 * `current` (a request reads synchronously, so one slot an object is enough). Building twenty closures an
 * object for every request was most of a ReadPropertyMultiple's cost.
 */
const BUILT = new WeakMap<PointObject, { defs: PropertyDef[]; current: { ctx: ReadContext } }>();

/** Every property of `object`, in the order ReadPropertyMultiple ALL lists them. */
export function pointProperties(object: PointObject, ctx: ReadContext): PropertyDef[] {
  let built = BUILT.get(object);
  if (!built) {
    const current = { ctx };
    built = { defs: buildProperties(object, current), current };
    BUILT.set(object, built);
  }
  built.current.ctx = ctx;
  return built.defs;
}

function buildProperties(object: PointObject, current: { ctx: ReadContext }): PropertyDef[] {
  const { point, index, key } = object;
  const ctx = current.ctx;
  // The facade is the application's, the same for every request; the open alarms are the request's.
  const { services } = ctx;
  const tz = services.site.site.tz;
  const state = () => services.points.read(index);
  const health = () => pointHealth(state().status, current.ctx.alarmed().has(key));
  const defs: PropertyDef[] = [];
  const add = (id: number, required: boolean, read: PropertyDef['read']) => defs.push({ id, required, read });
  /** A property of the points list or the object only: read and encoded once. */
  const fixed = (id: number, required: boolean, read: PropertyDef['read']) =>
    defs.push({ id, required, read: once(read), constant: true });
  const basic = !PLAIN_VALUE.has(object.type);

  fixed(P.OBJECT_IDENTIFIER, true, () => value({ type: 'objectId', value: object.id }));
  fixed(P.OBJECT_NAME, true, () => value(text(object.name)));
  fixed(P.OBJECT_TYPE, true, () => value(enumerated(object.id.type)));
  add(P.PRESENT_VALUE, true, () => ({ kind: 'value', values: bacnetValueOf(point, state().value, tz) }));
  fixed(P.DESCRIPTION, false, () => value(text(point.description ?? '')));
  add(P.STATUS_FLAGS, true, () => value({ type: 'bitString', value: health().statusFlags }));
  add(P.EVENT_STATE, basic, () => value(enumerated(health().eventState)));
  add(P.RELIABILITY, false, () => value(enumerated(health().reliability)));
  add(P.OUT_OF_SERVICE, basic, () => value(bool(health().outOfService)));
  if (ANALOG.has(object.type)) {
    fixed(P.UNITS, true, () => value(enumerated(engineeringUnit(point.unit).number)));
    fixed(P.COV_INCREMENT, false, () => value(real(defaultIncrement(point))));
    if (point.min !== null) fixed(P.MIN_PRES_VALUE, false, () => value(real(point.min as number)));
    if (point.max !== null) fixed(P.MAX_PRES_VALUE, false, () => value(real(point.max as number)));
  }
  if (BINARY.has(object.type)) {
    if (object.type !== 'BV') fixed(P.POLARITY, true, () => value(enumerated(POLARITY_NORMAL)));
    const active = point.type === 'action' ? (point.action ?? 'ACTIVE') : (point.trueText ?? 'ACTIVE');
    const inactive = point.type === 'action' ? IDLE_TEXT : (point.falseText ?? 'INACTIVE');
    fixed(P.ACTIVE_TEXT, false, () => value(text(active)));
    fixed(P.INACTIVE_TEXT, false, () => value(text(inactive)));
  }
  if (MULTI_STATE.has(object.type)) {
    const words = point.enum ?? [];
    fixed(P.NUMBER_OF_STATES, true, () => value(unsigned(words.length)));
    fixed(P.STATE_TEXT, false, () => array(words.map((w) => [text(w)])));
  }
  if (object.commandable) addCommandProperties(object, ctx, add);
  fixed(P.PROPERTY_LIST, true, () => propertyListOf(defs));
  return defs;
}

/**
 * A BACnetPriorityValue: the value's application tag, except a BACnetDateTime, which the choice carries as
 * constructed [1] (Date, Time).
 */
function priorityValueOf(values: readonly BacnetValue[]): ArrayElement {
  if (values.length === 1) return values;
  const inner = encodePropertyValue(values);
  return Buffer.concat([Uint8Array.of(DATETIME_OPENING), inner, Uint8Array.of(DATETIME_CLOSING)]);
}

/** Opening and closing context tag 1 (clause 20.2.1.3.2: tag number 1, class context, 6 and 7). */
const DATETIME_OPENING = 0x1e;
const DATETIME_CLOSING = 0x1f;

/** Priority_Array, Relinquish_Default and Current_Command_Priority, from the write path. */
function addCommandProperties(
  object: PointObject,
  ctx: ReadContext,
  add: (id: number, required: boolean, read: PropertyDef['read']) => void,
): void {
  const { point, key } = object;
  const { services } = ctx;
  const tz = services.site.site.tz;
  const encode = (v: Parameters<typeof bacnetValueOf>[1]): readonly BacnetValue[] =>
    bacnetValueOf(point, v, tz);
  // A momentary action has no priority array: every level is empty and it rests inactive.
  const view = () => services.writes.priorityArray(key);
  add(P.PRIORITY_ARRAY, true, () => {
    const found = view();
    const levels = found?.values ?? new Array(PRIORITY_LEVELS).fill(null);
    return array(levels.map((v) => (v === null ? [NULL] : priorityValueOf(encode(v)))));
  });
  add(P.RELINQUISH_DEFAULT, true, () => {
    const found = view();
    return value(...encode(found ? found.relinquishDefault : false));
  });
  add(P.CURRENT_COMMAND_PRIORITY, true, () => {
    const found = view();
    return value(found && found.level <= PRIORITY_LEVELS ? unsigned(found.level) : NULL);
  });
}
