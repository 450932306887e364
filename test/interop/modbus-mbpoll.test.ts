// Interop: mbpoll (Debian's Modbus master on libmodbus, which no one here wrote) against the demo site:
// every mapped point of every device read as mbpoll reads it (floats with -B, 32-bit integers, raw
// registers, coils, discrete inputs) and checked against the point store; writes; the exceptions it shows.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { modbusAddressOf } from '../../src/protocols/modbus/modbus-address.js';
import { type DemoModbus, demoModbus } from '../support/modbus-server.js';
import { peerSkip } from '../support/peers.js';
import { everyMappedPoint, expectedReading, type PointRead, sameFloat } from './modbus-points.js';

const probe = spawnSync('mbpoll', ['-V'], { encoding: 'utf8' });
const skip = peerSkip(
  probe.status === 0 ? null : 'mbpoll is not installed (apt-get install mbpoll; .ci/run installs it)',
);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** mbpoll once against 127.0.0.1:`port` (asynchronously: the server answers from this process). */
function mbpoll(port: number, args: string[], values: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'mbpoll',
      [
        '-m',
        'tcp',
        '-p',
        String(port),
        '-1',
        '-o',
        '5',
        ...args,
        '127.0.0.1',
        ...(values.length ? ['--', ...values] : []),
      ],
      { timeout: 30_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** `[ref]: value` lines of mbpoll's output, by reference (raw registers show `unsigned (signed)`: the first). */
function valuesOf(stdout: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const m of stdout.matchAll(/^\[(\d+)\]:\s+(\S+)/gm)) out.set(Number(m[1]), Number(m[2]));
  return out;
}

/** mbpoll's data type for a point: coils 0, discrete inputs 1, registers 3/4 with :float or :int for pairs. */
function typeOf(read: PointRead): string {
  if (read.fc === 1) return '0';
  if (read.fc === 2) return '1';
  const table = read.fc === 3 ? '4' : '3';
  if (read.kind === 'float32') return `${table}:float`;
  if (read.kind === 'uint32' || read.kind === 'int32' || read.kind === 'datetime') return `${table}:int`;
  return table;
}

/** Adjacent points of one device and one mbpoll type, read by one mbpoll run. */
function groups(reads: PointRead[]): PointRead[][] {
  const out: PointRead[][] = [];
  for (const read of reads) {
    const group = out[out.length - 1];
    const last = group?.[group.length - 1];
    const size = group?.reduce((n, r) => n + r.count, 0) ?? 0;
    if (
      group &&
      last &&
      last.unit === read.unit &&
      typeOf(last) === typeOf(read) &&
      last.address + last.count === read.address &&
      size + read.count <= 100
    )
      group.push(read);
    else out.push([read]);
  }
  return out;
}

describe('mbpoll master', { skip }, () => {
  let demo: DemoModbus;
  before(async () => {
    demo = await demoModbus();
  });
  after(() => demo.close());

  test('the README example: a float of holding 40001-40002, big-endian word order (-B)', async () => {
    const run = await mbpoll(demo.port, ['-a', '2', '-t', '4:float', '-B', '-r', '1', '-c', '1']);
    assert.equal(run.code, 0, run.stderr);
    const got = valuesOf(run.stdout).get(1);
    assert.ok(
      sameFloat(got as number, Math.fround(demo.value('ev-charger-1.active-power') as number)),
      run.stdout,
    );
  });

  test('reads every mapped point of every demo device', async () => {
    const reads = everyMappedPoint(demo.site);
    let checked = 0;
    for (const group of groups(reads)) {
      const first = group[0] as PointRead;
      const type = typeOf(first);
      const pairs = type.includes(':');
      const count = group.reduce((n, r) => n + r.count, 0) / (pairs ? 2 : 1);
      const args = [
        '-a',
        String(first.unit),
        '-t',
        type,
        '-r',
        String(first.address + 1),
        '-c',
        String(count),
      ];
      const run = await mbpoll(demo.port, pairs ? [...args, '-B'] : args);
      assert.equal(run.code, 0, `${args.join(' ')}: ${run.stderr}`);
      const values = valuesOf(run.stdout);
      for (const read of group) {
        const want = expectedReading(read, demo.value(read.key));
        const ref = read.address + 1;
        const what = `${read.key} (${modbusAddressOf(read.point).reference}, ${read.kind}) from mbpoll ${args.join(' ')}:\n${run.stdout}`;
        if (read.kind === 'string') {
          const chars = Array.from({ length: read.count }, (_, i) => values.get(ref + i) as number)
            .flatMap((r) => [r >> 8, r & 0xff])
            .filter((c) => c !== 0);
          assert.equal(String.fromCharCode(...chars), want, what);
        } else if (read.kind === 'float32') {
          assert.ok(sameFloat(values.get(ref) as number, want as number), `${what}\nwant ${want}`);
        } else if (read.kind === 'bit') {
          assert.equal(values.get(ref), want ? 1 : 0, what);
        } else if (read.kind === 'int16') {
          const raw = values.get(ref) as number;
          assert.equal(raw >= 0x8000 ? raw - 0x10000 : raw, want, what);
        } else {
          assert.equal(values.get(ref), want, what);
        }
        checked++;
      }
    }
    assert.equal(checked, reads.length);
  });

  test('writes: a scaled setpoint, a float, several registers, coils', async () => {
    const ok = async (args: string[], values: string[]) => {
      const run = await mbpoll(demo.port, args, values);
      assert.equal(run.code, 0, `${args.join(' ')} ${values.join(' ')}: ${run.stderr}`);
    };
    await ok(['-a', '5', '-t', '4', '-r', '101'], ['2200']);
    assert.equal(demo.value('ev-charger-4.max-current-limit'), 22);
    await ok(['-a', '7', '-t', '4:float', '-B', '-r', '503'], ['-12.5']);
    assert.equal(demo.value('fuel-tank.calibration-offset'), -12.5);
    await ok(['-a', '5', '-t', '4', '-r', '501'], ['1', '1', '0']);
    assert.equal(demo.value('ev-charger-4.charge-mode'), 'NORMAL');
    assert.equal(demo.value('ev-charger-4.connector-lock'), true);
    await ok(['-a', '5', '-t', '0', '-r', '1'], ['0']);
    assert.equal(demo.value('ev-charger-4.charge-enable'), false);
    await ok(['-a', '1', '-t', '0', '-r', '1'], ['1', '1']);
    assert.equal(demo.value('parking-server.emergency-mode'), true);
    await ok(['-a', '1', '-t', '0', '-r', '2'], ['0']);
  });

  test('exceptions as mbpoll shows them: 02, 03, 04, 0B', async () => {
    const fails = async (args: string[], values: string[], message: RegExp) => {
      const run = await mbpoll(demo.port, args, values);
      assert.notEqual(run.code, 0, `${args.join(' ')} succeeded`);
      assert.match(run.stderr, message);
    };
    const limit = demo.value('ev-charger-4.max-current-limit');
    await fails(['-a', '5', '-t', '4', '-r', '101'], ['500'], /Illegal data value/);
    await fails(['-a', '5', '-t', '4', '-r', '101'], ['4000'], /Illegal data value/);
    assert.equal(demo.value('ev-charger-4.max-current-limit'), limit);
    await fails(['-a', '7', '-t', '4:float', '-B', '-r', '503'], ['101'], /Illegal data value/);
    await fails(['-a', '5', '-t', '4', '-r', '1'], ['1'], /Illegal data address/);
    await fails(['-a', '5', '-t', '4', '-r', '2', '-c', '1'], [], /Illegal data address/);
    await fails(['-a', '5', '-t', '3', '-r', '9000', '-c', '1'], [], /Illegal data address/);
    await fails(['-a', '200', '-t', '4', '-r', '1', '-c', '1'], [], /Target device failed to respond/);
    const off = await mbpoll(demo.port, ['-a', '1', '-t', '0', '-r', '1'], ['0']);
    assert.equal(off.code, 0, off.stderr);
    try {
      await fails(['-a', '5', '-t', '4', '-r', '101'], ['1000'], /Slave device or server failure/);
    } finally {
      await mbpoll(demo.port, ['-a', '1', '-t', '0', '-r', '1'], ['1']);
    }
    assert.equal(demo.value('parking-server.system-enable'), true);
  });

  test('01 from a read-only server', async () => {
    const readOnly = await demoModbus({ readOnly: true });
    try {
      const run = await mbpoll(readOnly.port, ['-a', '2', '-t', '4', '-r', '101'], ['1600']);
      assert.notEqual(run.code, 0);
      assert.match(run.stderr, /Illegal function/);
    } finally {
      await readOnly.close();
    }
  });
});
