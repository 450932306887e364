// Which dashboard a device's page shows above its points, by the profile it runs. A profile without one
// gets the generic device page alone: every points list works, these add pictures for the seed devices.
import type { ComponentType } from 'preact';
import type { LivePoint } from '../live/live-points';
import type { Equip } from '../state/site';

export interface DashboardProps {
  equip: Equip;
  /** The device's live points, by their id in the points list. */
  point: (key: string) => LivePoint | undefined;
}

export const DASHBOARDS: Record<string, ComponentType<DashboardProps>> = {};
