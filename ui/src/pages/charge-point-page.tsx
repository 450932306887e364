// One OCPP charge point (`#/ev/<chargePointId>`): its device when it is a site device's, remote start, its
// sessions with Stop, and its message log, live.
import { useBackendStatus } from '../charging/backend-status';
import { deviceOfChargePoint } from '../charging/charge-point-device';
import { MessageLog } from '../charging/message-log';
import { RemoteStartForm } from '../charging/remote-start-form';
import { SessionsTable } from '../charging/sessions-table';
import { link } from '../state/router';
import { useSite } from '../state/site';

export function ChargePointPage({ chargePoint }: { chargePoint: string }) {
  const site = useSite();
  const backend = useBackendStatus();
  const device = deviceOfChargePoint(site, chargePoint);
  return (
    <article aria-labelledby="charge-point-title">
      <header class="page-header">
        <div>
          <h1 id="charge-point-title">Charge point {chargePoint}</h1>
          <p class="muted">
            <a href={link('ev')}>EV chargers</a>
            {device ? (
              <>
                {' · '}
                <a href={link('equip', device.id)}>{device.dis}</a>
              </>
            ) : (
              ' · not a device of this site'
            )}
          </p>
        </div>
      </header>
      <section class="panel" aria-labelledby="cp-sessions-title">
        <h2 id="cp-sessions-title">Sessions</h2>
        <SessionsTable chargePoint={chargePoint} backend={backend} />
        <RemoteStartForm chargePoint={chargePoint} />
      </section>
      <section class="panel" aria-labelledby="cp-messages-title">
        <h2 id="cp-messages-title">OCPP messages</h2>
        <MessageLog chargePoint={chargePoint} />
      </section>
    </article>
  );
}
