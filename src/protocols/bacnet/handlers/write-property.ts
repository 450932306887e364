// WriteProperty (clause 15.9) and WritePropertyMultiple (clause 15.10) through the one write path: a point's
// Present_Value at the priority asked (16 when none; NULL relinquishes the level). WritePropertyMultiple
// checks every write (here, then with the write path) before it makes any, so that it is all or nothing.
import type { WritesService } from '../../../runtime/services/services.js';
import type { ConfirmedAnswer } from '../application.js';
import type { WriteAccessSpecification, WritePropertyRequest } from '../codec/index.js';
import type { DeviceObjects } from '../objects/device-objects.js';
import type { ReadContext } from '../objects/read-context.js';
import { WRITE_ERRORS } from '../write-errors.js';
import { errorAnswer } from './answers.js';
import { planWrite, type WritePlan, type Writer } from './write-plan.js';

type Writes = Pick<WritesService, 'write' | 'check' | 'refuse' | 'systemEnableKey'>;

const SIMPLE_ACK: ConfirmedAnswer = { kind: 'simple-ack' };

/** The answer to a plan that failed, once its refusal (a write to a point) is audited. */
async function refused(plan: WritePlan & { ok: false }, writes: Writes): Promise<ConfirmedAnswer> {
  if (plan.refusal) await writes.refuse(plan.refusal.request, plan.refusal.error);
  return errorAnswer(plan.error);
}

const writeError = (code: keyof typeof WRITE_ERRORS, message: string): ConfirmedAnswer => ({
  kind: 'error',
  ...WRITE_ERRORS[code],
  why: message,
});

export async function writeProperty(
  d: DeviceObjects,
  request: WritePropertyRequest,
  ctx: ReadContext,
  writes: Writes,
  writer: Writer,
): Promise<ConfirmedAnswer> {
  const plan = planWrite(d, request.object, request, ctx, writer);
  if (!plan.ok) return refused(plan, writes);
  const result = await writes.write(plan.request);
  return result.ok ? SIMPLE_ACK : writeError(result.code, result.message);
}

export async function writePropertyMultiple(
  d: DeviceObjects,
  specs: readonly WriteAccessSpecification[],
  ctx: ReadContext,
  writes: Writes,
  writer: Writer,
): Promise<ConfirmedAnswer> {
  const plans = specs.flatMap((spec) =>
    spec.properties.map((p) => planWrite(d, spec.object, p, ctx, writer)),
  );
  const failed = plans.find((p): p is WritePlan & { ok: false } => !p.ok);
  if (failed) return refused(failed, writes);
  const requests = plans.flatMap((p) => (p.ok ? [p.request] : []));
  // The site's System Enable last, so that the others are checked as they will be written.
  const enable = writes.systemEnableKey;
  requests.sort((a, b) => Number(a.key === enable) - Number(b.key === enable));
  for (const request of requests) {
    const refusal = writes.check(request);
    if (refusal) {
      await writes.refuse(request, refusal);
      return writeError(refusal.code, refusal.message);
    }
  }
  const results = await Promise.all(requests.map((r) => writes.write(r)));
  const bad = results.find((r) => !r.ok);
  return bad && !bad.ok ? writeError(bad.code, bad.message) : SIMPLE_ACK;
}
