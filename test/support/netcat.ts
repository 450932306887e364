// OpenBSD netcat (Debian's netcat-openbsd), the `nc` of docs/sia.md's examples: whether it is here.
import { execFileSync } from 'node:child_process';

/** Why `nc` cannot be used here, or null when it can. */
export function ncMissing(): string | null {
  try {
    execFileSync('sh', ['-c', 'command -v nc'], { stdio: 'ignore' });
    return null;
  } catch {
    return 'nc is not installed (apt-get install netcat-openbsd)';
  }
}
