// One EV charger: its statuses, the power and current it delivers against its limits, the session.

import { DashboardCommand } from './dashboard-command';
import { MeterBar } from './meter-bar';
import { maxOf, numberOf } from './point-values';
import type { DashboardProps } from './registry';
import { Stat, StatusPill } from './stat';

export function EvChargerDashboard({ point, onCommand }: DashboardProps) {
  const power = point('active-power');
  if (!power) return null;
  const current = point('output-current');
  return (
    <section class="dashboard ev-charger" aria-label="Charger dashboard">
      <div class="panel">
        <h2>Status</h2>
        <div class="pills">
          <StatusPill label="Charger" point={point('charger-status')} />
          <StatusPill label="Connector" point={point('connector-status')} />
          <StatusPill label="Session" point={point('session-status')} />
          <StatusPill label="Card" point={point('rfid-auth-status')} />
          <StatusPill label="OCPP" point={point('ocpp-connection')} />
          <StatusPill label="Fault code" point={point('fault-code')} />
        </div>
        <p>
          <a href="#/ev">All chargers, sessions and the site's power →</a>
        </p>
      </div>
      <div class="panel">
        <h2>Charging</h2>
        <MeterBar label="Power" value={numberOf(power)} max={maxOf(power)} unit="kW" />
        <MeterBar
          label="Current"
          value={numberOf(current)}
          max={maxOf(current)}
          unit="A"
          limit={numberOf(point('max-current-limit'))}
          limitLabel="Max Current Limit"
        />
        <div class="stats">
          <Stat label="Energy this session" point={point('energy-delivered')} />
          <Stat label="Session duration" point={point('charge-session-duration')} />
          <Stat label="Charge mode" point={point('charge-mode')} />
        </div>
        <DashboardCommand point={point('remote-stop')} onOpen={() => onCommand('remote-stop')}>
          Remote stop…
        </DashboardCommand>
      </div>
    </section>
  );
}
