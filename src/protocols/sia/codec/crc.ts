// The DC-09 checksum and length fields. Both cover the message from the opening `"` of the id token up to
// (not including) the closing CR. The CRC is CRC-16/ARC (polynomial 0x8005 reflected, i.e. 0xA001, initial
// value 0, no final xor), sent as four ASCII hex digits; the length is sent as `0LLL`: an ASCII `0` then the
// byte count in three hex digits, so a message is at most 0xFFF (4095) bytes long.

/** The largest byte count the `0LLL` length field can carry. */
export const MAX_MESSAGE_LENGTH = 0xfff;

const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[n] = c;
  }
  return table;
}

/** CRC-16/ARC of the bytes (a string is taken as latin1, one byte per character). */
export function crc16Arc(message: string | Uint8Array): number {
  let crc = 0;
  if (typeof message === 'string') {
    for (let i = 0; i < message.length; i++)
      crc = (crc >>> 8) ^ (TABLE[(crc ^ message.charCodeAt(i)) & 0xff] as number);
  } else {
    for (const byte of message) crc = (crc >>> 8) ^ (TABLE[(crc ^ byte) & 0xff] as number);
  }
  return crc;
}

/** The CRC field as sent: four uppercase hex digits. */
export function crcField(message: string): string {
  return crc16Arc(message).toString(16).toUpperCase().padStart(4, '0');
}

/** The length field as sent: `0` and three uppercase hex digits. Throws past 4095 bytes. */
export function lengthField(message: string): string {
  if (message.length > MAX_MESSAGE_LENGTH)
    throw new RangeError(
      `a DC-09 message is at most ${MAX_MESSAGE_LENGTH} bytes; this one is ${message.length}`,
    );
  return `0${message.length.toString(16).toUpperCase().padStart(3, '0')}`;
}
