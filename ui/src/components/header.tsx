// The top bar: site, pages, alarm counts, live link state, the user and logout.
import { useObservable } from '../state/observable';
import { useRoute } from '../state/router';
import { logout } from '../state/session';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { SIA_INTERFACE, useHasInterface } from '../state/site-interfaces';
import { AlarmCounts } from './alarm-counts';
import { LinkIndicator } from './link-indicator';

const PAGES: [string, string][] = [
  ['', 'Overview'],
  ['trends', 'Trends'],
  ['alarms', 'Alarms'],
  ['log', 'Audit & events'],
  ['server', 'Server'],
];

export function Header({ treeOpen, onToggleTree }: { treeOpen: boolean; onToggleTree: () => void }) {
  const site = useSite();
  const { user, role, live } = useSession();
  const link = useObservable(live.link);
  const current = useRoute().parts[0] ?? '';
  // The alarm receiver's page only when the server runs one.
  const hasSia = useHasInterface(SIA_INTERFACE);
  const pages: [string, string][] = hasSia
    ? [...PAGES.slice(0, 4), ['alarm-receiver', 'Alarm receiver'], ...PAGES.slice(4)]
    : PAGES;
  return (
    <header class="top-bar">
      <button
        type="button"
        class="tree-toggle"
        aria-controls="site-tree"
        aria-expanded={treeOpen}
        onClick={onToggleTree}
      >
        ☰ <span class="visually-hidden">Site tree</span>
      </button>
      <a class="brand" href="#/">
        <span class="brand-mark" aria-hidden="true" />
        <span>Pointyard</span>
        <span class="site-name">{site.dis}</span>
      </a>
      <nav aria-label="Pages" class="top-nav">
        {pages.map(([path, label]) => (
          <a key={path} href={`#/${path}`} aria-current={current === path ? 'page' : undefined}>
            {label}
            {path === 'alarms' && <AlarmCounts />}
          </a>
        ))}
      </nav>
      <div class="top-right">
        <LinkIndicator state={link} />
        <span class="user" title={`Logged in as ${user} (${role})`}>
          {user} <span class={`role role-${role}`}>{role}</span>
        </span>
        <button type="button" class="ghost" onClick={() => void logout()}>
          Log out
        </button>
      </div>
    </header>
  );
}
