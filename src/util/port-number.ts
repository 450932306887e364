// A TCP/UDP port as a command-line option gives it: 0 (pick a free one) to 65535.

/** The port `text` names; throws with what is expected when it names none. */
export function portNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error('expected a port number 0–65535');
  return n;
}
