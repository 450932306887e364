// `cluster` and `clusterDrain` (Pointyard's own): the nodes sharing this site as this node's cluster view last
// read them (one row per node, with the node-wide roles it plays; with `devices`, one row per device lease
// after them, then one row per role lease: roles are never counted as devices), and the drain of this
// node (admins only). A Pointyard alone answers an empty grid with meta `cluster: false`. docs/haystack.md.

import { HBool, HDict, HMarker, HNum, HStr, type HVal } from 'haystack-core';
import type { ClusterSnapshot, ClusterView } from '../../../runtime/services/cluster-view.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow } from './request-params.js';

const NODE_COLUMNS = ['name', 'self', 'live', 'draining', 'stopped', 'heartbeatAge', 'devices', 'roles'];
const DEVICE_COLUMNS = ['device', 'owner', 'token', 'expiresIn', 'role'];

const ms = (value: number) => HNum.make(value, 'ms');

function meta(view: ClusterView | null, snapshot: ClusterSnapshot | null): Record<string, HVal> {
  if (view === null) return { cluster: HBool.make(false) };
  const tags: Record<string, HVal> = {
    cluster: HBool.make(true),
    node: HStr.make(view.node),
    leaseTime: ms(view.leaseMs),
  };
  if (snapshot !== null) {
    tags.databaseReachable = HBool.make(snapshot.databaseReachable);
    tags.readAgo = ms(Math.max(0, Date.now() - snapshot.at));
    if (snapshot.feedLagMs !== null) tags.feedLag = ms(snapshot.feedLagMs);
  }
  return tags;
}

function nodeRows(snapshot: ClusterSnapshot): HDict[] {
  return snapshot.nodes.map((n) =>
    HDict.make({
      name: HStr.make(n.name),
      ...(n.self ? { self: HMarker.make() } : {}),
      live: HBool.make(n.live),
      draining: HBool.make(n.draining),
      stopped: HBool.make(n.stopped),
      heartbeatAge: ms(n.heartbeatAgeMs),
      devices: HNum.make(n.devices.length),
      ...(n.roles?.length ? { roles: HStr.make(n.roles.join(',')) } : {}),
    }),
  );
}

/** One row per node-wide role: `role`, `owner` (absent while nobody plays it), `token`, `expiresIn`. */
function roleRows(snapshot: ClusterSnapshot): HDict[] {
  return (snapshot.roles ?? []).map((r) => {
    const tags: Record<string, HVal> = { role: HStr.make(r.role), token: HNum.make(r.token) };
    if (r.owner !== null) tags.owner = HStr.make(r.owner);
    if (r.expiresInMs !== null) tags.expiresIn = ms(r.expiresInMs);
    return HDict.make(tags);
  });
}

function deviceRows(snapshot: ClusterSnapshot): HDict[] {
  return snapshot.devices.map((d) => {
    const tags: Record<string, HVal> = { device: HStr.make(d.device), token: HNum.make(d.token) };
    if (d.owner !== null) tags.owner = HStr.make(d.owner);
    if (d.expiresInMs !== null) tags.expiresIn = ms(d.expiresInMs);
    return HDict.make(tags);
  });
}

/** The grid of the cluster now: node rows, and the device rows after them when `devices`. */
function clusterGrid(view: ClusterView | null, devices: boolean) {
  const snapshot = view?.snapshot() ?? null;
  if (view === null || snapshot === null) return tableGrid(NODE_COLUMNS, [], meta(view, snapshot));
  const rows = devices
    ? [...nodeRows(snapshot), ...deviceRows(snapshot), ...roleRows(snapshot)]
    : nodeRows(snapshot);
  return tableGrid(devices ? [...NODE_COLUMNS, ...DEVICE_COLUMNS] : NODE_COLUMNS, rows, meta(view, snapshot));
}

/** A flag of the request: absent, a Marker or a Bool; anything else is an error. */
function flag(ctx: OpContext, op: string, name: string): boolean | null {
  const value = firstRow(ctx)?.get(name);
  if (value === undefined || value === null) return null;
  if (value instanceof HMarker) return true;
  if (value instanceof HBool) return value.value;
  throw new OpError(`${op}: ${name} must be a Bool, not ${value.toZinc()}`);
}

export const clusterOp: Op = {
  name: 'cluster',
  noSideEffects: true,
  doc: 'The nodes sharing this site (name, self, live, draining, stopped, heartbeatAge, devices, roles); devices: also one row per device lease (device, owner, token, expiresIn), then one per role (role, owner, token, expiresIn)',
  run(ctx) {
    const devices = flag(ctx, 'cluster', 'devices') ?? false;
    return clusterGrid(ctx.services.cluster.get(), devices);
  },
};

export const clusterDrainOp: Op = {
  name: 'clusterDrain',
  noSideEffects: false,
  needs: 'admin',
  doc: 'Drains this node (on: true: its devices go to the other nodes) or takes it back (on: false)',
  async run(ctx) {
    const on = flag(ctx, 'clusterDrain', 'on');
    if (on === null)
      throw new OpError('clusterDrain: say on: true (drain this node) or on: false (take it back)');
    const view = ctx.services.cluster.get();
    if (view === null) throw new OpError('clusterDrain: this Pointyard is no node of a cluster');
    try {
      await view.drain(on);
    } catch (err) {
      throw new OpError(`clusterDrain: ${(err as Error).message}`);
    }
    return clusterGrid(view, false);
  },
};
