// Which interfaces the server runs, read once per session: pages and nav entries that only make sense with
// one of them (the alarm receiver with `sia`) ask here.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { HaystackClient } from '../api/client';
import { readInterfaces } from '../api/interface-ops';

/** The names of the running interfaces (`haystack`, `sia`…); empty when they cannot be read. */
export async function loadInterfaceNames(client: HaystackClient): Promise<ReadonlySet<string>> {
  try {
    return new Set((await readInterfaces(client)).map((i) => i.name));
  } catch {
    return new Set();
  }
}

export const InterfacesContext = createContext<ReadonlySet<string>>(new Set());

/** True when the server runs the interface `name`. */
export const useHasInterface = (name: string): boolean => useContext(InterfacesContext).has(name);

/** The SIA DC-09 plug-in's interface: the alarm receiver. */
export const SIA_INTERFACE = 'sia';
