// The tags of a device's (equip) record that carry its plug-in numbers, each named as the site file's field
// (`modbusUnit`, `bacnetInstance`) and absent when the device has none; and the site record's `numberLabels`,
// the words the web UI shows them with (`{modbusUnit: "Modbus unit"}`).

import { HDict, HNum, HStr } from 'haystack-core';
import type { Device } from '../../site/model.js';
import type { SitePlugin } from '../../site/site-plugin.js';

export function numberTags(
  device: Pick<Device, 'numbers'>,
  plugins: readonly SitePlugin[],
): Record<string, HNum> {
  const tags: Record<string, HNum> = {};
  for (const { name, numbering } of plugins) {
    const n = device.numbers[name];
    if (numbering && n !== undefined && n !== null) tags[numbering.field] = HNum.make(n);
  }
  return tags;
}

export function numberLabels(plugins: readonly SitePlugin[]): { numberLabels?: HDict } {
  const labels = plugins.flatMap(({ numbering }) =>
    numbering ? [[numbering.field, HStr.make(numbering.what)]] : [],
  );
  return labels.length === 0 ? {} : { numberLabels: HDict.make(Object.fromEntries(labels)) };
}
