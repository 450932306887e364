// OCPP under `simulate`: the built-in CSMS and the site's simulated chargers as its charge points, linked in
// memory (memory-link.ts) instead of over WebSockets, with the same messages, checks, transactions, load
// sharing and message logs as under `start`. A site whose chargers report to a foreign CSMS, or without
// `server.ocpp`, runs none (the chargers then decide their cards on their own, as without OCPP).

import type { SimulationPart } from '../simulation-part.js';
import { Csms } from './csms.js';
import { ChargePointFleet, chargePointDevices } from './fleet/fleet.js';
import { LoadSharing } from './load-sharing.js';
import { memoryLink } from './memory-link.js';
import { ocppSettings } from './ocpp-settings.js';
import { seedIdTags } from './seed-id-tags.js';

export const ocppSimulation: SimulationPart = {
  async start(services, log) {
    const { settings, problems } = ocppSettings(services.site, {});
    if (problems.length > 0) throw new Error(`server.ocpp: ${problems.join('; ')}`);
    const chargers = settings?.chargers;
    if (!settings?.serveCsms || !chargers || chargers.url !== null) return null;
    if (chargePointDevices(services).length === 0) return null;
    await seedIdTags(services, settings.idTags);
    // In memory only the site's own chargers can connect: no password to check.
    const csms = new Csms({
      settings: { ...settings, autoAccept: true, chargePoints: {} },
      charging: services.charging,
      clock: services.clock,
      log,
      onSecurityIncident: () => {},
      listenerOf: () => undefined,
    });
    const detach = services.chargingBackend.attach(csms);
    const sharing = new LoadSharing(services, csms, log);
    sharing.start();
    const fleet = await ChargePointFleet.start(
      services,
      {
        url: `ws://memory${settings.path}`,
        password: null,
        ca: null,
        meterValueSampleInterval: chargers.meterValueSampleInterval,
        client: (id) => memoryLink(id, (end) => csms.accept(end as never)) as never,
      },
      log,
    );
    return {
      async close() {
        sharing.stop();
        await fleet.stop();
        detach();
        await csms.close(0);
      },
    };
  },
};
