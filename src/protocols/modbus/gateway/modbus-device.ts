// Gateway mode: a site device read from a real Modbus TCP device through its profile's register map. Its
// points are polled in blocks at their rates and published (history included). Until the device first
// answers its points hold no value (status unknown); a lost device turns them `down` (momentary actions too:
// they take the link's status) and its Communication Status to its fault word (FAULT); when it answers again
// every block is read once at once. The value in force of a command point (from the write path) is sent to
// the device and the point stays `fault` until the device reads it: sent again at each poll of its block,
// reported once.

import type { Point } from '../../../points/model.js';
import { communicationWords, pointsWithRole } from '../../../points/special-roles.js';
import type { TimerHandle } from '../../../runtime/clock.js';
import type { DeviceDriver, DriverHost } from '../../../runtime/device-driver.js';
import type { Value } from '../../../runtime/value.js';
import type { Device, ModbusSource } from '../../../site/model.js';
import { FC } from '../constants.js';
import { decodeValue, encodeValue } from '../register-codec.js';
import type { ModbusLogger } from '../request-handler.js';
import type { Request } from '../requests.js';
import type { Response } from '../responses.js';
import { DeviceLink } from './device-link.js';
import { type PollBlock, pollPlan } from './poll-plan.js';

/** Shortest wait between two polls, ms. */
const MIN_POLL_GAP_MS = 10;

export class ModbusDevice implements DeviceDriver {
  private readonly link: DeviceLink;
  private readonly blocks: Array<PollBlock & { due: number }>;
  private readonly indexOf = new Map<string, number>();
  private readonly pointOf = new Map<string, Point>();
  /** The device's Communication Status points (points/special-roles.ts) and their words, by point id. */
  private readonly communication = new Map<string, { ok: string; fault: string }>();
  private timer: TimerHandle | null = null;
  private started = false;
  private stopped = false;
  /** A poll round is running (it schedules the next one when it ends). */
  private polling = false;
  /** The device has answered at least once. */
  private answered = false;
  private down = false;
  /** Values in force the device does not hold yet, as Modbus carries them, by point id. */
  private readonly commands = new Map<string, Value>();
  /** Command points with a write on its way: their reads are not judged until it is read back. */
  private readonly sending = new Set<string>();
  /** Command points whose disagreement with the device was reported (once per value in force). */
  private readonly reported = new Set<string>();
  /** Last problem reported per block, so that a lasting one is logged once. */
  private readonly problems = new Map<PollBlock, string>();

  constructor(
    private readonly device: Device,
    private readonly source: ModbusSource,
    private readonly host: DriverHost,
  ) {
    this.link = new DeviceLink(source.host, source.port, source.unit, source.timeoutMs, () =>
      host.clock.now(),
    );
    this.blocks = pollPlan(device.profile, source.pollMs).map((b) => ({ ...b, due: 0 }));
    for (const p of device.profile.points) {
      this.indexOf.set(p.id, host.points.indexOf(`${device.id}.${p.id}`) as number);
      this.pointOf.set(p.id, p);
    }
    for (const p of pointsWithRole(device.profile, 'communication-status'))
      this.communication.set(p.id, communicationWords(p));
  }

  start(): void {
    this.started = true;
    void this.poll();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.link.close();
  }

  runAction(pointId: string): void {
    const point = this.pointOf.get(pointId);
    if (!point) return;
    const { table, address } = point.modbus;
    const request: Request =
      table === 'coil'
        ? { fc: FC.writeSingleCoil, address, value: true }
        : { fc: FC.writeSingleRegister, address, value: 1 };
    void this.send(point, request, `${point.name}: action`);
  }

  command(pointId: string, value: Value): void {
    const point = this.pointOf.get(pointId);
    if (!point) return;
    const { table } = point.modbus;
    if (table !== 'coil' && table !== 'holding') {
      this.host.log.warn({ device: this.device.id, point: point.id, table }, 'not writable on the device');
      return;
    }
    this.commands.set(point.id, this.carried(point, value));
    this.reported.delete(point.id);
    // Sent now if the device is there; else when it answers (first time or back).
    if (this.started && this.answered && !this.down && !this.stopped) void this.forward(point);
  }

  private now(): number {
    return this.host.clock.now();
  }

