// Daily occupancy profiles (data in the site file): the share of spaces taken at each local hour, for
// weekdays and weekends, with the turnover of parked cars. Points are joined by straight lines and the last
// point of a day joins the first one of the next.

import { checkNumber, type ParameterReader, show } from './parameter-reader.js';

/** One point of a day: local hour (0 ≤ h < 24), occupied %, and optionally the turnover there (1/h). */
export type ProfilePoint = [hour: number, percent: number, turnoverPerHour?: number];

export interface DayProfile {
  /**
   * Base departure rate of a parked car, per hour, where a point gives none: 0.04/h means a car leaves
   * on its own after 25 h on average — most leave earlier, when the profile falls.
   */
  turnoverPerHour: number;
  points: ProfilePoint[];
}

export interface OccupancyProfile {
  weekday: DayProfile;
  /** Saturday and Sunday. */
  weekend: DayProfile;
}

/**
 * Defaults: engineering estimates shaped on typical car park occupancy curves. Office: full at 10–11 h,
 * ~85 % over lunch (12–14 h), ~10 % at 19–20 h, nearly empty at weekends. Retail: builds up through the
 * day to an 18 h peak, higher on Saturdays, stays of about 1.5 h. Residential: ~90 % at night, 40 % by day.
 */
export const DEFAULT_PROFILES: Record<string, OccupancyProfile> = {
  office: {
    weekday: {
      turnoverPerHour: 0.04,
      points: [
        [0, 3],
        [6, 4],
        [7, 15],
        [8, 55],
        [9, 88],
        [10, 100],
        [11, 100],
        [12, 85],
        [14, 85],
        [15, 95],
        [16, 92],
        [17, 65],
        [18, 30],
        [19, 10],
        [20, 10],
        [21, 6],
        [23, 4],
      ],
    },
    weekend: {
      turnoverPerHour: 0.3,
      points: [
        [0, 3, 0.05],
        [7, 3, 0.05],
        [9, 8],
        [12, 10],
        [17, 6],
        [20, 3, 0.05],
      ],
    },
  },
  retail: {
    weekday: {
      turnoverPerHour: 0.6,
      points: [
        [0, 2, 0.1],
        [8, 3, 0.1],
        [9, 12],
        [10, 30],
        [12, 50],
        [13, 45],
        [15, 55],
        [17, 70],
        [18, 80],
        [19, 60],
        [20, 25],
        [21, 5, 0.1],
        [23, 2, 0.1],
      ],
    },
    weekend: {
      turnoverPerHour: 0.6,
      points: [
        [0, 2, 0.1],
        [8, 3, 0.1],
        [9, 15],
        [10, 40],
        [11, 65],
        [12, 75],
        [14, 80],
        [15, 90],
        [17, 85],
        [18, 70],
        [19, 40],
        [20, 10, 0.3],
        [21, 3, 0.1],
        [23, 2, 0.1],
      ],
    },
  },
  residential: {
    weekday: {
      turnoverPerHour: 0.08,
      points: [
        [0, 90, 0.02],
        [6, 88, 0.02],
        [7, 75],
        [8, 55],
        [9, 45],
        [12, 40],
        [16, 45],
        [18, 65],
        [19, 80],
        [21, 88],
        [23, 90, 0.02],
      ],
    },
    weekend: {
      turnoverPerHour: 0.08,
      points: [
        [0, 90, 0.02],
        [8, 88, 0.02],
        [10, 75],
        [12, 65],
        [15, 60],
        [18, 70],
        [20, 82],
        [23, 90, 0.02],
      ],
    },
  },
};

/** Occupied % and turnover (1/h) of a day profile at local hour `hour`, by linear interpolation. */
export function profileAt(day: DayProfile, hour: number): { percent: number; turnoverPerHour: number } {
  const points = day.points;
  const n = points.length;
  let i = n - 1;
  while (i >= 0 && (points[i] as ProfilePoint)[0] > hour) i--;
  // Before the first point: between the last point (yesterday) and the first one.
  const a = points[i >= 0 ? i : n - 1] as ProfilePoint;
  const b = points[i >= 0 ? (i + 1) % n : 0] as ProfilePoint;
  const aHour = i >= 0 ? a[0] : a[0] - 24;
  const bHour = i >= 0 && i + 1 >= n ? b[0] + 24 : b[0];
  const f = bHour === aHour ? 0 : (hour - aHour) / (bHour - aHour);
  const ta = a[2] ?? day.turnoverPerHour;
  const tb = b[2] ?? day.turnoverPerHour;
  return { percent: a[1] + (b[1] - a[1]) * f, turnoverPerHour: ta + (tb - ta) * f };
}

function readDay(reader: ParameterReader, at: string, raw: unknown): DayProfile {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw reader.error(at, `must be a mapping with turnoverPerHour and points, not ${show(raw)}`);
  const day = raw as Record<string, unknown>;
  const turnover = { min: 0, max: 60, minExclusive: true };
  const turnoverPerHour = checkNumber(reader, `${at}.turnoverPerHour`, day.turnoverPerHour, turnover);
  if (!Array.isArray(day.points) || day.points.length === 0)
    throw reader.error(`${at}.points`, `must be a list of [hour, percent] pairs, not ${show(day.points)}`);
  const points: ProfilePoint[] = [];
  let last = -1;
  day.points.forEach((p, i) => {
    const name = `${at}.points[${i}]`;
    if (!Array.isArray(p) || p.length < 2 || p.length > 3)
      throw reader.error(name, `must be [hour, percent] or [hour, percent, turnoverPerHour], not ${show(p)}`);
    const hour = checkNumber(reader, `${name}[0]`, p[0], { min: 0, max: 23.999 });
    if (hour <= last) throw reader.error(name, `hours must increase through the day (${hour} after ${last})`);
    last = hour;
    const percent = checkNumber(reader, `${name}[1]`, p[1], { min: 0, max: 100 });
    points.push(
      p.length === 3 ? [hour, percent, checkNumber(reader, `${name}[2]`, p[2], turnover)] : [hour, percent],
    );
  });
  return { turnoverPerHour, points };
}

/** The occupancy profiles: the defaults, plus or replaced (whole profiles) by `occupancyProfiles`. */
export function readProfiles(reader: ParameterReader): Record<string, OccupancyProfile> {
  const given = reader.mapping('occupancyProfiles') ?? {};
  const profiles: Record<string, OccupancyProfile> = { ...DEFAULT_PROFILES };
  for (const [name, raw] of Object.entries(given)) {
    const at = `occupancyProfiles.${name}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
      throw reader.error(at, `must be a mapping with weekday and weekend, not ${show(raw)}`);
    const profile = raw as Record<string, unknown>;
    profiles[name] = {
      weekday: readDay(reader, `${at}.weekday`, profile.weekday),
      weekend: readDay(reader, `${at}.weekend`, profile.weekend ?? profile.weekday),
    };
  }
  return profiles;
}
