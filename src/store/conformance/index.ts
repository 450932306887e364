// The store conformance suite: what every engine must do, one file per concern. An engine's test file calls
// `storeConformance` with a way to open a fresh store (and, for an engine that keeps data, to reopen it).

import { describe } from 'node:test';
import { alarmReportsConformance } from './alarm-reports.js';
import { alarmConformance } from './alarms.js';
import { chargingConformance } from './charging.js';
import { counterConformance } from './counters.js';
import type { EngineUnderTest } from './engine.js';
import { eventConformance } from './events.js';
import { healthConformance } from './health.js';
import { historyConformance } from './history.js';
import { historyRollupConformance } from './history-rollups.js';
import { outboxConformance } from './outbox.js';
import { userConformance } from './users.js';
import { writeConformance } from './writes.js';

export type { EngineUnderTest } from './engine.js';

/** Registers every conformance test for the engine `name`. */
export function storeConformance(name: string, engine: EngineUnderTest): void {
  describe(`store conformance (${name})`, () => {
    writeConformance(engine);
    historyConformance(engine);
    historyRollupConformance(engine);
    eventConformance(engine);
    alarmConformance(engine);
    counterConformance(engine);
    userConformance(engine);
    chargingConformance(engine);
    healthConformance(engine);
    outboxConformance(engine);
    alarmReportsConformance(engine);
  });
}
