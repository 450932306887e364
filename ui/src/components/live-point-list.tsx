// Live points in their groups with their commands (write dialog, momentary actions) and trend links: the
// body of a device page and of a watched filter.
import { useState } from 'preact/hooks';
import { isMarker } from '../api/hayson';
import { ActionDialog } from '../commands/action-dialog';
import { CommandButton, type CommandKind } from '../commands/command-buttons';
import { WriteDialog } from '../commands/write-dialog';
import type { LivePoint } from '../live/live-points';
import { useObservable } from '../state/observable';
import { link } from '../state/router';
import { useSession } from '../state/session-context';
import { PointGroups } from './point-groups';

/** Points whose history can be drawn: everything but commands (the server keeps no history for them). */
export const hasHistory = (p: LivePoint): boolean => isMarker(p.rec.his);

export interface OpenCommand {
  kind: CommandKind;
  id: string;
}

export function LivePointList(props: {
  points: LivePoint[];
  focusPoint?: string | undefined;
  /** The device's name, for the action dialog (a list of many devices names each point's). */
  equipName: (p: LivePoint) => string;
  command: OpenCommand | null;
  onCommand: (c: OpenCommand | null) => void;
}) {
  const { points, focusPoint, equipName, command, onCommand } = props;
  const { live } = useSession();
  const linkState = useObservable(live.link);
  const commandPoint = command ? points.find((p) => p.id === command.id) : undefined;
  return (
    <>
      <PointGroups
        points={points}
        linkLost={linkState === 'lost'}
        focusPoint={focusPoint}
        actionsFor={(p) => (
          <>
            <CommandButton point={p} onOpen={(kind) => onCommand({ kind, id: p.id })} />
            {hasHistory(p) && (
              <a class="button small" href={link('trends', { ids: p.id })} aria-label={`Trend ${p.name}`}>
                Trend
              </a>
            )}
          </>
        )}
      />
      {command?.kind === 'write' && commandPoint && (
        <WriteDialog point={commandPoint} onClose={() => onCommand(null)} />
      )}
      {command?.kind === 'action' && commandPoint && (
        <ActionDialog
          point={commandPoint}
          equipName={equipName(commandPoint)}
          onClose={() => onCommand(null)}
        />
      )}
    </>
  );
}

/** The command state of a page with a live point list. */
export function useCommand() {
  return useState<OpenCommand | null>(null);
}
