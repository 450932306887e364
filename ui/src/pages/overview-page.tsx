// The site at a glance: each piece of equipment with a link to its page.
import { link } from '../state/router';
import { useSite } from '../state/site';

export function OverviewPage() {
  const site = useSite();
  return (
    <article aria-labelledby="overview-title">
      <header class="page-header">
        <div>
          <h1 id="overview-title">{site.dis}</h1>
          {typeof site.rec.geoAddr === 'string' && <p class="muted">{site.rec.geoAddr}</p>}
        </div>
      </header>
      <section class="panel">
        <h2>Equipment</h2>
        <ul class="equip-list">
          {site.equips.map((e) => (
            <li key={e.id}>
              <a href={link('equip', e.id)}>{e.dis}</a> <span class="muted">{e.profile}</span>
            </li>
          ))}
        </ul>
      </section>
    </article>
  );
}
