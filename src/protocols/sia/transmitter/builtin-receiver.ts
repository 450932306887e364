// `host: builtin` in a transmitter's receivers: this Pointyard's own receiver, reached at the address it
// actually listens on (a port picked by `--sia-port 0` included), on loopback when it listens on every
// address. Checked against the receiver's settings before start, filled in once it listens.

import { reachableHost } from '../../reachable-address.js';
import type { ReceiverTarget, TransmitterSettings } from './transmitter-settings.js';

/** What the transmitter needs to know of the built-in receiver. */
export interface BuiltinReceiver {
  host: string;
  tcp: boolean;
  udp: boolean;
}

/** Problems of builtin targets: no receiver to send to, or not on the target's transport. */
export function builtinProblems(settings: TransmitterSettings, receiver: BuiltinReceiver | null): string[] {
  const problems: string[] = [];
  for (const target of settings.receivers) {
    if (!target.builtin) continue;
    const where = `transmitter.receivers.${target.name}`;
    if (!receiver)
      problems.push(
        `${where}: host builtin needs this Pointyard's receiver (server.sia.receiver), which is off`,
      );
    else if (!receiver[target.transport])
      problems.push(`${where}: the built-in receiver does not listen on ${target.transport}`);
  }
  return problems;
}

/** The settings with every builtin target pointed at the receiver listening on `host`:`port`. */
export function resolveBuiltin(
  settings: TransmitterSettings,
  host: string,
  port: number,
): TransmitterSettings {
  const reachable = reachableHost(host);
  const receivers = settings.receivers.map(
    (t): ReceiverTarget => (t.builtin ? { ...t, host: reachable, port } : t),
  );
  return { ...settings, receivers };
}
