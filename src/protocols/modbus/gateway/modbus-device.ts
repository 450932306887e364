// Gateway mode: a site device read from a real Modbus TCP device through its profile's register map. Its
// points are polled in blocks at their rates and published (history included); a write that reaches one of
// its command points through the write path is forwarded to the device and checked by reading it back; a
// lost device turns its points `down` and its Communication Status FAULT, and comes back by itself.

import type { Point } from '../../../points/model.js';
import type { DeviceDriver, DriverHost } from '../../../runtime/device-driver.js';
import type { Value } from '../../../runtime/value.js';
import type { Device, ModbusSource } from '../../../site/model.js';
import { FC } from '../constants.js';
import { decodeValue, encodeValue } from '../register-codec.js';
import type { Request } from '../requests.js';
import type { Response } from '../responses.js';
import { DeviceLink } from './device-link.js';
import { type PollBlock, pollPlan } from './poll-plan.js';

const COMMUNICATION_STATUS = 'communication-status';

export class ModbusDevice implements DeviceDriver {
  private readonly link: DeviceLink;
  private readonly blocks: Array<PollBlock & { due: number }>;
  private readonly indexOf = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  /** True while this driver updates the point store, so that its own updates are not taken for writes. */
  private publishing = false;
  private down = false;
  /** Writes that could not reach the device while it was away: sent again when it is back. */
  private readonly pending = new Map<string, Value>();
  /** Last problem reported per block, so that a lasting one is logged once. */
  private readonly problems = new Map<PollBlock, string>();

  constructor(
    private readonly device: Device,
    private readonly source: ModbusSource,
    private readonly host: DriverHost,
  ) {
    this.link = new DeviceLink(source.host, source.port, source.unit, source.timeoutMs);
    this.blocks = pollPlan(device.profile, source.pollMs).map((b) => ({ ...b, due: 0 }));
    for (const p of device.profile.points)
      this.indexOf.set(p.id, host.points.indexOf(`${device.id}.${p.id}`) as number);
  }

  start(): void {
    this.own(() => {
      for (const [id, index] of this.indexOf)
        if (id !== COMMUNICATION_STATUS) this.host.points.setStatus(index, 'down', Date.now());
    });
    this.unsubscribe = this.host.points.subscribe((change) => {
      const { device, point } = change.entry;
      if (this.publishing || device.id !== this.device.id || point.kind !== 'command') return;
      if (point.type === 'action' || change.value === null) return;
      void this.forward(point, change.value);
    });
    void this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    await this.link.close();
  }

  runAction(pointId: string): void {
    const point = this.device.profile.points.find((p) => p.id === pointId);
    if (!point) return;
    const { table, address } = point.modbus;
    const request: Request =
      table === 'coil'
        ? { fc: FC.writeSingleCoil, address, value: true }
        : { fc: FC.writeSingleRegister, address, value: 1 };
    void this.send(point, request, `${point.name}: action`);
  }

  /** Polls the blocks that are due, then sleeps until the next one is. */
  private async poll(): Promise<void> {
    if (this.stopped) return;
    const now = Date.now();
    for (const block of this.blocks) {
      if (block.due > now || this.stopped) continue;
      block.due = Math.max(block.due + block.periodMs, now + 1);
      if (this.link.waiting) continue; // lost: the link says when to try again
      await this.read(block);
    }
    if (this.stopped) return;
    const next = Math.min(...this.blocks.map((b) => b.due));
    this.timer = setTimeout(() => void this.poll(), Math.max(10, next - Date.now()));
  }

  private async read(block: PollBlock): Promise<void> {
    let response: Response;
    try {
      response = await this.link.request({ fc: block.fc, address: block.address, quantity: block.quantity });
    } catch (err) {
      this.lost((err as Error).message);
      return;
    }
    this.back();
    const now = Date.now();
    if (response.kind === 'exception' || response.kind === 'malformed') {
      const why =
        response.kind === 'exception'
          ? `exception ${response.exception}`
          : `malformed answer: ${response.message}`;
      this.problem(block, `reading ${block.table} ${block.address}+${block.quantity}: ${why}`);
      this.own(() => {
        for (const { point } of block.spans) this.host.points.setStatus(this.index(point), 'fault', now);
      });
      return;
    }
    this.problems.delete(block);
    this.own(() => {
      for (const { point, offset } of block.spans) {
        if (point.type === 'action') continue;
        const value = this.decode(point, response, offset);
        if (value === null) this.host.points.setStatus(this.index(point), 'fault', now);
        else this.host.publish(this.index(point), value, now);
      }
    });
  }

  private decode(point: Point, response: Response, offset: number): Value | null {
    if (response.kind === 'bits') return response.bits[offset] ?? null;
    if (response.kind !== 'registers') return null;
    const decoded = decodeValue(point, point.modbus, response.registers, offset, this.source.wordOrder);
    return decoded.ok ? decoded.value : null;
  }

