// `pointyard user add|passwd|remove|list`: the users of the HTTP API, in the data folder's database. Works
// whether or not a server is running on that folder (a running server reads users at each login and request).
// Passwords are read without echo (or from stdin) and never printed; only SCRAM keys are stored.

import { Command, Option } from 'commander';
import { newUser, userNameProblem } from '../auth/credentials.js';
import { ROLES } from '../auth/roles.js';
import { isLastAdmin, withPassword } from '../auth/users.js';
import type { Role, User, UserStore } from '../store/store.js';
import { type DataStoreFlags, dataOption, fail, storeOption, withDataStore } from './data-store.js';
import { readNewPassword } from './read-password.js';

type DataFlags = DataStoreFlags;

interface PasswordFlags extends DataFlags {
  passwordStdin?: boolean;
}

const io = { stdin: process.stdin, stderr: process.stderr };

/** Runs `fn` on the users of the store; `create` allows a data folder with no database yet. */
const withStore = (flags: DataFlags, create: boolean, fn: (store: UserStore) => Promise<void>) =>
  withDataStore(flags, create, fn);

async function add(name: string, flags: PasswordFlags & { role: Role }): Promise<void> {
  const problem = userNameProblem(name);
  if (problem) return fail(problem);
  await withStore(flags, true, async (store) => {
    if (await store.getUser(name))
      return fail(`user ${name} already exists (change its password with \`pointyard user passwd ${name}\`)`);
    const password = await readNewPassword(name, io, flags.passwordStdin ?? false);
    if (!password.ok) return fail(password.error);
    await store.saveUser(newUser(name, flags.role, password.password, Date.now()));
    process.stdout.write(`Added user ${name} (role ${flags.role}).\n`);
  });
}

async function passwd(name: string, flags: PasswordFlags): Promise<void> {
  await withStore(flags, false, async (store) => {
    const user = await store.getUser(name);
    if (!user) return fail(`no user ${name} (see \`pointyard user list\`)`);
    const password = await readNewPassword(name, io, flags.passwordStdin ?? false);
    if (!password.ok) return fail(password.error);
    await store.saveUser(withPassword(user, password.password, Date.now()));
    process.stdout.write(`Changed the password of ${name}; its open sessions end.\n`);
  });
}

async function remove(name: string, flags: DataFlags): Promise<void> {
  await withStore(flags, false, async (store) => {
    const user = await store.getUser(name);
    if (!user) return fail(`no user ${name} (see \`pointyard user list\`)`);
    if (await isLastAdmin(store, user))
      return fail(`${name} is the last admin: add another admin first, so that someone can manage users`);
    await store.deleteUser(name);
    process.stdout.write(`Removed user ${name}; its open sessions end.\n`);
  });
}

async function list(flags: DataFlags): Promise<void> {
  await withStore(flags, false, async (store) => {
    const users = await store.listUsers();
    if (users.length === 0) {
      process.stdout.write('No users yet: `pointyard start` creates admin, or use `pointyard user add`.\n');
      return;
    }
    process.stdout.write(table(users));
  });
}

/** NAME, ROLE, CREATED (UTC) in aligned columns. */
function table(users: User[]): string {
  const rows = [
    ['NAME', 'ROLE', 'CREATED'],
    ...users.map((u) => [u.name, u.role, `${new Date(u.createdAt).toISOString().slice(0, 19)}Z`]),
  ];
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows
    .map((r) => `${(r[0] ?? '').padEnd(widths[0] ?? 0)}  ${(r[1] ?? '').padEnd(widths[1] ?? 0)}  ${r[2]}\n`)
    .join('');
}

const stdinOption = () =>
  new Option('--password-stdin', 'read the password from the first line of standard input instead of asking');

export function userCommand(): Command {
  const user = new Command('user').description('manage the users of the HTTP API (Haystack SCRAM logins)');
  user
    .command('add')
    .description('add a user; asks for the password twice (at least 8 characters)')
    .argument('<name>', 'user name: letters, digits, . _ @ -')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLES).default('viewer'))
    .addOption(stdinOption())
    .addOption(dataOption())
    .addOption(storeOption())
    .action(add);
  user
    .command('passwd')
    .description('change a user’s password; its open sessions end')
    .argument('<name>', 'user name')
    .addOption(stdinOption())
    .addOption(dataOption())
    .addOption(storeOption())
    .action(passwd);
  user
    .command('remove')
    .description('remove a user; its open sessions end (the last admin cannot be removed)')
    .argument('<name>', 'user name')
    .addOption(dataOption())
    .addOption(storeOption())
    .action(remove);
  user
    .command('list')
    .description('list users: name, role, when created')
    .addOption(dataOption())
    .addOption(storeOption())
    .action(list);
  return user;
}
