// Writing a command point: the value (with its allowed range or choices), the priority level, an optional
// timed override, the current priority array with who wrote each level, and relinquish. A number is read
// as typed (`2,5` is 2.5), repeated with its unit and checked against its range before it is sent; a write
// at levels 1–7 (above the operators' level) asks for confirmation. A refused write shows the write path's
// own message; while the link to the server is lost, nothing can be sent.
import { useEffect, useState } from 'preact/hooks';
import { type HVal, num, str } from '../api/hayson';
import { enumChoices, formatValue } from '../format/value';
import type { LivePoint } from '../live/live-points';
import { currentValue, recOf } from '../live/live-points';
import { useObservable } from '../state/observable';
import { canWrite } from '../state/role';
import { useSession } from '../state/session-context';
import { failureText, LINK_LOST } from './failure-text';
import { levelLabel, TIMED_LEVEL, writableLevels } from './levels';
import { Modal } from './modal';
import { parseNumberDraft } from './number-draft';
import { type PriorityArray, readPriorityArray, writePoint } from './point-commands';
import { PriorityArrayTable } from './priority-array-table';
import { outOfRange } from './range-check';
import { allowedText, type Draft, ValueInput } from './value-input';

const DURATIONS: [number, string][] = [
  [0, 'until relinquished'],
  [15, '15 min'],
  [60, '1 h'],
  [240, '4 h'],
  [480, '8 h'],
];

function draftOf(val: HVal | undefined): Draft {
  if (val === undefined || val === null) return '';
  if (typeof val === 'boolean') return String(val);
  const n = num(val);
  if (n !== null) return String(n);
  return typeof val === 'string' ? val : '';
}

interface Pending {
  level: number;
  val: HVal;
  minutes: number | null;
  what: string;
}

export function WriteDialog({ point, onClose }: { point: LivePoint; onClose: () => void }) {
  const { client, role, live } = useSession();
  const linkLost = useObservable(live.link) === 'lost';
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
  /** A write at levels 1–7 waiting for its confirmation. */
  const [confirming, setConfirming] = useState<Pending | null>(null);

  const reload = () =>
    readPriorityArray(client, point.id).then(setArray, (err: unknown) =>
      // Reading sends nothing: without an answer, the link is lost.
      setError(err instanceof TypeError ? LINK_LOST : (err as Error).message),
    );
  useEffect(() => {
    void reload();
  }, [point.id]);

  const send = async (lvl: number, val: HVal, durationMin: number | null, what: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    setConfirming(null);
    try {
      await writePoint(client, { id: point.id, level: lvl, val, durationMin });
      setDone(what);
      // The page's badge of the level in force follows now, even when the value in force did not change.
      await Promise.all([reload(), live.refresh([point.id]).catch(() => {})]);
    } catch (err) {
      setError(failureText(err, 'write'));
    } finally {
      setBusy(false);
    }
  };

  const parsed = kind === 'Number' ? parseNumberDraft(draft) : null;
  const problem = parsed ? (parsed.ok ? outOfRange(parsed.value, rec, point.name) : parsed.message) : null;
  const value: HVal = parsed?.ok ? parsed.value : kind === 'Bool' ? draft === 'true' : draft;

  const submit = (event: Event) => {
    event.preventDefault();
    if (linkLost) return setError(LINK_LOST);
    if (problem) return setError(problem);
    const minutes = level === TIMED_LEVEL && duration > 0 ? duration : null;
    const what = `Wrote ${formatValue(value, rec)} at level ${level}${minutes ? ` for ${minutes} min` : ''}.`;
    const pending = { level, val: value, minutes, what };
    if (level < TIMED_LEVEL) {
      setError(null);
      setDone(null);
      return setConfirming(pending);
    }
    void send(pending.level, pending.val, pending.minutes, pending.what);
  };

  const edit = (change: () => void) => {
    change();
    setConfirming(null);
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
          <ValueInput
            id="write-value"
            rec={rec}
            value={draft}
            invalid={problem !== null && draft.trim() !== ''}
            onChange={(v) => edit(() => setDraft(v))}
          />
          <span id="write-value-allowed" class="hint">
            {allowed
              ? `Allowed: ${allowed}`
              : choices
                ? `Choices: ${choices.join(', ')}`
                : kind === 'Str'
                  ? 'Free text: the device decides what it accepts.'
                  : ''}
          </span>
          {/* The number as it will be sent, with its unit: `2,5` reads "Will write 2.5 mm". */}
          <output id="write-value-parsed" class={problem ? 'parsed problem' : 'parsed'} for="write-value">
            {parsed ? (problem ?? `Will write ${formatValue(value, rec)}`) : ''}
          </output>
        </div>
        <div class="field">
          <label for="write-level">Priority level</label>
          <select
            id="write-level"
            value={level}
            onChange={(e) => edit(() => setLevel(Number(e.currentTarget.value)))}
          >
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
              onChange={(e) => edit(() => setDuration(Number(e.currentTarget.value)))}
            >
              {DURATIONS.map(([m, label]) => (
                <option key={m} value={m}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        )}
        {linkLost && <output class="warning">{LINK_LOST}</output>}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {done && <output class="success">{done}</output>}
        {confirming ? (
          <fieldset class="confirm-write">
            <legend>Confirm level {confirming.level}</legend>
            <p>
              Level {confirming.level} is above the operators' level 8: it overrides every write at levels{' '}
              {confirming.level + 1} to 16 and stays until relinquished. Write{' '}
              <strong>{formatValue(confirming.val, rec)}</strong> at level {confirming.level}?
            </p>
            <div class="buttons">
              <button
                type="button"
                class="primary"
                disabled={busy || linkLost}
                onClick={() =>
                  void send(confirming.level, confirming.val, confirming.minutes, confirming.what)
                }
              >
                Confirm write at level {confirming.level}
              </button>
              <button type="button" onClick={() => setConfirming(null)}>
                Back
              </button>
            </div>
          </fieldset>
        ) : (
          <div class="buttons">
            <button type="submit" class="primary" disabled={busy || linkLost}>
              Write
            </button>
            <button
              type="button"
              disabled={busy || linkLost}
              onClick={() => void send(level, null, null, `Relinquished level ${level}.`)}
            >
              Relinquish level {level}
            </button>
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        )}
      </form>
      {array && (
        <PriorityArrayTable
          array={array}
          rec={rec}
          busy={busy || linkLost}
          canRelinquish={(l) => canWrite(role, l)}
          onRelinquish={(l) => void send(l, null, null, `Relinquished level ${l}.`)}
          onExpired={() => void reload()}
        />
      )}
    </Modal>
  );
}
