// Users of the API, for admins (Pointyard's own ops, as `pointyard user` does on the data folder): `users`
// lists them (never their keys), `userAdd` creates one with a password, `userRemove` removes one. The same
// rules as the command line: valid names and passwords, and never the last admin.

import { HDict, HStr } from 'haystack-core';
import { newUser, passwordProblem, userNameProblem } from '../../../auth/credentials.js';
import { isRole, ROLES } from '../../../auth/roles.js';
import type { User } from '../../../runtime/services/services.js';
import { OpError, tableGrid } from '../grids.js';
import type { Op, OpContext } from './context.js';
import { firstRow, optionalStr } from './request-params.js';
import { siteTime } from './store-refs.js';

const COLUMNS = ['name', 'role', 'createdAt', 'updatedAt'];

const userRow = (ctx: OpContext, user: User): HDict =>
  HDict.make({
    name: HStr.make(user.name),
    role: HStr.make(user.role),
    createdAt: siteTime(ctx, user.createdAt),
    updatedAt: siteTime(ctx, user.updatedAt),
  });

export const usersOp: Op = {
  name: 'users',
  noSideEffects: true,
  needs: 'admin',
  doc: 'The users of the API: name, role, createdAt, updatedAt (admins only)',
  async run(ctx) {
    const users = await ctx.services.users.list();
    return tableGrid(
      COLUMNS,
      users.map((u) => userRow(ctx, u)),
    );
  },
};

export const userAddOp: Op = {
  name: 'userAdd',
  noSideEffects: false,
  needs: 'admin',
  doc: 'Add a user (name, password, role: viewer by default; admins only)',
  async run(ctx) {
    const row = firstRow(ctx);
    const name = optionalStr('userAdd', row, 'name') ?? '';
    const password = optionalStr('userAdd', row, 'password') ?? '';
    const role = optionalStr('userAdd', row, 'role') ?? 'viewer';
    const problem = userNameProblem(name) ?? passwordProblem(password);
    if (problem) throw new OpError(`userAdd: ${problem}`);
    if (!isRole(role)) throw new OpError(`userAdd: role must be one of ${ROLES.join(', ')}, not '${role}'`);
    const users = ctx.services.users;
    if (await users.get(name)) throw new OpError(`userAdd: user ${name} already exists`);
    const user = newUser(name, role, password, Date.now());
    await users.save(user);
    return tableGrid(COLUMNS, [userRow(ctx, user)]);
  },
};

export const userRemoveOp: Op = {
  name: 'userRemove',
  noSideEffects: false,
  needs: 'admin',
  doc: 'Remove a user (name); their sessions end; never the last admin (admins only)',
  async run(ctx) {
    const name = optionalStr('userRemove', firstRow(ctx), 'name');
    if (name === null) throw new OpError('userRemove: name the user (name: a Str)');
    const users = ctx.services.users;
    const user = await users.get(name);
    if (!user) throw new OpError(`userRemove: no user ${name}`);
    const admins = (await users.list()).filter((u) => u.role === 'admin');
    if (user.role === 'admin' && admins.length === 1)
      throw new OpError(`userRemove: ${name} is the last admin: add another admin first`);
    await users.remove(name);
    return tableGrid(COLUMNS, [userRow(ctx, user)]);
  },
};
