// The receiver side of link supervision: an alarm receiver that stops hearing the detector's account (no
// message, NULL link tests included, within its supervision interval and grace) tells the detector through a
// request, and the detector's Communication Status shows FAULT until the receiver hears the account again:
//   receiver-link {lost: boolean, account?: string, since?: string}
// This is not the panel's own supervision of the detector (fault `supervision`, reported as BZ/BJ): the
// detector sends no SIA report about it (the receiver is the one that lost the link), it logs an event.
import type { DeviceRequest } from '../behaviour.js';
import type { PirState } from './state.js';

const text = (x: unknown) => (typeof x === 'string' ? x : '');

/** Applies the receiver's link requests, in the order they came; only a change is logged. */
export function applyReceiverLink(s: PirState, requests: readonly DeviceRequest[]): void {
  for (const r of requests) {
    if (r.kind !== 'receiver-link') continue;
    const lost = r.data.lost === true;
    if (lost === s.receiverLinkLost) continue;
    s.receiverLinkLost = lost;
    const account = text(r.data.account);
    const since = text(r.data.since);
    const who = account ? `account ${account}` : 'the detector';
    s.log.add(
      'receiver-link',
      'communication-status',
      lost
        ? `Alarm receiver lost ${who}${since ? `: nothing heard since ${since}` : ''}`
        : `Alarm receiver hears ${who} again`,
      { lost, account, since },
    );
  }
}
