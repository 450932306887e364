// The current time, refreshed every `ms`: for ages ("3 s ago") that must move on their own.
import { useEffect, useState } from 'preact/hooks';

export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
