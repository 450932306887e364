// The value to write, in the form the point takes: a number with its allowed range, one of its choices,
// one of its two words, or free text. Numbers are typed as text (a decimal comma is a decimal separator,
// which a number field would drop in some browsers and locales), read by number-draft.ts.
import { type Dict, num, str, unitOf } from '../api/hayson';
import { boolWords, enumChoices, formatNumber, unitOfRecord } from '../format/value';

/** What the input holds: text as typed (numbers are parsed on send). */
export type Draft = string;

export function allowedText(rec: Dict): string | null {
  const min = num(rec.minVal);
  const max = num(rec.maxVal);
  const unit = unitOfRecord(rec) ?? unitOf(rec.minVal) ?? '';
  if (min === null && max === null) return null;
  return `${min === null ? '−∞' : formatNumber(min)} to ${max === null ? '∞' : formatNumber(max)}${unit ? ` ${unit}` : ''}`;
}

export function ValueInput({
  id,
  rec,
  value,
  onChange,
  invalid = false,
}: {
  id: string;
  rec: Dict;
  value: Draft;
  onChange: (v: Draft) => void;
  /** The typed number cannot be written (not a number, out of range): marked for assistive technology. */
  invalid?: boolean;
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
    const unit = unitOfRecord(rec);
    return (
      <span class="number-input">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellcheck={false}
          value={value}
          aria-invalid={invalid}
          aria-describedby={`${id}-allowed ${id}-parsed`}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
        {unit && <span class="unit">{unit}</span>}
      </span>
    );
  }
  return <input id={id} type="text" value={value} onInput={(e) => onChange(e.currentTarget.value)} />;
}
