// One PIR detector's page: its card, and a link to every zone.
import { PirCard } from './pir-card';
import type { DashboardProps } from './registry';

export function PirDashboard({ equip, point }: DashboardProps) {
  if (!point('detector-status')) return null;
  return (
    <section class="dashboard pir" aria-label="Detector dashboard">
      <div class="pir-grid single">
        <PirCard equip={equip} point={point} />
      </div>
      <p>
        <a href="#/pir">All PIR zones →</a>
      </p>
    </section>
  );
}
