// What a failed command request means for the person who sent it: the server's refusal, or no answer at all.
import { HaystackError } from '../api/client';

export function failureText(err: unknown, what: 'write' | 'command'): string {
  if (err instanceof HaystackError) return `Refused: ${err.message}`;
  // fetch rejects with a TypeError when no answer came (server stopped, network down).
  if (err instanceof TypeError)
    return `The server did not answer: the ${what} may not have been made. Look again once the link is back.`;
  return (err as Error).message;
}

/** Shown while the link to the server is lost, in place of a request that could not be answered. */
export const LINK_LOST = 'The link to the server is lost: nothing can be sent until it is back.';
