// NCMD and DCMD (specification 3.0, sections 6.4.10–6.4.11). An NCMD `Node Control/Rebirth` = true asks for
// the births again. A DCMD writes each metric (by alias, or by name) through the one write path with the
// sender's name and role; a write refused (or a metric that names no point, or holds no value) is logged
// with why, and the value in force goes out again in a DDATA so the host shows what the device really does.

import type { Logger, Services, WriteRequest } from '../../../runtime/services/services.js';
import type { CommandSender } from '../commands.js';
import { NODE_CONTROL } from './births.js';
import type { MetricCatalog } from './catalog.js';
import { commandValue } from './datatypes.js';
import { decodePayload, type Metric, type Payload } from './payload.js';
import { deviceOf } from './topics.js';

export interface CommandTarget {
  readonly services: Services;
  readonly catalog: MetricCatalog;
  readonly log: Logger;
  rebirth(): void;
  /** Publishes the point's value (in force) again in a DDATA. */
  republish(index: number): void;
}

function decoded(topic: string, payload: Buffer, log: Logger): Payload | null {
  try {
    return decodePayload(payload);
  } catch (err) {
    log.warn({ topic, err: (err as Error).message }, 'Sparkplug command ignored: not a Sparkplug B payload');
    return null;
  }
}

export function onNodeCommand(target: CommandTarget, topic: string, payload: Buffer): void {
  const command = decoded(topic, payload, target.log);
  if (!command) return;
  for (const metric of command.metrics ?? []) {
    if (metric.name === NODE_CONTROL.rebirth && metric.booleanValue === true) target.rebirth();
    else
      target.log.warn(
        { topic, metric: metric.name ?? metric.alias ?? null },
        'Sparkplug NCMD metric ignored: only Node Control/Rebirth = true is acted on',
      );
  }
}

function indexOf(target: CommandTarget, deviceId: string, metric: Metric): number | undefined {
  const device = target.catalog.device(deviceId);
  if (!device) return undefined;
  const index =
    metric.alias !== undefined && metric.alias !== null
      ? target.catalog.indexOfAlias(metric.alias)
      : metric.name !== undefined
        ? device.byName.get(metric.name)
        : undefined;
  if (index === undefined) return undefined;
  // An alias of another device's point is not this device's.
  return target.services.points.entry(index).device.id === deviceId ? index : undefined;
}

export function onDeviceCommand(
  target: CommandTarget,
  topic: string,
  payload: Buffer,
  sender: CommandSender,
): void {
  const deviceId = deviceOf(topic);
  const command = deviceId ? decoded(topic, payload, target.log) : null;
  if (!deviceId || !command) return;
  const { services, log } = target;
  for (const metric of command.metrics ?? []) {
    const index = indexOf(target, deviceId, metric);
    const named = metric.name ?? metric.alias ?? null;
    if (index === undefined) {
      log.warn({ topic, metric: named, who: sender.who }, 'Sparkplug DCMD refused: no such metric');
      continue;
    }
    const { key, point } = services.points.entry(index);
    const request: WriteRequest = {
      key,
      value: commandValue(metric, point),
      who: sender.who,
      role: sender.role,
      via: 'mqtt',
      remote: sender.remote,
    };
    const refused = (code: string, message: string) => {
      log.warn({ topic, key, who: sender.who, code, reason: message }, 'Sparkplug DCMD refused');
      target.republish(index);
    };
    if (request.value === undefined) {
      void services.writes.refuse(request, { code: 'bad-type', message: 'the metric carries no value' }).then(
        (r) => refused(r.code, r.message),
        (err: Error) => refused('store-failed', err.message),
      );
      continue;
    }
    services.writes.write(request).then(
      (result) => {
        if (result.ok) target.republish(index);
        else refused(result.code, result.message);
      },
      (err: Error) => refused('store-failed', err.message),
    );
  }
}
