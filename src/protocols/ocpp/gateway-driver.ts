// Gateway mode: a site device fed by a charge point that connects to the CSMS (`source: ocpp://<id>`). No
// poll: the charge point speaks when it has something to say. Its StatusNotifications fill the points whose
// OCPP column names StatusNotification (an enum gets the status as its words, text gets the error code), its
// MeterValues the points naming a measurand, its link the point whose words are CONNECTED/DISCONNECTED; a
// write of a command point naming a CSMS call becomes that call, and a refusal is reported as the connector
// framework reports a refused write (a `write-refused` event, the point `fault`). Until the charge point
// connects the device is `down`. On a node of a cluster that does not run the device (yet), the driver is
// linked and hears the charge point but is not started: once the node takes the device over (the charge
// point's connection brings it here), it starts and shows the link, the last status and meter values heard.

import type { Value } from '../../core/value.js';
import type { Point } from '../../points/model.js';
import type { DeviceDriver, DriverHost } from '../../runtime/device-driver.js';
import type { Device } from '../../site/model.js';
import type {
  ChargePointListener,
  CsmsCall,
  MeterValue,
  StatusNotification,
} from './charge-point-listener.js';
import type { OcppSource } from './device-source.js';
import { measuredValue } from './measured-value.js';
import { type OcppMapping, ocppMappingOf } from './ocpp-column.js';
import { linkWords, statusWord } from './status-words.js';
import { callFor } from './write-calls.js';

interface Mapped {
  point: Point;
  index: number;
  mapping: OcppMapping;
}

export class OcppGatewayDriver implements DeviceDriver, ChargePointListener {
  status: 'ok' | 'down' | 'disabled' = 'down';
  private readonly mapped: Mapped[] = [];
  private readonly link_: { index: number; up: string; down: string } | null = null;
  private call: CsmsCall | null = null;
  /** The transaction under way on the device's connector, as the CSMS last heard. */
  private transactionId: number | null = null;
  /** The last StatusNotification and MeterValues of the device's connector, shown again at the start. */
  private lastStatus: StatusNotification | null = null;
  private lastMeterValues: readonly MeterValue[] | null = null;
  private started = false;
  private stopped = false;

  constructor(
    private readonly device: Device,
    private readonly host: DriverHost,
    private readonly source: OcppSource,
    disabled: boolean,
  ) {
    if (disabled) this.status = 'disabled';
    for (const point of device.profile.points) {
      const index = host.points.indexOf(`${device.id}.${point.id}`) as number;
      const mapping = ocppMappingOf(point);
      if (mapping) this.mapped.push({ point, index, mapping });
      const words = point.kind === 'status' ? linkWords(point.enum) : null;
      if (words && !this.link_) this.link_ = { index, ...words };
    }
  }

