// The value to write, in the form the point takes: a number with its allowed range, one of its choices,
// one of its two words, or free text. Out-of-range numbers are not blocked here: the write path says why.
import { type Dict, num, str, unitOf } from '../api/hayson';
import { boolWords, enumChoices, formatNumber } from '../format/value';

/** What the input holds: text as typed (numbers are parsed on send). */
export type Draft = string;

export function allowedText(rec: Dict): string | null {
  const min = num(rec.minVal);
  const max = num(rec.maxVal);
  const unit = str(rec.unit) ?? unitOf(rec.minVal) ?? '';
  if (min === null && max === null) return null;
  return `${min === null ? '−∞' : formatNumber(min)} to ${max === null ? '∞' : formatNumber(max)}${unit ? ` ${unit}` : ''}`;
}

export function ValueInput({
  id,
  rec,
  value,
  onChange,
}: {
  id: string;
  rec: Dict;
  value: Draft;
  onChange: (v: Draft) => void;
}) {
  const kind = str(rec.kind);
  if (kind === 'Bool') {
    const [off, on] = boolWords(rec);
    return (
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="false">{off}</option>
        <option value="true">{on}</option>
      </select>
    );
  }
  const choices = enumChoices(rec);
  if (choices)
    return (
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  if (kind === 'Number') {
    const unit = str(rec.unit);
    return (
      <span class="number-input">
        <input
          id={id}
          type="number"
          step="any"
          inputMode="decimal"
          value={value}
          aria-describedby={`${id}-allowed`}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
        {unit && <span class="unit">{unit}</span>}
      </span>
    );
  }
  return <input id={id} type="text" value={value} onInput={(e) => onChange(e.currentTarget.value)} />;
}
