// A tank's level sensor: the fill with its alarm thresholds, volume, rate of change, statuses.

import { DashboardCommand } from './dashboard-command';
import { numberOf } from './point-values';
import type { DashboardProps } from './registry';
import { Stat, StatusPill } from './stat';
import { TankFillGraphic } from './tank-fill-graphic';

export function LevelSensorDashboard({ equip, point, onCommand }: DashboardProps) {
  const level = point('level');
  if (!level) return null;
  return (
    <section class="dashboard level" aria-label="Tank level dashboard">
      <div class="panel graphic-panel">
        <h2>Level</h2>
        <TankFillGraphic
          label={equip.dis}
          level={numberOf(level)}
          high={numberOf(point('high-level-threshold'))}
          low={numberOf(point('low-level-threshold'))}
        />
      </div>
      <div class="panel">
        <h2>Contents</h2>
        <div class="stats">
          <Stat label="Level" point={level} />
          <Stat label="Height" point={point('level-absolute')} />
          <Stat label="Volume" point={point('volume')} />
          <Stat label="Rate of change" point={point('level-rate-of-change')} />
        </div>
        <div class="pills">
          <StatusPill label="Sensor" point={point('sensor-status')} />
          <StatusPill label="High level" point={point('high-level-alarm')} />
          <StatusPill label="Low level" point={point('low-level-alarm')} />
          <StatusPill label="Calibration" point={point('calibration-status')} />
        </div>
        <div class="buttons">
          <DashboardCommand
            point={point('high-level-threshold')}
            onOpen={() => onCommand('high-level-threshold')}
          >
            High threshold…
          </DashboardCommand>
          <DashboardCommand
            point={point('low-level-threshold')}
            onOpen={() => onCommand('low-level-threshold')}
          >
            Low threshold…
          </DashboardCommand>
        </div>
      </div>
    </section>
  );
}
