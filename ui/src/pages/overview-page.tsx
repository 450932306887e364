// The site at a glance: the car park, the chargers, the tanks, hot water and the PIR zones as pictures
// (for the profiles the site has), then every piece of equipment, whatever its profile.
import { ChargerCard } from '../dashboards/charger-card';
import { OccupancyGauge } from '../dashboards/occupancy-gauge';
import { PirCard } from '../dashboards/pir-card';
import { numberOf } from '../dashboards/point-values';
import { Stat } from '../dashboards/stat';
import { StratificationGraphic } from '../dashboards/stratification-graphic';
import { TankFillGraphic } from '../dashboards/tank-fill-graphic';
import { useProfilePoints } from '../live/profile-points';
import { useObservable } from '../state/observable';
import { link } from '../state/router';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';

export function OverviewPage() {
  const site = useSite();
  const { alarms } = useSession();
  const counts = useObservable(alarms.counts);
  const parking = useProfilePoints('parking-management-server');
  const chargers = useProfilePoints('ev-charger-level-2');
  const tanks = useProfilePoints('level-sensor');
  const dhw = useProfilePoints('dhw-tank');
  const pirs = useProfilePoints('pir-detector');
  const server = parking.equips[0];
  const p = (key: string) => (server ? parking.point(server.id, key) : undefined);
  return (
    <article aria-labelledby="overview-title" class="overview">
      <header class="page-header">
        <div>
          <h1 id="overview-title">{site.dis}</h1>
          {typeof site.rec.geoAddr === 'string' && <p class="muted">{site.rec.geoAddr}</p>}
        </div>
        {counts && (
          <a class={counts.unacked > 0 ? 'alarm-summary has-new' : 'alarm-summary'} href="#/alarms">
            {counts.active} active alarm{counts.active === 1 ? '' : 's'} · {counts.unacked} to acknowledge
          </a>
        )}
      </header>
      <div class="overview-grid">
        {server && (
          <section class="panel" aria-labelledby="ov-car-park">
            <h2 id="ov-car-park">
              <a href={link('equip', server.id)}>Car park</a>
            </h2>
            <OccupancyGauge
              occupied={numberOf(p('total-occupied'))}
              capacity={numberOf(p('total-parking-capacity'))}
            />
            <div class="stats">
              <Stat label="Revenue today" point={p('revenue-today')} />
              <Stat label="Tariff" point={p('tariff-profile')} />
            </div>
          </section>
        )}
        {dhw.equips.map((e) => (
          <section class="panel" key={e.id} aria-labelledby={`ov-${e.id}`}>
            <h2 id={`ov-${e.id}`}>
              <a href={link('equip', e.id)}>{e.dis}</a>
            </h2>
            <StratificationGraphic
              layers={[
                { name: 'Top', celsius: numberOf(dhw.point(e.id, 'tank-top-temperature')) },
                { name: 'Middle', celsius: numberOf(dhw.point(e.id, 'tank-middle-temperature')) },
                { name: 'Bottom', celsius: numberOf(dhw.point(e.id, 'tank-bottom-temperature')) },
              ]}
              setpoint={numberOf(dhw.point(e.id, 'temperature-setpoint'))}
              heating={(numberOf(dhw.point(e.id, 'heating-power')) ?? 0) > 0}
            />
          </section>
        ))}
        {tanks.equips.map((e) => (
          <section class="panel" key={e.id} aria-labelledby={`ov-${e.id}`}>
            <h2 id={`ov-${e.id}`}>
              <a href={link('equip', e.id)}>{e.dis}</a>
            </h2>
            <TankFillGraphic
              label={e.dis}
              level={numberOf(tanks.point(e.id, 'level'))}
              high={numberOf(tanks.point(e.id, 'high-level-threshold'))}
              low={numberOf(tanks.point(e.id, 'low-level-threshold'))}
            />
          </section>
        ))}
      </div>
      {chargers.equips.length > 0 && (
        <section aria-labelledby="ov-ev" class="overview-section">
          <h2 id="ov-ev">
            <a href="#/ev">EV chargers</a>
          </h2>
          <div class="charger-grid">
            {chargers.equips.map((e) => (
              <ChargerCard key={e.id} equip={e} point={(key) => chargers.point(e.id, key)} />
            ))}
          </div>
        </section>
      )}
      {pirs.equips.length > 0 && (
        <section aria-labelledby="ov-pir" class="overview-section">
          <h2 id="ov-pir">
            <a href="#/pir">PIR zones</a>
          </h2>
          <div class="pir-grid">
            {pirs.equips.map((e) => (
              <PirCard key={e.id} equip={e} point={(key) => pirs.point(e.id, key)} />
            ))}
          </div>
        </section>
      )}
      <section class="panel" aria-labelledby="ov-equip">
        <h2 id="ov-equip">All equipment</h2>
        <ul class="equip-list">
          {site.equips.map((e) => (
            <li key={e.id}>
              <a href={link('equip', e.id)}>{e.dis}</a> <span class="muted">{e.profile}</span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
