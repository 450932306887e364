// Reports and backups in the data folder, newest first, with downloads (backups are listed for admins only).
import { useState } from 'preact/hooks';
import { downloadFile } from '../api/download';
import { readFiles } from '../api/site-ops';
import { formatDateTime } from '../format/time';
import { useSession } from '../state/session-context';
import { useSite } from '../state/site';
import { useAsync, useInterval } from '../state/use-async';

const size = (bytes: number) =>
  bytes >= 1048576
    ? `${(bytes / 1048576).toFixed(1)} MB`
    : bytes >= 1024
      ? `${Math.round(bytes / 1024)} kB`
      : `${bytes} B`;

export function FilesPanel() {
  const { client } = useSession();
  const site = useSite();
  const files = useAsync(() => readFiles(client), [client]);
  useInterval(files.reload, 5000);
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="panel" aria-labelledby="files-title">
      <h2 id="files-title">Backups and reports</h2>
      {(files.error || error) && (
        <p class="error" role="alert">
          {error ?? files.error?.message}
        </p>
      )}
      {files.data?.length === 0 && <p class="muted">No backup or report yet: run one above.</p>}
      {files.data && files.data.length > 0 && (
        <div class="table-scroll">
          <table class="files stack">
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">Written</th>
                <th scope="col">
                  <span class="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {files.data.map((f) => (
                <tr key={`${f.kind}/${f.name}`}>
                  <td>
                    <span class="pill tone-neutral">{f.kind}</span>
                  </td>
                  <th scope="row">
                    <code>{f.name}</code>
                  </th>
                  <td class="nowrap">{size(f.size)}</td>
                  <td class="nowrap">{formatDateTime(f.mtime, site.zone)}</td>
                  <td class="actions">
                    <button
                      type="button"
                      class="small"
                      aria-label={`Download ${f.name}`}
                      onClick={() =>
                        downloadFile(client, f.uri, f.name).catch((err: Error) => setError(err.message))
                      }
                    >
                      Download
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
