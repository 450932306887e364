// The domestic hot-water tank: its stratification, the setpoint (and changing it), heating, legionella.

import { DashboardCommand } from './dashboard-command';
import { numberOf } from './point-values';
import type { DashboardProps } from './registry';
import { Stat, StatusPill } from './stat';
import { StratificationGraphic } from './stratification-graphic';

export function DhwTankDashboard({ point, onCommand }: DashboardProps) {
  const topT = point('tank-top-temperature');
  if (!topT) return null;
  const layers = [
    { name: 'Top', celsius: numberOf(topT) },
    { name: 'Middle', celsius: numberOf(point('tank-middle-temperature')) },
    { name: 'Bottom', celsius: numberOf(point('tank-bottom-temperature')) },
  ];
  const heating = (numberOf(point('heating-power')) ?? 0) > 0;
  return (
    <section class="dashboard dhw" aria-label="Hot-water tank dashboard">
      <div class="panel graphic-panel">
        <h2>Stratification</h2>
        <StratificationGraphic
          layers={layers}
          setpoint={numberOf(point('temperature-setpoint'))}
          heating={heating}
        />
      </div>
      <div class="panel">
        <h2>Heating</h2>
        <div class="stats">
          <Stat label="Setpoint" point={point('temperature-setpoint')} />
          <Stat label="Heating power" point={point('heating-power')} />
          <Stat label="Energy stored" point={point('energy-stored')} />
          <Stat label="Supply" point={point('supply-temperature')} />
          <Stat label="Return" point={point('return-temperature')} />
          <Stat label="Pressure" point={point('tank-pressure')} />
        </div>
        <div class="pills">
          <StatusPill label="Tank" point={point('tank-status')} />
          <StatusPill label="Heat source" point={point('heating-status')} />
          <StatusPill label="Legionella" point={point('legionella-status')} />
          <StatusPill label="Anode" point={point('anode-status')} />
          <StatusPill label="Safety valve" point={point('safety-valve-status')} />
        </div>
        <div class="buttons">
          <DashboardCommand
            point={point('temperature-setpoint')}
            onOpen={() => onCommand('temperature-setpoint')}
          >
            Change setpoint…
          </DashboardCommand>
          <DashboardCommand point={point('legionella-cycle')} onOpen={() => onCommand('legionella-cycle')}>
            Legionella cycle…
          </DashboardCommand>
        </div>
      </div>
    </section>
  );
}
