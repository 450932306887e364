// `formats` (Haystack 3) tells the truth: the server reads Zinc and JSON request bodies and answers in Zinc,
// JSON and CSV, and a CSV body it does not read is refused as `formats` says.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { callOp, rowsOf } from '../support/haystack-call.js';
import { idleDemoHaystack } from '../support/haystack-server.js';

const server = await idleDemoHaystack(Date.UTC(2026, 0, 5));
after(() => server.close());

test('formats: CSV is sent, never received; Zinc and JSON both ways', async () => {
  const answer = await callOp(server.url, server.fetch, 'formats');
  assert.equal(answer.error, null);
  const byMime = new Map(rowsOf(answer.grid).map((r) => [r.mime, r]));
  for (const mime of ['text/zinc', 'application/json']) {
    assert.ok(byMime.get(mime)?.receive, `${mime} receive`);
    assert.ok(byMime.get(mime)?.send, `${mime} send`);
  }
  assert.ok(byMime.get('text/csv')?.send);
  assert.equal(byMime.get('text/csv')?.receive, undefined);

  const csv = await server.fetch(`${server.url}read`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: 'filter\nsite\n',
  });
  assert.equal(csv.status, 415);
});
