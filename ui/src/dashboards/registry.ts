// Which dashboard a device's page shows above its points, by the profile it runs. A profile without one
// gets the generic device page alone: every points list works; these add pictures for the seed devices.
// Dashboards find their points by id in the points list and leave out what a profile does not have.
import type { ComponentType } from 'preact';
import type { LivePoint } from '../live/live-points';
import type { Equip } from '../state/site';
import { CarParkDashboard } from './car-park-dashboard';
import { DhwTankDashboard } from './dhw-tank-dashboard';
import { EvChargerDashboard } from './ev-charger-dashboard';
import { LevelSensorDashboard } from './level-sensor-dashboard';
import { PirDashboard } from './pir-dashboard';

export interface DashboardProps {
  equip: Equip;
  /** The device's live points, by their id in the points list. */
  point: (key: string) => LivePoint | undefined;
  /** Opens the write or action dialog of a point. */
  onCommand: (key: string) => void;
}

export const DASHBOARDS: Record<string, ComponentType<DashboardProps>> = {
  'parking-management-server': CarParkDashboard,
  'ev-charger-level-2': EvChargerDashboard,
  'dhw-tank': DhwTankDashboard,
  'level-sensor': LevelSensorDashboard,
  'pir-detector': PirDashboard,
};
