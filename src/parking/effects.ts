// The parking server's commands that do real work, for `pointyard start`: an online backup of the store
// into DATA/backups/, a daily report into DATA/reports/, a notification to a webhook and the log, and an
// Integration Sync (integration-sync.ts). Each answers with a result the behaviour turns into statuses and events.

import { join } from 'node:path';
import type { Effect, EffectResult } from '../behaviours/behaviour.js';
import type { Logger } from '../core/logger.js';
import type { EffectHandler } from '../runtime/environment.js';
import type { Device, Site } from '../site/model.js';
import type { Store } from '../store/store.js';
import { buildDailyReport, writeDailyReport } from './daily-report.js';
import { integrationSync, type Resyncable } from './integration-sync.js';

type Result = Omit<EffectResult, 'at'>;

/** Folder-friendly time stamp: 2026-01-05T10-30-00Z. */
const stamp = (t: number) =>
  new Date(t)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');

export class ParkingEffects implements EffectHandler {
  constructor(
    private readonly site: Site,
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly log: Logger,
    /** The running interfaces that can send everything again (read when the command runs: they start later). */
    private readonly resyncable: () => readonly Resyncable[] = () => [],
  ) {}

  async run(device: Device, effect: Effect, now: number): Promise<Result> {
    switch (effect.kind) {
      case 'backup':
        return this.backup(now);
      case 'report':
        return this.report(String(effect.data?.date ?? new Date(now).toISOString().slice(0, 10)));
      case 'notify':
        return this.notify(device, String(effect.data?.message ?? 'Test notification from Pointyard'), now);
      case 'sync':
        return integrationSync(this.resyncable());
      default:
        return { kind: effect.kind, ok: false, message: `unknown effect ${effect.kind}` };
    }
  }

  private async backup(now: number): Promise<Result> {
    const dir = join(this.dataDir, 'backups', stamp(now));
    const files = await this.store.backup(dir);
    return { kind: 'backup', ok: true, message: `backup written to ${dir}`, data: { dir, files } };
  }

  private async report(date: string): Promise<Result> {
    const report = await buildDailyReport(this.site, this.store, date);
    const files = writeDailyReport(join(this.dataDir, 'reports'), report);
    return {
      kind: 'report',
      ok: true,
      message: `report for ${date} written: ${files.join(', ')}`,
      data: { files },
    };
  }

  /** Logs the message and POSTs it as JSON to `parameters.notifications.webhook` when there is one. */
  private async notify(device: Device, message: string, now: number): Promise<Result> {
    const body = { site: this.site.site.id, device: device.id, message, ts: new Date(now).toISOString() };
    this.log.info(body, 'notification');
    const settings = device.parameters.notifications as { webhook?: unknown } | undefined;
    const url = typeof settings?.webhook === 'string' ? settings.webhook : null;
    if (!url) return { kind: 'notify', ok: true, message: 'notification logged (no webhook configured)' };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      if (!response.ok)
        return {
          kind: 'notify',
          ok: false,
          message: `webhook answered ${response.status} ${response.statusText}`,
        };
      return { kind: 'notify', ok: true, message: `notification logged and sent to ${url}` };
    } catch (err) {
      return { kind: 'notify', ok: false, message: `webhook ${url} failed: ${(err as Error).message}` };
    }
  }
}

/** For `simulate`: every effect succeeds at once and touches nothing, so data sets reproduce. */
export const simulatedEffects: EffectHandler = {
  run: (_device, effect) => ({ kind: effect.kind, ok: true, message: `${effect.kind} done (simulated)` }),
};
