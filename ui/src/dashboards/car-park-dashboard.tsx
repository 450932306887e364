// The car park: occupancy gauge, today's arrivals and revenue per hour, the tariff in force (and changing
// it), the key figures of the day. The server's own health has its page (Server).
import { str } from '../api/hayson';
import { recOf } from '../live/live-points';
import { useSession } from '../state/session-context';
import { pointId, useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';
import { DashboardCommand } from './dashboard-command';
import { HourlyChart } from './hourly-chart';
import { readHourlyTotals } from './hourly-totals';
import { OccupancyGauge } from './occupancy-gauge';
import { numberOf } from './point-values';
import type { DashboardProps } from './registry';
import { Stat, StatusPill } from './stat';

export function CarParkDashboard({ equip, point, onCommand }: DashboardProps) {
  const { client } = useSession();
  const { zone } = useSite();
  const occupied = point('total-occupied');
  const tariff = point('tariff-profile');
  const hourly = useAsync(
    () =>
      readHourlyTotals(client, {
        occupied: pointId(equip, 'total-occupied'),
        transactions: pointId(equip, 'transactions-today'),
        revenue: pointId(equip, 'revenue-today'),
      }),
    [client, equip.id],
  );
  useInterval(hourly.reload, 60_000);
  const revenue = point('revenue-today');
  const currency = (revenue && str(recOf(revenue).unit)) ?? '€';
  if (!occupied) return null;
  return (
    <section class="dashboard car-park" aria-label="Car park dashboard">
      <div class="panel gauge-panel">
        <h2>Occupancy</h2>
        <OccupancyGauge occupied={numberOf(occupied)} capacity={numberOf(point('total-parking-capacity'))} />
        <div class="stats">
          <Stat label="Available" point={point('total-available')} />
          <Stat label="Revenue today" point={revenue} />
          <Stat label="Exits today" point={point('transactions-today')} />
          <Stat label="Average stay" point={point('average-stay-duration')} />
        </div>
      </div>
      <div class="panel chart-panel">
        <h2>Today, hour by hour</h2>
        {hourly.data ? (
          <HourlyChart totals={hourly.data} zone={zone} currency={currency} />
        ) : (
          <p class="muted">{hourly.error ? hourly.error.message : 'Reading today’s history…'}</p>
        )}
      </div>
      <div class="panel tariff-panel">
        <h2>Tariff</h2>
        {tariff && (
          <div class="tariff">
            <Stat label="In force" point={tariff} />
            <DashboardCommand point={tariff} onOpen={() => onCommand('tariff-profile')}>
              Change tariff…
            </DashboardCommand>
          </div>
        )}
        <StatusPill label="Payment gateway" point={point('payment-gateway-status')} />
        <StatusPill label="Emergency mode" point={point('emergency-mode')} />
        <StatusPill label="System" point={point('system-enable')} />
        <p>
          <a href="#/server">Server health, backups and reports →</a>
        </p>
      </div>
    </section>
  );
}
