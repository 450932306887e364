// Downloads a file of the API (`/api/file/…`) with the session's token: a plain link would carry none, so
// the file is fetched, then saved from a blob.
import type { HaystackClient } from './client';

/** The `filename` of a Content-Disposition header, or null. */
export function filenameOf(disposition: string | null): string | null {
  const match = /filename="([^"]+)"/.exec(disposition ?? '') ?? /filename=([^;\s]+)/.exec(disposition ?? '');
  return match?.[1] ?? null;
}

export async function downloadFile(client: HaystackClient, uri: string, name: string): Promise<void> {
  // `/api/file/…` is relative to the API, which may sit under a prefix (a reverse proxy): keep the client's.
  const url = uri.startsWith('/api/') ? `${client.base}/${uri.slice('/api/'.length)}` : uri;
  const res = await fetch(url, {
    headers: { Authorization: `BEARER authToken=${client.token}` },
    cache: 'no-store',
  });
  if (!res.ok) throw new Error(`Download failed: HTTP ${res.status} ${(await res.text()).trim()}`);
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  // The server's name for it (a backup's names its folder: `2026-01-05T10-30-00Z-pointyard.db`).
  a.download = filenameOf(res.headers.get('content-disposition')) ?? name.replaceAll('/', '-');
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
