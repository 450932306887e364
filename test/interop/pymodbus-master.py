# A Modbus TCP master built on pymodbus 3.0 (Debian's python3-pymodbus), for the interop tests: runs the
# operations given as JSON on stdin against host:port and prints one JSON result per operation. Values are
# decoded by pymodbus itself (BinaryPayloadDecoder), not by Pointyard's codec.
#
#   /usr/bin/python3 test/interop/pymodbus-master.py 127.0.0.1 5020 < ops.json
#
# Operation: {"op": "read", "fc": 1|2|3|4, "unit", "address", "count", "decode": "bits"|"raw"|"float32"|
#   "uint32"|"int32"|"uint16"|"int16"|"string", "wordorder": "high-first"|"low-first"}
#   {"op": "write_register"|"write_coil", "unit", "address", "value"}
#   {"op": "write_registers", "unit", "address", "values"} · {"op": "write_float32", "unit", "address", "value"}
#   {"op": "write_coils", "unit", "address", "values"} · {"op": "device_id", "unit", "code", "object_id"}
#   {"op": "exception_status", "unit"} (FC 7, which Pointyard does not serve)
# Result: {"exception": n} for an exception answer, else {"value": …} or {"written": true}.

import json
import sys

from pymodbus.client import ModbusTcpClient
from pymodbus.constants import Endian
from pymodbus.mei_message import ReadDeviceInformationRequest
from pymodbus.other_message import ReadExceptionStatusRequest
from pymodbus.payload import BinaryPayloadBuilder, BinaryPayloadDecoder


def word_order(op):
    return Endian.Little if op.get("wordorder") == "low-first" else Endian.Big


def decode(op, registers):
    kind = op.get("decode", "raw")
    if kind == "raw":
        return list(registers)
    decoder = BinaryPayloadDecoder.fromRegisters(registers, byteorder=Endian.Big, wordorder=word_order(op))
    if kind == "float32":
        return decoder.decode_32bit_float()
    if kind == "uint32":
        return decoder.decode_32bit_uint()
    if kind == "int32":
        return decoder.decode_32bit_int()
    if kind == "uint16":
        return decoder.decode_16bit_uint()
    if kind == "int16":
        return decoder.decode_16bit_int()
    if kind == "string":
        return decoder.decode_string(2 * len(registers)).split(b"\0", 1)[0].decode("ascii")
    raise ValueError("unknown decode " + kind)


def answer(response, value):
    if response.isError():
        return {"exception": getattr(response, "exception_code", -1)}
    return value(response)


def run(client, op):
    unit = op.get("unit", 1)
    kind = op["op"]
    if kind == "read":
        fc, address, count = op["fc"], op["address"], op["count"]
        if fc == 1:
            r = client.read_coils(address, count, slave=unit)
        elif fc == 2:
            r = client.read_discrete_inputs(address, count, slave=unit)
        elif fc == 3:
            r = client.read_holding_registers(address, count, slave=unit)
        else:
            r = client.read_input_registers(address, count, slave=unit)
        if fc in (1, 2):
            return answer(r, lambda x: {"value": [bool(b) for b in x.bits[:count]]})
        return answer(r, lambda x: {"value": decode(op, x.registers)})
    if kind == "write_register":
        return answer(client.write_register(op["address"], op["value"], slave=unit), lambda x: {"written": True})
    if kind == "write_registers":
        return answer(client.write_registers(op["address"], op["values"], slave=unit), lambda x: {"written": True})
    if kind == "write_float32":
        builder = BinaryPayloadBuilder(byteorder=Endian.Big, wordorder=word_order(op))
        builder.add_32bit_float(op["value"])
        r = client.write_registers(op["address"], builder.to_registers(), slave=unit)
        return answer(r, lambda x: {"written": True})
    if kind == "write_coil":
        return answer(client.write_coil(op["address"], op["value"], slave=unit), lambda x: {"written": True})
    if kind == "write_coils":
        return answer(client.write_coils(op["address"], op["values"], slave=unit), lambda x: {"written": True})
    if kind == "device_id":
        # pymodbus 3.0 ignores `slave` here: the unit goes in `unit`.
        request = ReadDeviceInformationRequest(read_code=op["code"], object_id=op.get("object_id", 0), unit=unit)
        r = client.execute(request)
        return answer(
            r,
            lambda x: {
                "value": {str(k): v.decode("latin-1") for k, v in x.information.items()},
                "conformity": x.conformity,
                "more_follows": x.more_follows,
            },
        )
    if kind == "exception_status":
        return answer(client.execute(ReadExceptionStatusRequest(unit=unit)), lambda x: {"value": x.status})
    raise ValueError("unknown op " + kind)


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    ops = json.load(sys.stdin)
    client = ModbusTcpClient(host, port=port, timeout=5)
    if not client.connect():
        print(json.dumps({"error": "cannot connect to %s:%d" % (host, port)}))
        sys.exit(1)
    try:
        results = [run(client, op) for op in ops]
    finally:
        client.close()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
