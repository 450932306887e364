// A value coloured by what it means (alarm, warning, active, ok); the word itself is always shown too.
import type { Tone } from '../format/trouble';

export function ToneText({ tone, text }: { tone: Tone; text: string }) {
  return <span class={`tone tone-${tone}`}>{text}</span>;
}

/** The point's Haystack status when it is not ok (stale, fault, down, disabled), or when the link is lost. */
export function PointStatus({ status, linkLost }: { status: string; linkLost: boolean }) {
  if (status !== 'ok') return <span class={`pstatus pstatus-${status}`}>{status}</span>;
  if (linkLost) return <span class="pstatus pstatus-stale">stale</span>;
  return null;
}
