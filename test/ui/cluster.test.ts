// The server page's Cluster panel in Chromium, over a real cluster view: node a's view (sharing four devices
// with node b through leases on a real PostgreSQL) attached to a Haystack server's services. No panel without
// a cluster; with one, each node's state, heartbeat, devices (the list collapsed) and roles, this node marked, the
// feed lag; an admin drains this node and takes it back; node b killed shows lost; a viewer has no button.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LeaseClusterView } from '../../src/cluster/lease-cluster-view.js';
import { deviceNames, kill, TestCluster } from '../cluster/leases-harness.js';
import { demoHaystack, PASSWORD } from '../support/haystack-server.js';
import { peerSkip } from '../support/peers.js';
import { PostgresCluster, postgresMissing } from '../support/postgres.js';
import { browserMissing, collectErrors, launchBrowser } from './support/browser.js';
import { logIn, unexpected } from './support/session.js';
import { uiFor } from './support/ui-server.js';

const missing = browserMissing() ?? peerSkip(postgresMissing());

describe('web UI: the Cluster panel on the server page', { skip: missing || false, timeout: 120_000 }, () => {
  let postgres: PostgresCluster;
  let server: Awaited<ReturnType<typeof demoHaystack>>;
  let cluster: TestCluster;
  let view: LeaseClusterView;
  before(async () => {
    postgres = await PostgresCluster.start({ fsync: false });
    server = await demoHaystack();
    cluster = new TestCluster(await postgres.createDatabase('ui'), deviceNames(4));
  });
  after(async () => {
    view?.stop();
    await cluster?.dispose();
    await server?.close();
    await postgres?.dispose();
  });

  test('nodes, devices and feed lag; drain and take back; a lost node; no button for a viewer', async () => {
    const browser = await launchBrowser();
    const ui = await uiFor(server.url);
    try {
      const page = await browser.newPage();
      const errors = collectErrors(page);
      await logIn(page, ui.url, 'admin', PASSWORD);
      await page.goto(`${ui.url}#/server`);
      await page
        .getByRole('region', { name: 'Interfaces' })
        .getByRole('heading', { name: 'Interfaces' })
        .waitFor();
      assert.equal(
        await page.getByRole('region', { name: 'Cluster' }).count(),
        0,
        'no panel without a cluster',
      );

      const a = await cluster.start('a', { roles: ['mqtt'] });
      await cluster.start('b', { roles: ['mqtt'] });
      view = new LeaseClusterView(a.manager, { feedLag: () => 250 });
      await view.start();
      server.runtime.services.cluster.attach(view);

      const panel = page.getByRole('region', { name: 'Cluster' });
      const rowA = panel.locator('tr[data-node="a"]');
      const rowB = panel.locator('tr[data-node="b"]');
      await rowA.getByText('this node').waitFor();
      await rowA.locator('[data-fact="state"]').getByText('live', { exact: true }).waitFor();
      await rowB.locator('[data-fact="state"]').getByText('live', { exact: true }).waitFor();
      await rowA.locator('[data-fact="devices"]').getByText('2 devices').waitFor();
      await rowB.locator('[data-fact="devices"]').getByText('2 devices').waitFor();
      // a took the role first and keeps it: a role is no device.
      await rowA.locator('[data-fact="roles"]').getByText('mqtt', { exact: true }).waitFor();
      assert.equal(await rowB.locator('[data-fact="roles"]').textContent(), '—');
      assert.equal(await rowB.getByText('this node').count(), 0);
      assert.match((await rowA.locator('[data-fact="heartbeat"]').textContent()) ?? '', /^\d+\.\d s$/);
      assert.equal(await panel.locator('[data-fact="feed-lag"]').textContent(), 'Change feed lag: 0.3 s');
      // The device list is collapsed; opened, it names the devices a holds.
      const list = rowA.locator('ul.cluster-devices');
      assert.equal(await list.isVisible(), false);
      await rowA.locator('[data-fact="devices"]').click();
      const held = view.snapshot()?.nodes.find((n) => n.name === 'a')?.devices ?? [];
      assert.equal(held.length, 2);
      for (const device of held) await list.getByText(device, { exact: true }).waitFor();

      await panel.getByRole('button', { name: 'Drain this node' }).click();
      await rowA.locator('[data-fact="state"]').getByText('draining', { exact: true }).waitFor();
      await rowB.locator('[data-fact="devices"]').getByText('4 devices').waitFor();
      await panel.getByRole('button', { name: 'Take this node back' }).click();
      await rowA.locator('[data-fact="state"]').getByText('live', { exact: true }).waitFor();

      await kill(cluster.nodes[1] as (typeof cluster.nodes)[number]);
      await rowB.locator('[data-fact="state"]').getByText('lost', { exact: true }).waitFor();
      await rowA.locator('[data-fact="devices"]').getByText('4 devices').waitFor();
      await panel.locator('[data-fact="unowned"]').getByText('every device has an owner').waitFor();
      assert.deepEqual(unexpected(errors), []);

      const viewer = await browser.newPage();
      await logIn(viewer, ui.url, 'victor', PASSWORD);
      await viewer.goto(`${ui.url}#/server`);
      const seen = viewer.getByRole('region', { name: 'Cluster' });
      await seen.locator('tr[data-node="a"]').getByText('this node').waitFor();
      assert.equal(await seen.getByRole('button').count(), 0, 'a viewer may not drain');
    } finally {
      await browser.close();
      await ui.close();
    }
  });
});
