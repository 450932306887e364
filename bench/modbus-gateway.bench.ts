// The gateway driver's poll throughput: every demo device read through its points list (the driver's block
// plan, link and codec) from Pointyard's own Modbus server on loopback, all devices at once, each one request
// at a time as the driver does.

import { Link } from '../src/connectors/link.js';
import { RealClock } from '../src/core/clock.js';
import { ModbusTcpClient } from '../src/protocols/modbus/client.js';
import { pollPlan } from '../src/protocols/modbus/gateway/poll-plan.js';
import { modbusAddressOf } from '../src/protocols/modbus/modbus-address.js';
import { decodeValue } from '../src/protocols/modbus/register-codec.js';
import { demoModbus } from '../test/support/modbus-server.js';
import { type Figure, round3 } from './harness.js';

const group = 'Modbus TCP';
const SECONDS = 3;

export async function modbusGatewayBench(): Promise<Figure[]> {
  const field = await demoModbus();
  const devices = field.site.devices.filter((d) => d.numbers.modbus != null);
  // One link per device, as when each device is its own endpoint.
  const open = (host: string, port: number) => ModbusTcpClient.connect(host, port, 2000);
  const links = devices.map(() => new Link('127.0.0.1', field.port, open, new RealClock()));
  let requests = 0;
  let values = 0;
  const sweeps: number[] = [];
  try {
    const end = performance.now() + SECONDS * 1000;
    await Promise.all(
      devices.map(async (device, i) => {
        const link = links[i] as Link<ModbusTcpClient>;
        const unit = device.numbers.modbus as number;
        const blocks = pollPlan(device.profile, 1000);
        while (performance.now() < end) {
          const t = performance.now();
          for (const block of blocks) {
            const { fc, address, quantity } = block;
            const answer = await link.run((client) => client.request(unit, { fc, address, quantity }));
            requests++;
            for (const { point, offset } of block.spans) {
              if (answer.kind === 'bits') values += answer.bits[offset] === undefined ? 0 : 1;
              else if (answer.kind === 'registers')
                values += decodeValue(point, modbusAddressOf(point), answer.registers, offset, 'high-first')
                  .ok
                  ? 1
                  : 0;
            }
          }
          sweeps.push(performance.now() - t);
        }
      }),
    );
  } finally {
    for (const link of links) await link.close();
    await field.close();
  }
  sweeps.sort((a, b) => a - b);
  const note = `${devices.length} demo devices polled at once, each one request at a time, for ${SECONDS} s`;
  return [
    { group, name: 'gateway driver: block reads/s', value: round3(requests / SECONDS), unit: 'req/s', note },
    {
      group,
      name: 'gateway driver: point values read/s',
      value: round3(values / SECONDS),
      unit: 'values/s',
      note,
    },
    {
      group,
      name: 'gateway driver: one full read of a device, p50',
      value: round3(sweeps[Math.floor(sweeps.length / 2)] ?? 0),
      unit: 'ms',
      note: 'every block of its points list, decoded',
    },
  ];
}
