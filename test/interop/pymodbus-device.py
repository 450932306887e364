# A field device played by pymodbus 3.0 (Debian's python3-pymodbus): a Modbus TCP server for one unit whose
# tables hold the registers and bits given as JSON on stdin:
#   {"unit": 1, "size": 1000, "coil": {"0": 1}, "discrete": {...}, "holding": {"500": 17096}, "input": {...}}
# Prints "ready <port>", then one JSON line per write a master makes: {"table": "holding", "address": a,
# "values": [...]}. `"frozen": [a, …]` lists holding registers that take a write (FC 6 / 16 answer normally) but
# keep their value, as a device that clamps or ignores a setpoint does. Runs until killed.
#
#   /usr/bin/python3 test/interop/pymodbus-device.py

import asyncio
import json
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer


class Recording(ModbusSequentialDataBlock):
    """A data block that reports every write on stdout."""

    def __init__(self, table, size, given, frozen=()):
        values = [0] * size
        for address, value in given.items():
            values[int(address)] = int(value)
        super().__init__(0, values)
        self.table = table
        self.frozen = set(frozen)

    def setValues(self, address, values):
        values = values if isinstance(values, list) else [values]
        kept = [
            self.getValues(address + i, 1)[0] if address + i in self.frozen else v for i, v in enumerate(values)
        ]
        super().setValues(address, kept)
        print(json.dumps({"table": self.table, "address": address, "values": [int(v) for v in values]}), flush=True)


async def main():
    logging.disable(logging.CRITICAL)
    spec = json.loads(sys.stdin.readline())
    size = spec.get("size", 1000)
    frozen = {"holding": spec.get("frozen", [])}
    blocks = {
        t: Recording(t, size, spec.get(t, {}), frozen.get(t, ())) for t in ("coil", "discrete", "holding", "input")
    }
    unit = ModbusSlaveContext(
        co=blocks["coil"], di=blocks["discrete"], hr=blocks["holding"], ir=blocks["input"], zero_mode=True
    )
    context = ModbusServerContext(slaves={spec["unit"]: unit}, single=False)
    server = await StartAsyncTcpServer(context=context, address=("127.0.0.1", 0), defer_start=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    print("ready", server.server.sockets[0].getsockname()[1], flush=True)
    await task


if __name__ == "__main__":
    asyncio.run(main())
