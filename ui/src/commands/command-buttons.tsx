// A point's command buttons: Write… for a writable point, Run for a momentary action. Disabled, with the
// reason, for a role that may not (viewers; operators for an admin's command, as its `writeRole` says).
import { isMarker, str } from '../api/hayson';
import type { LivePoint } from '../live/live-points';
import { canInvoke, canWrite, canWritePoint } from '../state/role';
import { useSession } from '../state/session-context';

export type CommandKind = 'write' | 'action';

export const commandOf = (p: LivePoint): CommandKind | null =>
  str(p.rec.actionWord) ? 'action' : isMarker(p.rec.writable) ? 'write' : null;

export function CommandButton({ point, onOpen }: { point: LivePoint; onOpen: (kind: CommandKind) => void }) {
  const { role } = useSession();
  const kind = commandOf(point);
  if (!kind) return null;
  const allowed = kind === 'action' ? canInvoke(role) : canWrite(role);
  const pointAllowed = canWritePoint(role, str(point.rec.writeRole));
  const reason = !allowed
    ? `A ${role} cannot ${kind === 'action' ? 'run actions' : 'write'}`
    : pointAllowed
      ? undefined
      : `${point.name} is an admin's command`;
  const label = kind === 'action' ? (str(point.rec.actionWord) ?? 'Run') : 'Write…';
  return (
    <button
      type="button"
      class={kind === 'action' ? 'small action' : 'small'}
      disabled={reason !== undefined}
      title={reason}
      aria-label={`${kind === 'action' ? label : 'Write'} ${point.name}${reason ? ` (${reason})` : ''}`}
      onClick={() => onOpen(kind)}
    >
      {label}
    </button>
  );
}
