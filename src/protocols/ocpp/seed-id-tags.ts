// The site file's `server.ocpp.idTags`, put on the CSMS's list at start.

import type { Services } from '../../runtime/services/services.js';

/** The site file's id tags, added as Accepted when the store does not know them (never changing one it does). */
export async function seedIdTags(services: Services, tags: readonly string[]): Promise<void> {
  for (const idTag of tags)
    if (!(await services.charging.getIdTag(idTag)))
      await services.charging.saveIdTag({ idTag, status: 'Accepted', expiresAt: null, parentIdTag: null });
}