  /** Polls the blocks that are due, then waits for the next one (or for the link's next try). */
  private async poll(): Promise<void> {
    this.timer = null;
    if (this.stopped || this.polling) return;
    this.polling = true;
    try {
      for (const block of this.blocks) {
        if (this.stopped || this.link.waiting) break; // lost: the link says when to try again
        const now = this.now();
        if (block.due > now && !this.down) continue; // while down, the first block probes the device
        block.due = Math.max(block.due + block.periodMs, now + 1);
        await this.read(block);
      }
    } finally {
      this.polling = false;
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.polling) return;
    this.timer?.cancel();
    // While down, the link's next try, even when every block is slow (an hourly poll must not wait an hour).
    const next = this.down ? this.link.nextTry : Math.min(...this.blocks.map((b) => b.due));
    this.timer = this.host.clock.at(Math.max(next, this.now() + MIN_POLL_GAP_MS), () => void this.poll());
  }

  private async read(block: PollBlock): Promise<void> {
    let response: Response;
    try {
      response = await this.link.request({ fc: block.fc, address: block.address, quantity: block.quantity });
    } catch (err) {
      this.lost((err as Error).message);
      return;
    }
    this.answering();
    const now = this.now();
    if (response.kind === 'exception' || response.kind === 'malformed') {
      const why =
        response.kind === 'exception'
          ? `exception ${response.exception}`
          : `malformed answer: ${response.message}`;
      this.problem(block, `reading ${block.table} ${block.address}+${block.quantity}: ${why}`);
      for (const { point } of block.spans)
        if (point.type !== 'action') this.host.points.setStatus(this.index(point), 'fault', now);
      return;
    }
    this.problems.delete(block);
    const retries: Point[] = [];
    for (const { point, offset } of block.spans) {
      if (point.type === 'action') continue;
      const value = this.decode(point, response, offset);
      if (value === null) this.host.points.setStatus(this.index(point), 'fault', now);
      else if (!this.judge(point, value, now)) retries.push(point);
    }
    for (const point of retries) await this.forward(point);
  }

  /**
   * Publishes what the device reads for `point`; a command point that does not hold its value in force is
   * `fault` (reported once). False when the value in force must be sent again.
   */
  private judge(point: Point, value: Value, now: number): boolean {
    const wanted = this.commands.get(point.id);
    if (wanted === undefined || this.sending.has(point.id)) {
      this.host.publish(this.index(point), value, now);
      return true;
    }
    if (value === wanted) {
      this.commands.delete(point.id);
      this.reported.delete(point.id);
      this.host.publish(this.index(point), value, now);
      return true;
    }
    this.host.publish(this.index(point), value, now, 'fault');
    this.report(
      point,
      'write-mismatch',
      `${point.name}: the device reads ${String(value)}, not ${String(wanted)} as commanded; sent again at each poll`,
    );
    return false;
  }

  private decode(point: Point, response: Response, offset: number): Value | null {
    if (response.kind === 'bits') return response.bits[offset] ?? null;
    if (response.kind !== 'registers') return null;
    const decoded = decodeValue(point, point.modbus, response.registers, offset, this.source.wordOrder);
    return decoded.ok ? decoded.value : null;
  }

  /** `value` as the device will read it back (float32 rounding, scale, text cut to its registers). */
  private carried(point: Point, value: Value): Value {
    if (point.modbus.table === 'coil') return value === true || value === 1;
    const registers = this.encode(point, value);
    return this.decode(point, { kind: 'registers', fc: FC.readHoldingRegisters, registers }, 0) ?? value;
  }

  private encode(point: Point, value: Value): Uint16Array {
    const registers = new Uint16Array(point.modbus.count);
    encodeValue(point, point.modbus, value, this.source.wordOrder, registers, 0);
    return registers;
  }