  /** Sends a command point's new value to the device, then reads it back to confirm it. */
  private async forward(point: Point, value: Value): Promise<void> {
    const { table, address, count } = point.modbus;
    if (table !== 'coil' && table !== 'holding') {
      this.host.log.warn({ device: this.device.id, point: point.id, table }, 'not writable on the device');
      return;
    }
    const registers = new Uint16Array(count);
    encodeValue(point, point.modbus, value, this.source.wordOrder, registers, 0);
    const request: Request =
      table === 'coil'
        ? { fc: FC.writeSingleCoil, address, value: value === true || value === 1 }
        : count === 1
          ? { fc: FC.writeSingleRegister, address, value: registers[0] as number }
          : { fc: FC.writeMultipleRegisters, address, values: registers };
    if (!(await this.send(point, request, `${point.name} = ${String(value)}`))) {
      if (this.down) this.pending.set(point.id, value);
      return;
    }
    // Read back what the device now holds: it must be what was sent.
    const readFc = table === 'coil' ? FC.readCoils : FC.readHoldingRegisters;
    let back: Response;
    try {
      back = await this.link.request({ fc: readFc, address, quantity: count });
    } catch (err) {
      this.lost((err as Error).message);
      return;
    }
    const expected =
      table === 'coil'
        ? value === true || value === 1
        : this.decode(point, { kind: 'registers', fc: 3, registers }, 0);
    const got = this.decode(point, back, 0);
    const now = Date.now();
    if (got === expected) {
      this.own(() => this.host.points.setStatus(this.index(point), 'ok', now));
      return;
    }
    this.report(
      point,
      'write-mismatch',
      `${point.name}: wrote ${String(expected)}, the device reads ${String(got)}`,
    );
    this.own(() => this.host.points.setStatus(this.index(point), 'fault', now));
  }

  /** Sends a write; false (reported) when the device refuses it or cannot be reached. */
  private async send(point: Point, request: Request, what: string): Promise<boolean> {
    let answer: Response;
    try {
      answer = await this.link.request(request);
    } catch (err) {
      this.lost((err as Error).message);
      return false;
    }
    this.back();
    if (answer.kind === 'exception' || answer.kind === 'malformed') {
      const why = answer.kind === 'exception' ? `exception ${answer.exception}` : answer.message;
      this.report(point, 'write-refused', `${what}: the device refused it (${why})`);
      this.own(() => this.host.points.setStatus(this.index(point), 'fault', Date.now()));
      return false;
    }
    return true;
  }

  /** The device stopped answering: its points go `down`, Communication Status FAULT (once). */
  private lost(why: string): void {
    if (this.down || this.stopped) return;
    this.down = true;
    const now = Date.now();
    this.host.log.warn(
      { device: this.device.id, host: `${this.source.host}:${this.source.port}`, why },
      'device lost',
    );
    this.host.event(this.device, now, { kind: 'comm-lost', point: null, message: `no answer: ${why}` });
    this.own(() => {
      for (const [id, index] of this.indexOf)
        if (id === COMMUNICATION_STATUS) this.host.publish(index, 'FAULT', now);
        else this.host.points.setStatus(index, 'down', now);
    });
  }

  /** The device answers again: Communication Status OK, and the writes it missed are sent. */
  private back(): void {
    if (!this.down) return;
    this.down = false;
    const now = Date.now();
    this.host.log.info({ device: this.device.id }, 'device back');
    this.host.event(this.device, now, { kind: 'comm-restored', point: null, message: 'answering again' });
    const comm = this.indexOf.get(COMMUNICATION_STATUS);
    if (comm !== undefined) this.own(() => this.host.publish(comm, 'OK', now));
    for (const [id, value] of this.pending) {
      this.pending.delete(id);
      const point = this.device.profile.points.find((p) => p.id === id);
      if (point) void this.forward(point, value);
    }
  }

  private problem(block: PollBlock, message: string): void {
    if (this.problems.get(block) === message) return;
    this.problems.set(block, message);
    this.host.log.warn({ device: this.device.id }, message);
  }

  private report(point: Point, kind: string, message: string): void {
    this.host.log.warn({ device: this.device.id, point: point.id }, message);
    this.host.event(this.device, Date.now(), { kind, point: point.id, message });
  }

  private index(point: Point): number {
    return this.indexOf.get(point.id) as number;
  }

  /** Runs an update of the point store as this driver's own (not a write to forward). */
  private own(update: () => void): void {
    this.publishing = true;
    try {
      update();
    } finally {
      this.publishing = false;
    }
  }
}

/** The runtime's driver factory for Modbus sources. */
export function modbusDriverFor(device: Device, host: DriverHost): DeviceDriver | null {
  return device.source.kind === 'modbus' ? new ModbusDevice(device, device.source, host) : null;
}
