// The receiver's handling of one frame, whatever carried it: the checks (checks.ts) decide the answer; an
// accepted message's events go to the sink first, together, and the ACK is given only once the sink has kept
// them all (a sink that fails turns the ACK into a NAK, so that the transmitter sends the message again).
import type { RandomBytes } from '../codec/aes.js';
import { checkFrame, nakReply, type ReceiverSettings } from './checks.js';
import type { Answer, ReceiverStats } from './receiver-stats.js';
import type { AlarmReport, ReportSink } from './report-sink.js';

export interface FrameContext {
  settings: ReceiverSettings;
  sink: ReportSink;
  stats: ReceiverStats;
  /** The receiver's time. */
  now: () => Date;
  random?: RandomBytes;
  /** Told why a frame was not acknowledged. */
  onRefused?: (answer: Answer, reason: string, message: string) => void;
  /** Told when the sink failed to keep an event. */
  onSinkError?: (err: unknown) => void;
}

export interface Via {
  transport: 'tcp' | 'udp';
  remote: string;
}

/** The answer's bytes, or null when the frame gets none. Never rejects. */
export async function answerFrame(raw: Buffer, via: Via, context: FrameContext): Promise<Buffer | null> {
  const now = context.now();
  const outcome = checkFrame(
    { raw, now, ...(context.random ? { random: context.random } : {}) },
    context.settings,
  );
  if (outcome.answer !== 'ACK') {
    context.stats.count(outcome.answer, now, knownAccount(raw, context.settings));
    context.onRefused?.(outcome.answer, outcome.reason, outcome.message);
    return outcome.answer === 'none' ? null : Buffer.from(outcome.reply, 'latin1');
  }
  const { frame, events } = outcome;
  const account = events[0]?.account ?? frame.account ?? '';
  const reports = events.map(
    (event, index): AlarmReport => ({
      ...event,
      index,
      token: frame.token,
      encrypted: frame.encrypted,
      ...(frame.timestamp ? { messageTime: frame.timestamp } : {}),
      receivedAt: now,
      transport: via.transport,
      remote: via.remote,
      frame: raw.toString('latin1'),
    }),
  );
  let recorded = 0;
  try {
    // The message's events together: all kept, or none (NAK).
    recorded = (await context.sink.record(reports)).filter((r) => r === 'recorded').length;
  } catch (err) {
    context.onSinkError?.(err);
    context.stats.count('NAK', now, account);
    return Buffer.from(nakReply(now), 'latin1');
  }
  context.stats.count('ACK', now, account);
  context.stats.recorded(account, recorded);
  return Buffer.from(outcome.reply, 'latin1');
}

/** The header's account when the receiver knows it (others are not tracked one by one). */
function knownAccount(raw: Buffer, settings: ReceiverSettings): string | undefined {
  const m =
    /^\n[0-9A-Fa-f]{4}[0-9A-Fa-f]{4}"\*?[A-Z-]+"\d{4}(?:R[0-9A-Fa-f]{1,6})?L[0-9A-Fa-f]{1,6}#([0-9A-Fa-f]{3,16})\[/.exec(
      raw.subarray(0, 80).toString('latin1'),
    );
  const id = m?.[1]?.toUpperCase();
  return id !== undefined && settings.accounts.some((a) => a.account.toUpperCase() === id) ? id : undefined;
}
