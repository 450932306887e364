// A dashboard's button for a point's command (Change setpoint…, Legionella cycle…): like the point's own
// Write…/action button, disabled with the reason for a role that may not, so a viewer is never offered it.
import type { ComponentChildren } from 'preact';
import { commandOf } from '../commands/command-buttons';
import type { LivePoint } from '../live/live-points';
import { canInvoke, canWrite } from '../state/role';
import { useSession } from '../state/session-context';

export function DashboardCommand(props: {
  point: LivePoint | undefined;
  onOpen: () => void;
  children: ComponentChildren;
}) {
  const { role } = useSession();
  const kind = props.point ? commandOf(props.point) : null;
  if (!kind) return null;
  const allowed = kind === 'action' ? canInvoke(role) : canWrite(role);
  const reason = allowed ? undefined : `A ${role} cannot ${kind === 'action' ? 'run actions' : 'write'}`;
  return (
    <button type="button" disabled={!allowed} title={reason} onClick={props.onOpen}>
      {props.children}
    </button>
  );
}
