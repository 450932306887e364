import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HTTP_DEFAULTS, httpSettings } from './http-settings.js';

test('server.http: defaults, sizes, durations and debug', () => {
  assert.deepEqual(httpSettings(undefined), { settings: HTTP_DEFAULTS, problems: [] });
  assert.deepEqual(httpSettings({ host: '0.0.0.0', port: 9090 }).settings, HTTP_DEFAULTS);
  const { settings, problems } = httpSettings({ bodyLimit: '2MB', bodyTimeout: '2min', debug: true });
  assert.deepEqual(problems, []);
  assert.deepEqual(settings, { bodyLimit: 2 * 1024 * 1024, bodyTimeoutMs: 120_000, debug: true });
  assert.equal(httpSettings({ bodyLimit: 65536 }).settings.bodyLimit, 65536);
  assert.equal(httpSettings({ bodyLimit: '512kb' }).settings.bodyLimit, 512 * 1024);
  assert.equal(httpSettings({ bodyTimeout: 5 }).settings.bodyTimeoutMs, 5000);
});

test('server.http: a value that cannot be used is a problem naming the key, and the default stays', () => {
  const { settings, problems } = httpSettings({ bodyLimit: '1GB', bodyTimeout: 'soon', debug: 'yes' });
  assert.deepEqual(settings, HTTP_DEFAULTS);
  assert.equal(problems.length, 3);
  assert.match(problems[0] ?? '', /^server\.http\.bodyLimit must be a size from 1KB to 64MB .*"1GB"/);
  assert.match(problems[1] ?? '', /^server\.http\.bodyTimeout must be seconds or a duration/);
  assert.match(problems[2] ?? '', /^server\.http\.debug must be true or false/);
  assert.match(httpSettings({ bodyLimit: 100 }).problems[0] ?? '', /bodyLimit/);
  assert.deepEqual(httpSettings(8080).problems, ['server.http must be a mapping']);
});

test('server.http: a key it does not know (a typo) is a problem listing the known keys', () => {
  const { settings, problems } = httpSettings({ port: 8080, bodylimit: '2MB', tls: true });
  assert.deepEqual(settings, HTTP_DEFAULTS);
  assert.deepEqual(problems, [
    'server.http.bodylimit is not an HTTP setting (did you mean bodyLimit?) (known: host, port, bodyLimit, bodyTimeout, debug)',
    'server.http.tls is not an HTTP setting (known: host, port, bodyLimit, bodyTimeout, debug)',
  ]);
});
