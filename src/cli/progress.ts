// A one-line progress bar on stderr, drawn only when stderr is a terminal.

export function progressBar(label: string): { update(fraction: number, detail: string): void; done(): void } {
  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  return {
    update(fraction, detail) {
      if (!tty) return;
      const now = Date.now();
      if (now - lastDraw < 100 && fraction < 1) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
      process.stderr.write(`\r${label} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${detail}\u001b[K`);
    },
    done() {
      if (tty) process.stderr.write('\n');
    },
  };
}
