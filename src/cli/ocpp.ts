// `pointyard ocpp hash-password | id-tag add|remove|list`: what the CSMS's settings and store need from a
// person. hash-password prints the hash a charge point's password is kept as in `server.ocpp.chargePoints`
// (the password is read without echo, or from stdin, never printed); id-tag manages the id tags (RFID
// cards) Authorize accepts, in the data folder's database, whether or not a server runs on it.

import { Command, Option } from 'commander';
import { hashPassword } from '../protocols/ocpp/password-hash.js';
import type { IdTag, IdTagStatus } from '../store/charging.js';
import { type DataStoreFlags, dataOption, fail, storeOption, withDataStore } from './data-store.js';
import { readNewPassword } from './read-password.js';

const io = { stdin: process.stdin, stderr: process.stderr };
const STATUSES: IdTagStatus[] = ['Accepted', 'Blocked', 'Expired', 'Invalid'];

async function hash(flags: { passwordStdin?: boolean }): Promise<void> {
  const password = await readNewPassword('the charge point', io, flags.passwordStdin ?? false);
  if (!password.ok) return fail(password.error);
  process.stdout.write(`${await hashPassword(password.password)}\n`);
}

/** OCPP 1.6's IdToken: up to 20 characters. */
const idTagProblem = (id: string) =>
  /^[\x21-\x7e]{1,20}$/.test(id) ? null : 'an id tag is 1–20 printable characters without spaces (OCPP 1.6)';

async function addTag(
  id: string,
  flags: DataStoreFlags & { status: IdTagStatus; expires?: string; parent?: string },
) {
  const problem = idTagProblem(id);
  if (problem) return fail(problem);
  const expiresAt = flags.expires === undefined ? null : Date.parse(flags.expires);
  if (expiresAt !== null && !Number.isFinite(expiresAt))
    return fail(`--expires must be a date-time such as 2027-01-31T23:59:59Z, not ${flags.expires}`);
  const tag: IdTag = { idTag: id, status: flags.status, expiresAt, parentIdTag: flags.parent ?? null };
  await withDataStore(flags, false, async (store) => {
    await store.charging.saveIdTag(tag);
    process.stdout.write(`id tag ${id} saved (${tag.status})\n`);
  });
}

async function removeTag(id: string, flags: DataStoreFlags) {
  await withDataStore(flags, false, async (store) => {
    if (!(await store.charging.deleteIdTag(id))) return fail(`no id tag ${id}`);
    process.stdout.write(`id tag ${id} removed\n`);
  });
}

async function listTags(flags: DataStoreFlags) {
  await withDataStore(flags, false, async (store) => {
    for (const t of await store.charging.listIdTags()) {
      const expires = t.expiresAt === null ? '-' : new Date(t.expiresAt).toISOString();
      process.stdout.write(`${t.idTag}\t${t.status}\t${expires}\t${t.parentIdTag ?? '-'}\n`);
    }
  });
}

export function ocppCommand(): Command {
  const ocpp = new Command('ocpp').description('the OCPP central system: charge point passwords and id tags');
  ocpp
    .command('hash-password')
    .description(
      'print the hash to keep in server.ocpp.chargePoints.<id>.password; asks for the password twice',
    )
    .addOption(
      new Option(
        '--password-stdin',
        'read the password from the first line of standard input instead of asking',
      ),
    )
    .action(hash);
  const tag = ocpp.command('id-tag').description('the id tags (RFID cards) Authorize accepts');
  tag
    .command('add')
    .description('add or replace an id tag')
    .argument('<idTag>', 'the card id, up to 20 characters')
    .addOption(
      new Option('--status <status>', 'its authorization status').choices(STATUSES).default('Accepted'),
    )
    .addOption(new Option('--expires <date-time>', 'when it stops being accepted (ISO 8601)'))
    .addOption(new Option('--parent <idTag>', 'its group id tag (parentIdTag)'))
    .addOption(dataOption())
    .addOption(storeOption())
    .action(addTag);
  tag
    .command('remove')
    .argument('<idTag>')
    .addOption(dataOption())
    .addOption(storeOption())
    .action(removeTag);
  tag
    .command('list')
    .description('id tag, status, expiry, parent, tab-separated')
    .addOption(dataOption())
    .addOption(storeOption())
    .action(listTags);
  return ocpp;
}
