// A synthetic points list of any size in the user's format, for benchmarks.

/** `n` points split evenly between sensors, commands and status points, a third of them mapped. */
export function syntheticPointsList(n: number): string {
  const third = Math.max(1, Math.floor(n / 3));
  const sensors = Array.from(
    { length: third },
    (_, i) => `| Sensor ${i} | sensor-temp-point | °C | -25 à +50°C | 30s | Température ${i} |`,
  );
  const commands = Array.from({ length: third }, (_, i) =>
    i % 2 === 0
      ? `| Command ${i} | cmd-sp-point | % | 0-100 | Analog | Consigne ${i} |`
      : `| Command ${i} | cmd-point | - | ON/OFF | Binaire | Marche ${i} |`,
  );
  const statuses = Array.from(
    { length: third },
    (_, i) => `| Status ${i} | status-point | Enum | OK/WARNING/FAULT | État ${i} |`,
  );
  const mappings = Array.from({ length: third }, (_, i) => `| Sensor ${i} | AI${i} | ${30001 + i} |`);
  return [
    '# Points de Synthetic Device',
    '## Synthèse',
    `- **Total points mesure** : ${third}`,
    `- **Total points commande** : ${third}`,
    `- **Total points état** : ${third}`,
    '## Points de Mesure (Capteurs)',
    '| Point | Tag Haystack | Unité | Plage Typique | Fréquence | Description |',
    '|---|---|---|---|---|---|',
    ...sensors,
    '## Points de Commande (Actionneurs/Consignes)',
    '| Point | Tag Haystack | Unité | Plage | Type | Description |',
    '|---|---|---|---|---|---|',
    ...commands,
    "## Points d'État",
    '| Point | Tag Haystack | Type | Valeurs | Description |',
    '|---|---|---|---|---|',
    ...statuses,
    '## Mappings Protocoles',
    '| Point | BACnet Object | Modbus Register |',
    '|---|---|---|',
    ...mappings,
  ].join('\n');
}
