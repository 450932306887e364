// Reading a new password for `pointyard user`: typed twice without echo at a terminal, else the first line of
// standard input (for scripts: `echo "$PW" | pointyard user add ops --password-stdin`). Never printed.

import { passwordProblem } from '../auth/credentials.js';

/** The streams a password is read through (process.stdin and process.stderr, or fakes in tests). */
export interface PasswordIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stderr: NodeJS.WritableStream;
}

/** What a user typed after `prompt`, not echoed; null when they gave up (Ctrl+C, or Ctrl+D on an empty line). */
export function promptHidden(prompt: string, io: PasswordIo): Promise<string | null> {
  const { stdin, stderr } = io;
  stdin.setRawMode?.(true); // before the prompt: nothing typed after it may be echoed
  stdin.setEncoding('utf8');
  stdin.resume();
  stderr.write(prompt);
  return new Promise((resolve) => {
    let typed = '';
    const finish = (value: string | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: string | Buffer) => {
      const text = String(chunk);
      if (text.startsWith('\u001b')) return; // arrow keys and other escape sequences
      for (const c of text) {
        if (c === '\r' || c === '\n') return finish(typed);
        if (c === '\u0003') return finish(null);
        if (c === '\u0004') return finish(typed === '' ? null : typed);
        if (c === '\u007f' || c === '\b') typed = [...typed].slice(0, -1).join('');
        else if (c === '\u0015')
          typed = ''; // Ctrl+U: start again
        else if (c >= ' ') typed += c;
      }
    };
    stdin.on('data', onData);
  });
}

/** The first line of standard input, read to its end. */
export async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return (text.split('\n')[0] ?? '').replace(/\r$/, '');
}

/**
 * A new password for `name`, checked against the rules (at least 8 characters): asked twice at a terminal
 * unless `fromStdin`, else read from standard input. The error is a sentence for the user.
 */
export async function readNewPassword(
  name: string,
  io: PasswordIo,
  fromStdin: boolean,
): Promise<{ ok: true; password: string } | { ok: false; error: string }> {
  if (fromStdin || !io.stdin.isTTY) {
    const password = await readFirstLine(io.stdin);
    if (password === '') return { ok: false, error: 'no password on standard input' };
    const problem = passwordProblem(password);
    return problem ? { ok: false, error: problem } : { ok: true, password };
  }
  const first = await promptHidden(`New password for ${name}: `, io);
  if (first === null) return { ok: false, error: 'cancelled' };
  const problem = passwordProblem(first);
  if (problem) return { ok: false, error: problem };
  const again = await promptHidden('Type it again: ', io);
  if (again === null) return { ok: false, error: 'cancelled' };
  if (again !== first) return { ok: false, error: 'the two passwords differ; nothing changed' };
  return { ok: true, password: first };
}
