// The writes of the crash test: write n goes to level (n mod 16) + 1 with a value that changes each round.
export function crashWrite(n: number): { level: number; value: number } {
  return { level: (n % 16) + 1, value: 6 + (Math.floor(n / 16) % 27) };
}
