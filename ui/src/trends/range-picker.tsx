// The trend's range: a few common ones, or dates.
import { RANGE_LABELS, type RangeChoice } from './trend-range';

export function RangePicker(props: {
  choice: RangeChoice;
  from: string | undefined;
  to: string | undefined;
  onChange: (r: { range: RangeChoice; from?: string; to?: string }) => void;
}) {
  const { choice, from, to, onChange } = props;
  const today = new Date().toISOString().slice(0, 10);
  return (
    <div class="range-picker">
      <label for="trend-range">Range</label>
      <select
        id="trend-range"
        value={choice}
        onChange={(e) => {
          const range = e.currentTarget.value as RangeChoice;
          onChange(range === 'dates' ? { range, from: from ?? today, to: to ?? today } : { range });
        }}
      >
        {(Object.keys(RANGE_LABELS) as RangeChoice[]).map((c) => (
          <option key={c} value={c}>
            {RANGE_LABELS[c]}
          </option>
        ))}
      </select>
      {choice === 'dates' && (
        <>
          <label for="trend-from">From</label>
          <input
            id="trend-from"
            type="date"
            value={from ?? today}
            max={to}
            onChange={(e) => onChange({ range: 'dates', from: e.currentTarget.value, to })}
          />
          <label for="trend-to">to</label>
          <input
            id="trend-to"
            type="date"
            value={to ?? today}
            min={from}
            onChange={(e) => onChange({ range: 'dates', from, to: e.currentTarget.value })}
          />
        </>
      )}
    </div>
  );
}
