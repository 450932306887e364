// Writing a command point: the value (with its allowed range or choices), the priority level, an optional
// timed override, the current priority array with who wrote each level, and relinquish. A refused write
// shows the write path's own message.
import { useEffect, useState } from 'preact/hooks';
import { HaystackError } from '../api/client';
import { type HVal, num, str } from '../api/hayson';
import { enumChoices, formatValue } from '../format/value';
import type { LivePoint } from '../live/live-points';
import { currentValue, recOf } from '../live/live-points';
import { canWrite } from '../state/role';
import { useSession } from '../state/session-context';
import { levelLabel, TIMED_LEVEL, writableLevels } from './levels';
import { Modal } from './modal';
import { type PriorityArray, readPriorityArray, writePoint } from './point-commands';
import { PriorityArrayTable } from './priority-array-table';
import { allowedText, type Draft, ValueInput } from './value-input';

const DURATIONS: [number, string][] = [
  [0, 'until relinquished'],
  [15, '15 min'],
  [60, '1 h'],
  [240, '4 h'],
  [480, '8 h'],
];

/** The value a draft stands for, as the write path takes it (it parses numeric text itself). */
function valueOfDraft(draft: Draft, kind: string | null): HVal {
  if (kind === 'Bool') return draft === 'true';
  if (kind === 'Number') {
    const n = Number(draft.replace(',', '.'));
    return draft.trim() !== '' && Number.isFinite(n) ? n : draft;
  }
  return draft;
}

function draftOf(val: HVal | undefined): Draft {
  if (val === undefined || val === null) return '';
  if (typeof val === 'boolean') return String(val);
  const n = num(val);
  if (n !== null) return String(n);
  return typeof val === 'string' ? val : '';
}

export function WriteDialog({ point, onClose }: { point: LivePoint; onClose: () => void }) {
  const { client, role } = useSession();
  const rec = recOf(point);
  const kind = str(rec.kind);
  const levels = writableLevels(role);
  const [draft, setDraft] = useState<Draft>(draftOf(rec.writeVal ?? currentValue(point)));
  const [level, setLevel] = useState(levels.includes(TIMED_LEVEL) ? TIMED_LEVEL : (levels[0] ?? 16));
  const [duration, setDuration] = useState(0);
  const [array, setArray] = useState<PriorityArray | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = () =>
    readPriorityArray(client, point.id).then(setArray, (err: Error) => setError(err.message));
  useEffect(() => {
    void reload();
  }, [point.id]);

  const send = async (lvl: number, val: HVal, durationMin: number | null, what: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await writePoint(client, { id: point.id, level: lvl, val, durationMin });
      setDone(what);
      await reload();
    } catch (err) {
      setError(err instanceof HaystackError ? `Refused: ${err.message}` : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const val = valueOfDraft(draft, kind);
    const minutes = level === TIMED_LEVEL && duration > 0 ? duration : null;
    void send(
      level,
      val,
      minutes,
      `Wrote ${formatValue(val, rec)} at level ${level}${minutes ? ` for ${minutes} min` : ''}.`,
    );
  };

  const allowed = allowedText(rec);
  const choices = enumChoices(rec);
  return (
    <Modal title={`Write ${point.name}`} onClose={onClose} wide>
      <form class="write-form" onSubmit={submit} noValidate>
        <p class="now">
          {/* The priority array's value in force is the freshest after a write (the watch follows within a second). */}
          Now <strong>{formatValue(array ? array.writeVal : currentValue(point), rec)}</strong>
          {array?.writeLevel != null && (
            <span class="muted">
              {' '}
              · in force at {array.writeLevel === 17 ? 'the default' : `level ${array.writeLevel}`}
            </span>
          )}
        </p>
        <div class="field">
          <label for="write-value">Value</label>
          <ValueInput id="write-value" rec={rec} value={draft} onChange={setDraft} />
          <span id="write-value-allowed" class="hint">
            {allowed
              ? `Allowed: ${allowed}`
              : choices
                ? `Choices: ${choices.join(', ')}`
                : kind === 'Str'
                  ? 'Free text: the device decides what it accepts.'
                  : ''}
          </span>
        </div>
        <div class="field">
          <label for="write-level">Priority level</label>
          <select id="write-level" value={level} onChange={(e) => setLevel(Number(e.currentTarget.value))}>
            {levels.map((l) => (
              <option key={l} value={l}>
                {levelLabel(l)}
              </option>
            ))}
          </select>
          <span class="hint">
            Level 1 is the most urgent. {role === 'operator' ? 'Operators write at 8 to 16.' : ''}
          </span>
        </div>
        {level === TIMED_LEVEL && (
          <div class="field">
            <label for="write-duration">Override</label>
            <select
              id="write-duration"
              value={duration}
              onChange={(e) => setDuration(Number(e.currentTarget.value))}
            >
              {DURATIONS.map(([m, label]) => (
                <option key={m} value={m}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {done && <output class="success">{done}</output>}
        <div class="buttons">
          <button type="submit" class="primary" disabled={busy}>
            Write
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() => void send(level, null, null, `Relinquished level ${level}.`)}
          >
            Relinquish level {level}
          </button>
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </form>
      {array && (
        <PriorityArrayTable
          array={array}
          rec={rec}
          busy={busy}
          canRelinquish={(l) => canWrite(role, l)}
          onRelinquish={(l) => void send(l, null, null, `Relinquished level ${l}.`)}
        />
      )}
    </Modal>
  );
}