  start(): void {
    this.started = true;
    this.showLink();
    if (this.status !== 'ok') return;
    if (this.lastStatus) this.statusNotification(this.lastStatus);
    if (this.lastMeterValues) this.meterValues(this.source.connectorId, this.lastMeterValues);
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  link(call: CsmsCall | null): void {
    if (this.stopped || this.status === 'disabled') return;
    this.call = call;
    this.status = call ? 'ok' : 'down';
    if (!call) {
      this.lastStatus = null;
      this.lastMeterValues = null;
    }
    if (!this.started) return; // shown at the start
    const now = this.host.clock.now();
    this.host.event(this.device, now, {
      kind: call ? 'comm-restored' : 'comm-lost',
      point: null,
      message: call
        ? `charge point ${this.source.chargePointId} connected`
        : `charge point ${this.source.chargePointId} disconnected`,
    });
    this.showLink();
  }

  statusNotification(n: StatusNotification): void {
    if (this.status !== 'ok' || n.connectorId !== this.source.connectorId) return;
    this.lastStatus = n;
    const ts = this.timeOf(n.timestamp);
    for (const { point, index, mapping } of this.mapped) {
      if (point.kind !== 'status' || mapping.kind !== 'message' || mapping.message !== 'StatusNotification')
        continue;
      if (point.type === 'enum' && point.enum) {
        const word = statusWord(n.status, point.enum);
        if (word !== null) this.host.publish(index, word, ts);
      } else if (point.type === 'string') {
        this.host.publish(index, n.errorCode === 'NoError' ? '' : (n.vendorErrorCode ?? n.errorCode), ts);
      }
    }
  }

  meterValues(connectorId: number, values: readonly MeterValue[]): void {
    if (this.status !== 'ok' || connectorId !== this.source.connectorId) return;
    this.lastMeterValues = values;
    for (const meterValue of values) {
      const ts = this.timeOf(meterValue.timestamp);
      for (const { point, index, mapping } of this.mapped) {
        if (mapping.kind !== 'measurand') continue;
        const value = measuredValue(point, mapping, meterValue.sampledValue);
        if (value !== null) this.host.publish(index, value, ts);
      }
    }
  }

  transaction(connectorId: number, transactionId: number | null): void {
    if (connectorId === this.source.connectorId) this.transactionId = transactionId;
  }

  runAction(pointId: string): void {
    this.send(pointId, true);
  }

  command(pointId: string, value: Value | null): void {
    if (value !== null) this.send(pointId, value);
  }

  /** Makes the call a write of `pointId` becomes; a refusal or a failure is reported. */
  private send(pointId: string, value: Value): void {
    const found = this.mapped.find((m) => m.point.id === pointId);
    if (!found || found.mapping.kind !== 'message') {
      this.refused(pointId, value, 'the points list maps no OCPP call to it');
      return;
    }
    const call = this.call;
    if (!call) {
      this.refused(pointId, value, `charge point ${this.source.chargePointId} is not connected`);
      return;
    }
    const made = callFor(found.mapping.message, found.point, value, {
      connectorId: this.source.connectorId,
      transactionId: this.transactionId,
    });
    if ('problem' in made) {
      this.refused(pointId, value, made.problem);
      return;
    }
    call(made.action, made.payload).then(
      (answer) => {
        const status = answer.status;
        if (status === 'Accepted' || status === 'Unlocked' || status === 'Scheduled') {
          if (found.point.type !== 'action') this.host.publish(found.index, value, this.host.clock.now());
        } else this.refused(pointId, value, `${made.action} answered ${String(status)}`);
      },
      (err: unknown) => this.refused(pointId, value, (err as Error).message),
    );
  }

  private refused(pointId: string, value: Value, why: string): void {
    const point = this.device.profile.points.find((p) => p.id === pointId);
    const name = point?.name ?? pointId;
    const message = `${name} = ${String(value)}: the device refused it (${why})`;
    const now = this.host.clock.now();
    this.host.log.warn({ device: this.device.id, point: pointId }, message);
    this.host.event(this.device, now, { kind: 'write-refused', point: pointId, message });
    const index = this.host.points.indexOf(`${this.device.id}.${pointId}`);
    if (index !== undefined && point?.type !== 'action') this.host.points.setStatus(index, 'fault', now);
  }

  /** OCPP Connection as the link is; every other point `down` while it is down. */
  private showLink(): void {
    const now = this.host.clock.now();
    if (this.status === 'disabled') return;
    if (this.link_)
      this.host.publish(this.link_.index, this.status === 'ok' ? this.link_.up : this.link_.down, now);
    if (this.status !== 'down') return;
    for (const point of this.device.profile.points) {
      const index = this.host.points.indexOf(`${this.device.id}.${point.id}`) as number;
      if (index !== this.link_?.index) this.host.points.setStatus(index, 'down', now);
    }
  }

  private timeOf(text: string | undefined): number {
    const t = text ? Date.parse(text) : Number.NaN;
    return Number.isFinite(t) ? t : this.host.clock.now();
  }
}
