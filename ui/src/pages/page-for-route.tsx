// Which page a route shows.
import type { Route } from '../state/router';
import { AlarmReceiverPage } from './alarm-receiver-page';
import { AlarmsPage } from './alarms-page';
import { ChargePointPage } from './charge-point-page';
import { DevicePage } from './device-page';
import { EvChargersPage } from './ev-chargers-page';
import { LogPage } from './log-page';
import { NotFoundPage } from './not-found-page';
import { OverviewPage } from './overview-page';
import { PirZonesPage } from './pir-zones-page';
import { PointsPage } from './points-page';
import { ServerPage } from './server-page';
import { TrendsPage } from './trends-page';

export function PageForRoute({ route }: { route: Route }) {
  const [page, arg] = route.parts;
  switch (page) {
    case undefined:
      return <OverviewPage />;
    case 'equip':
      return arg ? (
        <DevicePage key={arg} equipId={arg} focusPoint={route.params.get('point') ?? undefined} />
      ) : (
        <NotFoundPage />
      );
    case 'trends':
      return <TrendsPage />;
    case 'alarms':
      return <AlarmsPage />;
    case 'log':
      return <LogPage />;
    case 'alarm-receiver':
      return <AlarmReceiverPage />;
    case 'server':
      return <ServerPage />;
    case 'ev':
      return arg ? <ChargePointPage key={arg} chargePoint={arg} /> : <EvChargersPage />;
    case 'pir':
      return <PirZonesPage />;
    case 'points':
      return <PointsPage />;
    default:
      return <NotFoundPage />;
  }
}
