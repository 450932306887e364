// `npm run bench`: runs every benchmark group on this machine and writes docs/benchmarks.json and the table
// in docs/benchmarks.md. Figures are measured on the machine that runs this; compare figures of one run.
// `npm run bench -- history 'Modbus TCP'` runs only the groups whose names contain one of the words (case
// ignored) and replaces just their figures, keeping the others from the last full run.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { alarmReportsBench } from './alarm-reports.bench.js';
import { alarmReportsPostgresBench } from './alarm-reports-postgres.bench.js';
import { auditScaleBench } from './audit-scale.bench.js';
import { bacnetBench } from './bacnet.bench.js';
import { bacnetCodecBench } from './bacnet-codec.bench.js';
import { behavioursBench } from './behaviours.bench.js';
import { clusterFailoverBench } from './cluster-failover.bench.js';
import { clusterFeedBench } from './cluster-feed.bench.js';
import { clusterScaleBench } from './cluster-scale.bench.js';
import { clusterSharingBench } from './cluster-sharing.bench.js';
import type { Figure } from './harness.js';
import { haystackBench } from './haystack.bench.js';
import { historyBench } from './history.bench.js';
import { historyCodecBench } from './history-codec.bench.js';
import { historyDurabilityBench } from './history-durability.bench.js';
import { historyMergeBench } from './history-merge.bench.js';
import { historyPostgresBench } from './history-postgres.bench.js';
import { historyRollupsBench } from './history-rollups.bench.js';
import { modbusBench } from './modbus.bench.js';
import { modbusGatewayBench } from './modbus-gateway.bench.js';
import { mqttJsonBench } from './mqtt-json.bench.js';
import { mqttSparkplugBench } from './mqtt-sparkplug.bench.js';
import { ocppBench } from './ocpp.bench.js';
import { pointsBench } from './points.bench.js';
import { runtimeBench } from './runtime.bench.js';
import { shutdownBench } from './shutdown.bench.js';
import { siaCodecBench } from './sia-codec.bench.js';
import { siaReceiverBench } from './sia-receiver.bench.js';
import { siaTransmitterBench } from './sia-transmitter.bench.js';
import { startupBench } from './startup.bench.js';
import { storeWritesBench } from './store-writes.bench.js';
import { uiBench } from './ui.bench.js';

const groups: Array<[string, () => Figure[] | Promise<Figure[]>]> = [
  ['points lists', pointsBench],
  ['history codec', historyCodecBench],
  ['history store', historyBench],
  ['history durability', historyDurabilityBench],
  ['history merge', historyMergeBench],
  ['History PostgreSQL', historyPostgresBench],
  ['history rollups', historyRollupsBench],
  ['audit at scale', auditScaleBench],
  ['store writes', storeWritesBench],
  ['Alarm reports store', alarmReportsBench],
  ['Alarm reports PostgreSQL', alarmReportsPostgresBench],
  ['cluster feed', clusterFeedBench],
  ['cluster failover', clusterFailoverBench],
  ['cluster sharing', clusterSharingBench],
  ['cluster scale', clusterScaleBench],
  ['runtime', runtimeBench],
  ['behaviours', behavioursBench],
  ['Haystack API', haystackBench],
  ['Modbus TCP', modbusBench],
  ['Modbus gateway', modbusGatewayBench],
  ['BACnet codec', bacnetCodecBench],
  ['BACnet/IP', bacnetBench],
  ['OCPP CSMS', ocppBench],
  ['MQTT Sparkplug', mqttSparkplugBench],
  ['MQTT JSON', mqttJsonBench],
  ['SIA DC-09 codec', siaCodecBench],
  ['SIA transmitter', siaTransmitterBench],
  ['SIA receiver', siaReceiverBench],
  ['web UI', uiBench],
  ['Shutdown', shutdownBench],
  ['Start-up', startupBench],
];

const wanted = process.argv.slice(2).map((w) => w.toLowerCase());
const chosen = groups.filter(
  ([name]) => wanted.length === 0 || wanted.some((w) => name.toLowerCase().includes(w)),
);
if (chosen.length === 0) {
  process.stderr.write(
    `bench: no group matches ${wanted.join(', ')}; groups: ${groups.map(([n]) => n).join(', ')}\n`,
  );
  process.exit(2);
}

const figures: Figure[] = [];
for (const [name, run] of chosen) {
  process.stderr.write(`bench: ${name}…\n`);
  const got = await run();
  for (const f of got)
    process.stderr.write(`  ${f.name}: ${f.value} ${f.unit}${f.note ? ` (${f.note})` : ''}\n`);
  figures.push(...got);
}

const machine = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
};
const date = new Date().toISOString();
if (wanted.length > 0 && existsSync('docs/benchmarks.json')) {
  // A partial run: keep the other groups' figures, in their order, with this run's groups in their place.
  // A group may be fed by more than one runner (the gateway's figures sit under Modbus TCP): a figure of a
  // fresh group that this run did not produce is kept after the fresh ones (a full run drops renamed ones).
  const previous = JSON.parse(readFileSync('docs/benchmarks.json', 'utf8')) as { figures: Figure[] };
  const fresh = new Set(figures.map((f) => f.group));
  const produced = new Set(figures.map((f) => `${f.group}\n${f.name}`));
  const merged: Figure[] = [];
  for (const f of previous.figures) {
    if (!fresh.has(f.group)) merged.push(f);
    else {
      if (!merged.some((m) => m.group === f.group))
        merged.push(...figures.filter((x) => x.group === f.group));
      if (!produced.has(`${f.group}\n${f.name}`)) merged.push(f);
    }
  }
  for (const f of figures) if (!merged.includes(f)) merged.push(f);
  figures.splice(0, figures.length, ...merged);
}
writeFileSync('docs/benchmarks.json', `${JSON.stringify({ date, machine, figures }, null, 2)}\n`);

const lines = [
  '# Benchmarks',
  '',
  `Measured by \`npm run bench\` on ${date.slice(0, 10)}: Node ${machine.node}, ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB.`,
  'Figures come from one run on one (shared, noisy) machine: compare figures of the same run, not across runs.',
];
for (const group of [...new Set(figures.map((f) => f.group))]) {
  lines.push('', `## ${group}`, '', '| measure | value | unit | note |', '|---|---:|---|---|');
  for (const f of figures.filter((x) => x.group === group))
    lines.push(`| ${f.name} | ${f.value} | ${f.unit} | ${f.note ?? ''} |`);
}
writeFileSync('docs/benchmarks.md', `${lines.join('\n')}\n`);
process.stderr.write('bench: wrote docs/benchmarks.json and docs/benchmarks.md\n');
