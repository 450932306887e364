// How the commands on a running server's Haystack API log in: URL, user and password from flags or the
// environment (POINTYARD_URL, POINTYARD_USER, POINTYARD_PASSWORD), the password asked for when missing.

import type { Command } from 'commander';
import { HGrid, ZincReader } from 'haystack-core';
import { haystackLogin } from '../protocols/haystack/client/scram-login.js';
import { promptHidden } from './read-password.js';

export interface ApiFlags {
  url?: string;
  user?: string;
}

export function withApiOptions(command: Command): Command {
  return command
    .option('--url <url>', 'the Haystack API (default: $POINTYARD_URL, else http://127.0.0.1:8080/api/)')
    .option(
      '--user <name>',
      'user name (default: $POINTYARD_USER, else admin); the password is $POINTYARD_PASSWORD or asked',
    );
}

export interface ApiSession {
  base: string;
  /** POSTs a Zinc grid to an op and returns the answer grid; an error grid or HTTP error throws. */
  call(op: string, zinc: string): Promise<HGrid>;
}

export async function openApi(flags: ApiFlags): Promise<ApiSession> {
  const base = (flags.url ?? process.env.POINTYARD_URL ?? 'http://127.0.0.1:8080/api/').replace(/\/?$/, '/');
  const user = flags.user ?? process.env.POINTYARD_USER ?? 'admin';
  let password = process.env.POINTYARD_PASSWORD ?? null;
  if (password === null && process.stdin.isTTY)
    password = await promptHidden(`Password for ${user}: `, { stdin: process.stdin, stderr: process.stderr });
  if (!password) throw new Error('no password: set POINTYARD_PASSWORD or run in a terminal to be asked');
  const { fetch } = await haystackLogin(base, user, password).catch((err: Error) => {
    throw new Error(`cannot log in to ${base} as ${user}: ${err.message}`);
  });
  return {
    base,
    async call(op, zinc) {
      const response = await fetch(`${base}${op}`, {
        method: 'POST',
        headers: { 'content-type': 'text/zinc', accept: 'text/zinc' },
        body: zinc,
      });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${op}: HTTP ${response.status} ${text.trim()}`);
      const grid = ZincReader.readValue(text);
      if (!(grid instanceof HGrid)) throw new Error(`${op}: the answer is not a grid`);
      if (grid.meta.has('err')) throw new Error(grid.meta.get('dis')?.toString() ?? `${op} failed`);
      return grid;
    },
  };
}

/** Runs a command body, printing a failure as `pointyard: message` with exit code 1. */
export async function reportFailure(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    process.stderr.write(`pointyard: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
