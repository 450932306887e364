// Hash routes (`#/equip/<id>?point=…`): the server serves one index.html, and links work after a reload.
import { Observable, useObservable } from './observable';

export interface Route {
  /** Path segments after `#/`, decoded: `#/equip/a.b` → ['equip', 'a.b']. */
  parts: string[];
  params: URLSearchParams;
}

function parse(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  return {
    parts: path.split('/').filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(q < 0 ? '' : text.slice(q + 1)),
  };
}

export const route = new Observable<Route>(parse(window.location.hash));
window.addEventListener('hashchange', () => route.set(parse(window.location.hash)));

export const useRoute = (): Route => useObservable(route);

/** `href` for a route: `link('equip', id)` → `#/equip/<id>`, with optional query parameters. */
export function link(...parts: (string | Record<string, string | undefined>)[]): string {
  const params = new URLSearchParams();
  const path: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string') path.push(encodeURIComponent(part));
    else for (const [k, v] of Object.entries(part)) if (v !== undefined && v !== '') params.set(k, v);
  }
  const query = params.toString();
  return `#/${path.join('/')}${query ? `?${query}` : ''}`;
}

export function navigate(href: string, replace = false): void {
  if (replace) {
    window.history.replaceState(null, '', href);
    route.set(parse(window.location.hash));
  } else window.location.hash = href.replace(/^#/, '');
}
