// The nodes sharing this site (the `cluster` op), read again every 2 s, shown only on a node of a cluster:
// each node's state (live, draining, stopped, lost), heartbeat age, devices (the list collapsed) and the
// node-wide roles it plays (publishing to an external MQTT broker, the SIA transmitter…), this
// node marked, this node's change-feed lag; admins may drain this node or take it back.
import { useState } from 'preact/hooks';
import { type ClusterNodeRow, type ClusterState, drainThisNode, readCluster } from '../api/cluster-ops';
import { useSession } from '../state/session-context';
import { useAsync, useInterval } from '../state/use-async';

const REFRESH_MS = 2000;

/** A node's state in a word, and its tone. */
function stateOf(n: ClusterNodeRow): [string, string] {
  if (n.draining) return ['draining', 'warning'];
  if (n.stopped) return ['stopped', 'neutral'];
  return n.live ? ['live', 'ok'] : ['lost', 'alarm'];
}

const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);

function NodeRow({ node, cluster }: { node: ClusterNodeRow; cluster: ClusterState }) {
  const [state, tone] = stateOf(node);
  const devices = cluster.leases.filter((l) => l.owner === node.name).map((l) => l.device);
  return (
    <tr data-node={node.name}>
      <th scope="row">
        {node.name}
        {node.self && <span class="pill tone-active"> this node</span>}
      </th>
      <td>
        <span class={`pill tone-${tone}`} data-fact="state">
          {state}
        </span>
      </td>
      <td data-fact="heartbeat">{seconds(node.heartbeatAgeMs)}</td>
      <td>
        <details>
          <summary data-fact="devices">
            {node.devices} {node.devices === 1 ? 'device' : 'devices'}
          </summary>
          <ul class="cluster-devices">
            {devices.map((d) => (
              <li key={d}>{d}</li>
            ))}
          </ul>
        </details>
      </td>
      <td data-fact="roles">{node.roles.length === 0 ? '—' : node.roles.join(', ')}</td>
    </tr>
  );
}

export function ClusterPanel() {
  const { client, role } = useSession();
  const cluster = useAsync(() => readCluster(client), [client]);
  useInterval(cluster.reload, REFRESH_MS);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const state = cluster.data;
  if (!state) return null;
  const self = state.nodes.find((n) => n.self);
  const unowned = state.leases.filter((l) => l.owner === null).length;
  const drain = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await drainThisNode(client, on);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
      cluster.reload();
    }
  };
  return (
    <section class="panel" aria-labelledby="cluster-title">
      <h2 id="cluster-title">Cluster</h2>
      {!state.databaseReachable && (
        <p class="tone-alarm" role="alert">
          The database does not answer: these are the last values read.
        </p>
      )}
      <p class="muted">
        <span data-fact="feed-lag">Change feed lag: {seconds(state.feedLagMs)}</span>
        {' · '}
        <span data-fact="unowned">
          {unowned === 0 ? 'every device has an owner' : `${unowned} without an owner`}
        </span>
      </p>
      <table class="log cluster-nodes">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">State</th>
            <th scope="col">Heartbeat</th>
            <th scope="col">Devices</th>
            <th scope="col">Roles</th>
          </tr>
        </thead>
        <tbody>
          {state.nodes.map((n) => (
            <NodeRow key={n.name} node={n} cluster={state} />
          ))}
        </tbody>
      </table>
      {role === 'admin' && self && (
        <p>
          <button type="button" disabled={busy} onClick={() => drain(!self.draining)}>
            {self.draining ? 'Take this node back' : 'Drain this node'}
          </button>
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
