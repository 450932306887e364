// The secret behind the fake salts of unknown users (credentials.ts), kept in the data folder: a random one per
// process would give a name that is no user a new salt at every restart, while a real user's salt stays, and
// a client comparing salts across a restart would tell them apart. Created once (32 random bytes, owner-only,
// written whole then renamed into place), read at every start.

import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const FAKE_SALT_SECRET_FILE = 'fake-salt.secret';
const SECRET_BYTES = 32;

/** The secret of the data folder `dataDir`, created on first use. Throws when the file is there but unusable. */
export function loadFakeSaltSecret(dataDir: string): Buffer {
  const file = join(dataDir, FAKE_SALT_SECRET_FILE);
  let secret: Buffer;
  try {
    secret = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    return create(dataDir, file);
  }
  if (secret.length !== SECRET_BYTES)
    throw new Error(
      `${file} is damaged (${secret.length} bytes, not ${SECRET_BYTES}): remove it and a new one is made at the next start`,
    );
  return secret;
}

function create(dataDir: string, file: string): Buffer {
  const secret = randomBytes(SECRET_BYTES);
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, secret);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  // The rename is durable once the folder is synced.
  const dir = openSync(dataDir, 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
  return secret;
}
