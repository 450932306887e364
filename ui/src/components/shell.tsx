// The logged-in layout: header, the site tree beside the page (a drawer on narrow screens), the page.
import { useEffect, useState } from 'preact/hooks';
import { PageForRoute } from '../pages/page-for-route';
import { useObservable } from '../state/observable';
import { pageTitle } from '../state/page-title';
import { useRoute } from '../state/router';
import { useSession } from '../state/session-context';
import { loadSite, SiteContext } from '../state/site';
import { InterfacesContext, loadInterfaceNames } from '../state/site-interfaces';
import { useAsync } from '../state/use-async';
import { Header } from './header';
import { SiteTree } from './site-tree';

export function Shell() {
  const { client, live } = useSession();
  const linkLost = useObservable(live.link) === 'lost';
  const site = useAsync(() => loadSite(client), [client]);
  const interfaces = useAsync(() => loadInterfaceNames(client), [client]);
  const [treeOpen, setTreeOpen] = useState(false);
  const route = useRoute();
  // On a narrow screen the tree is a drawer: it closes once a link in it was followed.
  useEffect(() => setTreeOpen(false), [route]);
  useEffect(() => {
    if (site.data) document.title = pageTitle(route, site.data);
  }, [route, site.data]);
  if (site.error) return <p class="error page-error">Cannot read the site: {site.error.message}</p>;
  if (!site.data) return <p class="loading">Loading the site…</p>;
  return (
    <SiteContext.Provider value={site.data}>
      <InterfacesContext.Provider value={interfaces.data ?? new Set()}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <Header treeOpen={treeOpen} onToggleTree={() => setTreeOpen(!treeOpen)} />
        <div class="layout">
          <aside id="site-tree" class={treeOpen ? 'tree-panel open' : 'tree-panel'} aria-label="Site tree">
            <SiteTree />
          </aside>
          {/* While the link is lost every live figure on the page fades (styles.css: .stale-page), not only tables. */}
          <main id="main" class={linkLost ? 'page stale-page' : 'page'} tabIndex={-1}>
            {linkLost && (
              <p class="link-lost-banner" role="alert">
                Link to the server lost: the values shown are the last received and may be out of date.
              </p>
            )}
            <PageForRoute route={route} />
          </main>
        </div>
      </InterfacesContext.Provider>
    </SiteContext.Provider>
  );
}
