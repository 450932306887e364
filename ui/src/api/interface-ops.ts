// `interfaces` (docs/haystack.md): the interfaces the server runs now, each with what it says of itself.
import type { HaystackClient } from './client';
import { type Dict, str } from './hayson';

export interface InterfaceRow {
  /** The plug-in's key (`mqtt`) and its title for people (`MQTT`). */
  name: string;
  title: string;
  /** A URL, a `host:port`, or the broker MQTT publishes to. */
  address: string;
  /** Its status (a Dict, nested), or null when it reports none. */
  status: Dict | null;
}

const isDict = (v: unknown): v is Dict =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !('_kind' in v);

export async function readInterfaces(client: HaystackClient): Promise<InterfaceRow[]> {
  const grid = await client.op('interfaces');
  return grid.rows.map((row) => ({
    name: str(row.name) ?? '',
    title: str(row.title) ?? str(row.name) ?? '',
    address: str(row.address) ?? '',
    status: isDict(row.status) ? row.status : null,
  }));
}
