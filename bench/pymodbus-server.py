# pymodbus 3.0's asyncio Modbus TCP server (Debian's python3-pymodbus), the reference for the Modbus figures:
# unit 1 with 100 holding registers. Prints "ready <port>" once listening; runs until killed.
#
#   /usr/bin/python3 bench/pymodbus-server.py [port]     (0, the default, picks a free port)

import asyncio
import logging
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncTcpServer


async def main():
    logging.disable(logging.CRITICAL)
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    block = lambda: ModbusSequentialDataBlock(0, list(range(100)))  # noqa: E731
    unit = ModbusSlaveContext(di=block(), co=block(), hr=block(), ir=block(), zero_mode=True)
    context = ModbusServerContext(slaves={1: unit}, single=False)
    server = await StartAsyncTcpServer(context=context, address=("127.0.0.1", port), defer_start=True)
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    print("ready", server.server.sockets[0].getsockname()[1], flush=True)
    await task


if __name__ == "__main__":
    asyncio.run(main())
