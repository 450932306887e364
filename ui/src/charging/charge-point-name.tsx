// A charge point as the tables name it: its device's name linked to the device page when it is a device's,
// and a link to its own page (message log, sessions, remote start).
import { link } from '../state/router';
import { useSite } from '../state/site';
import { deviceOfChargePoint } from './charge-point-device';

export function ChargePointName({ chargePoint }: { chargePoint: string }) {
  const site = useSite();
  const device = deviceOfChargePoint(site, chargePoint);
  return (
    <span class="charge-point-name">
      <a href={link('ev', chargePoint)} title={`Charge point ${chargePoint}: messages and sessions`}>
        {chargePoint}
      </a>
      {device && (
        <>
          {' · '}
          <a href={link('equip', device.id)}>{device.dis}</a>
        </>
      )}
    </span>
  );
}