  /** Sends a command point's value in force to the device, then reads it back to judge it. */
  private async forward(point: Point): Promise<void> {
    const wanted = this.commands.get(point.id);
    if (wanted === undefined || this.sending.has(point.id)) return;
    const { table, address, count } = point.modbus;
    const registers = this.encode(point, wanted);
    const request: Request =
      table === 'coil'
        ? { fc: FC.writeSingleCoil, address, value: wanted === true }
        : count === 1
          ? { fc: FC.writeSingleRegister, address, value: registers[0] as number }
          : { fc: FC.writeMultipleRegisters, address, values: registers };
    this.sending.add(point.id);
    let back: Response | null = null;
    try {
      if (await this.send(point, request, `${point.name} = ${String(wanted)}`)) {
        const readFc = table === 'coil' ? FC.readCoils : FC.readHoldingRegisters;
        back = await this.link.request({ fc: readFc, address, quantity: count });
      }
    } catch (err) {
      this.lost((err as Error).message);
    } finally {
      this.sending.delete(point.id);
    }
    // A newer value came in meanwhile: it goes now, and is what the device is judged against.
    const newer = this.commands.get(point.id);
    if (newer !== undefined && newer !== wanted && !this.down) return this.forward(point);
    if (back === null) return;
    const got = this.decode(point, back, 0);
    if (got === null) this.host.points.setStatus(this.index(point), 'fault', this.now());
    else this.judge(point, got, this.now());
  }

  /** Sends a write; false when the device refuses it (the point `fault`, reported once) or is away. */
  private async send(point: Point, request: Request, what: string): Promise<boolean> {
    let answer: Response;
    try {
      answer = await this.link.request(request);
    } catch (err) {
      this.lost((err as Error).message);
      return false;
    }
    this.answering();
    if (answer.kind === 'exception' || answer.kind === 'malformed') {
      const why = answer.kind === 'exception' ? `exception ${answer.exception}` : answer.message;
      this.report(point, 'write-refused', `${what}: the device refused it (${why})`);
      if (point.type !== 'action') this.host.points.setStatus(this.index(point), 'fault', this.now());
      return false;
    }
    return true;
  }

  /** The device stopped answering: its points go `down`, Communication Status to its fault word (once). */
  private lost(why: string): void {
    if (this.down || this.stopped) return;
    this.down = true;
    const now = this.now();
    this.host.log.warn(
      { device: this.device.id, host: `${this.source.host}:${this.source.port}`, why },
      'device lost',
    );
    this.host.event(this.device, now, { kind: 'comm-lost', point: null, message: `no answer: ${why}` });
    for (const [id, index] of this.indexOf) {
      const words = this.communication.get(id);
      if (words) this.host.publish(index, words.fault, now);
      else this.host.points.setStatus(index, 'down', now);
    }
  }

  /**
   * The device answers (for the first time, or again): Communication Status to its first word (OK), momentary
   * actions usable, after a loss every block read again at once, and the values in force it does not hold sent.
   */
  private answering(): void {
    if (this.answered && !this.down) return;
    const now = this.now();
    if (this.down) {
      this.host.log.info({ device: this.device.id }, 'device back');
      this.host.event(this.device, now, { kind: 'comm-restored', point: null, message: 'answering again' });
      for (const block of this.blocks) block.due = now;
    }
    this.answered = true;
    this.down = false;
    for (const [id, words] of this.communication)
      this.host.publish(this.indexOf.get(id) as number, words.ok, now);
    for (const point of this.device.profile.points)
      if (point.type === 'action') this.host.points.update(this.index(point), false, now);
    for (const id of this.commands.keys()) void this.forward(this.pointOf.get(id) as Point);
    this.schedule();
  }

  private problem(block: PollBlock, message: string): void {
    if (this.problems.get(block) === message) return;
    this.problems.set(block, message);
    this.host.log.warn({ device: this.device.id }, message);
  }

  /** A write the device did not take: an event and a warning once per value in force, then debug. */
  private report(point: Point, kind: string, message: string): void {
    if (this.reported.has(point.id) && point.type !== 'action') {
      (this.host.log as ModbusLogger).debug?.({ device: this.device.id, point: point.id }, message);
      return;
    }
    this.reported.add(point.id);
    this.host.log.warn({ device: this.device.id, point: point.id }, message);
    this.host.event(this.device, this.now(), { kind, point: point.id, message });
  }

  private index(point: Point): number {
    return this.indexOf.get(point.id) as number;
  }
}

/** The runtime's driver factory for Modbus sources. */
export function modbusDriverFor(device: Device, host: DriverHost): DeviceDriver | null {
  return device.source.kind === 'modbus' ? new ModbusDevice(device, device.source, host) : null;
}
