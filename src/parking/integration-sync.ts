// Integration Sync (the parking server's `integration-sync` command): every running interface that can send
// everything again to its clients (a publisher republishing every point) is asked to, all at once, and the
// answer says what each one said. An interface that fails is named with its reason.

import type { EffectResult } from '../behaviours/behaviour.js';

/** A running interface that can send everything again (StartedServer.resync). */
export interface Resyncable {
  /** Its plug-in's title, for people. */
  readonly title: string;
  /** Sends everything again; resolves with a line saying what it did. */
  resync(): Promise<string>;
}

export async function integrationSync(interfaces: readonly Resyncable[]): Promise<Omit<EffectResult, 'at'>> {
  if (interfaces.length === 0)
    return {
      kind: 'sync',
      ok: true,
      message: 'nothing to republish: no running interface sends points to clients of its own',
    };
  const answers = await Promise.all(
    interfaces.map(async (i) => {
      try {
        return { ok: true, line: `${i.title}: ${await i.resync()}` };
      } catch (err) {
        return { ok: false, line: `${i.title} failed: ${(err as Error).message}` };
      }
    }),
  );
  return {
    kind: 'sync',
    ok: answers.every((a) => a.ok),
    message: answers.map((a) => a.line).join('; '),
  };
}
