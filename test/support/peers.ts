// The rule every peer test follows: without its independent peer (a Debian package, an npm client) a test
// skips with a message saying what to install, except under POINTYARD_REQUIRE_PEERS=1 (CI), where a missing
// peer is a failure.

/** A test's `skip`: false when the peer is there; else `why`, or a thrown error when peers are required. */
export function peerSkip(why: string | null): string | false {
  if (why === null) return false;
  if (process.env.POINTYARD_REQUIRE_PEERS === '1') throw new Error(`required peer missing: ${why}`);
  return why;
}
