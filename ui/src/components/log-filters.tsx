// Filters of the audit trail and the event log: device, a text filter (user or kind), time range, how many.
import { useSite } from '../state/site';

export interface LogFilterValues {
  equip: string;
  text: string;
  range: string;
  limit: number;
}

export const LOG_RANGES: [string, string][] = [
  ['', 'Any time'],
  ['today', 'Today'],
  ['yesterday', 'Yesterday'],
];

export function LogFilters(props: {
  value: LogFilterValues;
  textLabel: string;
  textOptions?: string[];
  onChange: (v: LogFilterValues) => void;
}) {
  const { value, textLabel, textOptions, onChange } = props;
  const site = useSite();
  const set = (patch: Partial<LogFilterValues>) => onChange({ ...value, ...patch });
  return (
    <form class="log-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label for="log-equip">Device</label>
        <select id="log-equip" value={value.equip} onChange={(e) => set({ equip: e.currentTarget.value })}>
          <option value="">All devices</option>
          {site.equips.map((e) => (
            <option key={e.id} value={e.id}>
              {e.dis}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="log-text">{textLabel}</label>
        <input
          id="log-text"
          list={textOptions ? 'log-text-options' : undefined}
          value={value.text}
          onChange={(e) => set({ text: e.currentTarget.value.trim() })}
        />
        {textOptions && (
          <datalist id="log-text-options">
            {textOptions.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        )}
      </div>
      <div>
        <label for="log-range">When</label>
        <select id="log-range" value={value.range} onChange={(e) => set({ range: e.currentTarget.value })}>
          {LOG_RANGES.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label for="log-limit">Show</label>
        <select
          id="log-limit"
          value={value.limit}
          onChange={(e) => set({ limit: Number(e.currentTarget.value) })}
        >
          {[50, 200, 1000].map((n) => (
            <option key={n} value={n}>
              {n} newest
            </option>
          ))}
        </select>
      </div>
    </form>
  );
}
