// Every EV charger at once: status grid, the power they draw against the site's limit, today's sessions;
// the charging back end's sessions (remote start and stop) and its RFID cards.
import { useBackendStatus } from '../charging/backend-status';
import { deviceIdOf } from '../charging/charge-point-device';
import { IdTagsPanel } from '../charging/id-tags-panel';
import { RemoteStartForm } from '../charging/remote-start-form';
import { SessionsTable } from '../charging/sessions-table';
import { ChargerCard } from '../dashboards/charger-card';
import { FleetPowerChart } from '../dashboards/fleet-power-chart';
import { MeterBar } from '../dashboards/meter-bar';
import { numberOf } from '../dashboards/point-values';
import { SessionLog } from '../dashboards/session-log';
import { sitePowerLimitKw } from '../dashboards/site-power-limit';
import { useProfilePoints } from '../live/profile-points';
import { useSite } from '../state/site';

export const EV_PROFILE = 'ev-charger-level-2';

export function EvChargersPage() {
  const site = useSite();
  const fleet = useProfilePoints(EV_PROFILE);
  const backend = useBackendStatus();
  const limit = sitePowerLimitKw(site);
  const total = fleet.equips.reduce((sum, e) => sum + (numberOf(fleet.point(e.id, 'active-power')) ?? 0), 0);
  const charging = fleet.equips.filter((e) => numberOf(fleet.point(e.id, 'active-power'))).length;
  return (
    <article aria-labelledby="ev-title">
      <header class="page-header">
        <div>
          <h1 id="ev-title">EV chargers</h1>
          <p class="muted">
            {fleet.equips.length} chargers, {charging} drawing power
          </p>
        </div>
      </header>
      {fleet.equips.length === 0 && <p class="panel">This site has no charger of profile {EV_PROFILE}.</p>}
      <section class="panel">
        <h2>Power now</h2>
        <MeterBar
          label="All chargers"
          value={total}
          max={limit}
          unit="kW"
          limit={limit}
          limitLabel="Site limit"
        />
        {limit === null && <p class="muted small">The server does not publish the site's EV power limit.</p>}
      </section>
      <section class="charger-grid" aria-label="Chargers">
        {fleet.equips.map((e) => (
          <ChargerCard key={e.id} equip={e} point={(key) => fleet.point(e.id, key)} />
        ))}
      </section>
      <div class="grid-2">
        <section class="panel">
          <h2>Power, last hour</h2>
          <FleetPowerChart chargers={fleet.equips} limitKw={limit} />
        </section>
        <section class="panel">
          <h2>Sessions today</h2>
          <SessionLog chargers={fleet.equips} />
        </section>
      </div>
      <section class="panel" aria-labelledby="charging-sessions-title">
        <h2 id="charging-sessions-title">Charging sessions</h2>
        <p class="muted small">
          The central system's transactions (OCPP), any charge point's; a charger's name opens its messages.
        </p>
        <SessionsTable backend={backend} />
        <RemoteStartForm known={fleet.equips.map((e) => deviceIdOf(e, site))} />
      </section>
      <IdTagsPanel />
    </article>
  );
}
