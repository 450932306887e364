// The receivers bench/sia-receiver.bench.ts loads, in this process: a whole site with the SIA plug-in's
// receiver (the real path: the plug-in picks where reports are kept and flushes them before each ACK), and,
// for reference, the receiver server alone with the same settings and a sink that only counts the reports
// (nothing kept, no repeat check): what the receiver costs without keeping anything. Each has an account for each transmitter (1000, 1001, …), plain messages, a free port.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealClock } from '../src/core/clock.js';
import { PROTOCOLS } from '../src/protocols/registry.js';
import { startReceiverServer } from '../src/protocols/sia/receiver/receiver-server.js';
import type { ReportSink } from '../src/protocols/sia/receiver/report-sink.js';
import { siaServerService } from '../src/protocols/sia/server-service.js';
import type { SiaReceiverSettings } from '../src/protocols/sia/sia-settings.js';
import { startServer } from '../src/server.js';
import { loadSiteText } from '../src/site/load.js';
import type { Site } from '../src/site/model.js';

export interface BenchReceiver {
  port: number;
  /** Stops it; resolves with the number of events it kept and where. */
  stop(): Promise<{ kept: number; where: string }>;
}

const quiet = { info() {}, warn() {}, error() {} };

function siteWithReceiver(transmitters: number, root: string): { site: Site; receiver: SiaReceiverSettings } {
  const accounts = Array.from({ length: transmitters }, (_, i) => `"${1000 + i}": {}`).join(', ');
  const text = `
site: { id: sia-bench, name: SIA bench, tz: UTC }
devices:
  - { id: pir-1, profile: pir-detector }
server:
  sia:
    receiver: { port: 0, accounts: { ${accounts} } }
`;
  const { site, diagnostics } = loadSiteText(text, 'sia-bench.yaml', root, PROTOCOLS);
  if (!site) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  const made = siaServerService.settings(site, {}, { host: '127.0.0.1' });
  if (!made.settings?.receiver) throw new Error(made.problems.join('\n') || 'SIA bench: no receiver');
  return { site, receiver: made.settings.receiver };
}

/** A whole site (SQLite store in a temporary data folder, a real clock) with the SIA receiver on. */
export async function startSiteReceiver(transmitters: number): Promise<BenchReceiver> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-bench-'));
  const { site, receiver } = siteWithReceiver(transmitters, root);
  const dataDir = join(root, 'data');
  const server = await startServer({
    site,
    dataDir,
    sqlite: { acceptNewDatabase: true },
    clock: new RealClock(1),
    seed: 1,
    log: quiet,
    http: null,
    servers: { sia: { receiver } },
    env: { POINTYARD_ADMIN_PASSWORD: 'a long bench password' },
  });
  const address = server.endpoints.find((e) => e.name === 'sia')?.address ?? '';
  return {
    port: Number(address.slice(address.lastIndexOf(':') + 1)),
    async stop() {
      // Kept in the store's log, or in the plug-in's report file while it keeps one.
      const inStore = (await server.store.alarmReports.list()).length;
      await server.stop();
      const file = join(dataDir, 'sia', 'reports.jsonl');
      const inFile = existsSync(file)
        ? readFileSync(file, 'utf8')
            .split('\n')
            .filter((l) => l !== '').length
        : 0;
      rmSync(root, { recursive: true, force: true });
      const where = [inStore > 0 ? 'the store' : '', inFile > 0 ? 'the report file' : ''].filter((w) => w);
      return { kept: inStore + inFile, where: where.join(' and ') || 'nowhere' };
    },
  };
}

/** The receiver server alone, the site's settings, reports only counted: what it costs without a store. */
export async function startCountingReceiver(transmitters: number): Promise<BenchReceiver> {
  const root = mkdtempSync(join(tmpdir(), 'pointyard-sia-bench-'));
  const { receiver } = siteWithReceiver(transmitters, root);
  let counted = 0;
  const sink: ReportSink = {
    async record(reports) {
      counted += reports.length;
      return reports.map(() => 'recorded' as const);
    },
  };
  const server = await startReceiverServer({ ...receiver, sink, now: () => Date.now() });
  return {
    port: server.port,
    async stop() {
      await server.close(0);
      rmSync(root, { recursive: true, force: true });
      return { kept: counted, where: 'counted only' };
    },
  };
}
