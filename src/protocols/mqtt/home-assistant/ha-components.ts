// One point as a Home Assistant component of its device's discovery config: sensors (number, enum, text,
// date-time) and binary sensors for what is read, numbers, selects, switches, text and buttons for commands.
// State comes from the point's JSON topic (`value_json.val`), commands go to its `/set` topic as the JSON
// publisher reads them, and a component is available while Pointyard is online and the point's status is ok
// or stale.

import type { Point } from '../../../runtime/services/services.js';
import { sensorClass } from './ha-sensor-class.js';

export type Component = Record<string, unknown> & { p: string; unique_id: string; name: string };

export interface ComponentTopics {
  /** The point's JSON topic. */
  state: string;
  /** Its command topic. */
  command: string;
  /** Pointyard's `online` / `offline` topic. */
  availability: string;
}

const VALUE = '{{ value_json.val }}';
const ON_OFF = "{{ 'ON' if value_json.val else 'OFF' }}";
/** A point whose status is neither ok nor stale (fault, down, disabled, unknown) shows as unavailable. */
const POINT_AVAILABLE = "{{ 'online' if value_json.status in ['ok', 'stale'] else 'offline' }}";
/** A number command without a range: bounds wide enough for any setpoint. */
const UNBOUNDED = 1_000_000;

/** The step of a number command: 1 over a range of 100 or more, 0.1 down to 1, else 0.01. */
export function numberStep(min: number, max: number): number {
  const range = Math.abs(max - min);
  return range >= 100 ? 1 : range >= 1 ? 0.1 : 0.01;
}

function platformOf(point: Point): Record<string, unknown> {
  const writable = point.kind === 'command';
  switch (point.type) {
    case 'number': {
      const classes = sensorClass(point);
      if (!writable) return { p: 'sensor', ...classes, value_template: VALUE };
      const min = point.min ?? -UNBOUNDED;
      const max = point.max ?? UNBOUNDED;
      const { state_class: _, ...numberClasses } = classes;
      return {
        p: 'number',
        ...numberClasses,
        min,
        max,
        step: numberStep(min, max),
        mode: 'box',
        value_template: VALUE,
      };
    }
    case 'bool':
      return writable
        ? {
            p: 'switch',
            value_template: ON_OFF,
            state_on: 'ON',
            state_off: 'OFF',
            payload_on: 'true',
            payload_off: 'false',
          }
        : { p: 'binary_sensor', value_template: ON_OFF, payload_on: 'ON', payload_off: 'OFF' };
    case 'enum':
      return writable
        ? { p: 'select', options: point.enum ?? [], value_template: VALUE }
        : { p: 'sensor', device_class: 'enum', options: point.enum ?? [], value_template: VALUE };
    case 'action':
      return { p: 'button', payload_press: 'true' };
    case 'datetime':
      return writable
        ? { p: 'text', value_template: VALUE }
        : { p: 'sensor', device_class: 'timestamp', value_template: VALUE };
    case 'string':
      return writable ? { p: 'text', value_template: VALUE } : { p: 'sensor', value_template: VALUE };
  }
}

/** The component of one point; `uniqueId` is unique across every site and device. */
export function componentOf(point: Point, uniqueId: string, topics: ComponentTopics): Component {
  const platform = platformOf(point);
  const commands = point.kind === 'command';
  const reads = platform.p !== 'button';
  return {
    ...platform,
    p: platform.p as string,
    name: point.name,
    unique_id: uniqueId,
    ...(reads ? { state_topic: topics.state } : {}),
    ...(commands ? { command_topic: topics.command } : {}),
    availability: [
      { topic: topics.availability, payload_available: 'online', payload_not_available: 'offline' },
      ...(reads ? [{ topic: topics.state, value_template: POINT_AVAILABLE }] : []),
    ],
    availability_mode: 'all',
  };
}
