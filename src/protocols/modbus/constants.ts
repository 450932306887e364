// Modbus function codes, exception codes and the protocol's size limits (Modbus Application Protocol
// Specification V1.1b3), named once for the server, the client and the codecs.

/** Function codes Pointyard speaks. */
export const FC = {
  readCoils: 1,
  readDiscreteInputs: 2,
  readHoldingRegisters: 3,
  readInputRegisters: 4,
  writeSingleCoil: 5,
  writeSingleRegister: 6,
  writeMultipleCoils: 15,
  writeMultipleRegisters: 16,
  encapsulatedInterface: 43,
} as const;

/** MEI type of FC 43 that reads the device identification. */
export const MEI_READ_DEVICE_ID = 14;

/** Exception codes, as the spec numbers them. */
export const EXCEPTION = {
  illegalFunction: 0x01,
  illegalDataAddress: 0x02,
  illegalDataValue: 0x03,
  serverDeviceFailure: 0x04,
  serverDeviceBusy: 0x06,
  gatewayTargetFailedToRespond: 0x0b,
} as const;

export type ExceptionCode = (typeof EXCEPTION)[keyof typeof EXCEPTION];

/** What a read of a real device's point with no current value answers: 0B (the default) or 04. */
export type OfflineException =
  | typeof EXCEPTION.gatewayTargetFailedToRespond
  | typeof EXCEPTION.serverDeviceFailure;

/** Most values one request may carry. */
export const LIMITS = {
  readBits: 2000,
  readRegisters: 125,
  writeBits: 1968,
  writeRegisters: 123,
} as const;

/** Coil value of FC 5 that sets a coil; 0x0000 clears it, anything else is an illegal value. */
export const COIL_ON = 0xff00;
export const COIL_OFF = 0x0000;

/** One past the last address of a table (addresses are 0–65535). */
export const ADDRESS_SPACE = 0x10000;
