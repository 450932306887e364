// WriteProperty (clause 15.9) and WritePropertyMultiple (clause 15.10) through the one write path: a point's
// Present_Value at the priority asked (16 when none; NULL relinquishes the level). WritePropertyMultiple
// checks every write (here, then with the write path) before it makes any, so that it is all or nothing.
import type { WritesService } from '../../../runtime/services/services.js';
import type { ConfirmedAnswer } from '../application.js';
import {
  encodeWritePropertyMultipleError,
  type ObjectPropertyReference,
  type WriteAccessSpecification,
  type WritePropertyRequest,
} from '../codec/index.js';
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

/**
 * WritePropertyMultiple's own error (clause 15.10.1.3.2): the error, and the first write that failed, as
 * the ErrorPDU's WritePropertyMultiple-Error body.
 */
function multipleError(answer: ConfirmedAnswer, attempt: ObjectPropertyReference): ConfirmedAnswer {
  if (answer.kind !== 'error') return answer;
  const error = { errorClass: answer.errorClass, errorCode: answer.errorCode };
  return { ...answer, body: encodeWritePropertyMultipleError({ error, firstFailedWriteAttempt: attempt }) };
}

export async function writePropertyMultiple(
  d: DeviceObjects,
  specs: readonly WriteAccessSpecification[],
  ctx: ReadContext,
  writes: Writes,
  writer: Writer,
): Promise<ConfirmedAnswer> {
  const attempts = specs.flatMap((spec) =>
    spec.properties.map((p) => ({
      object: spec.object,
      property: p.property,
      ...(p.arrayIndex !== undefined ? { arrayIndex: p.arrayIndex } : {}),
      plan: planWrite(d, spec.object, p, ctx, writer),
    })),
  );
  const attempt = ({ object, property, arrayIndex }: (typeof attempts)[number]): ObjectPropertyReference =>
    arrayIndex === undefined ? { object, property } : { object, property, arrayIndex };
  const failed = attempts.find((a) => !a.plan.ok);
  if (failed)
    return multipleError(await refused(failed.plan as WritePlan & { ok: false }, writes), attempt(failed));
  const planned = attempts.flatMap((a) => (a.plan.ok ? [{ attempt: a, request: a.plan.request }] : []));
  // The site's System Enable last, so that the others are checked as they will be written.
  const enable = writes.systemEnableKey;
  planned.sort((a, b) => Number(a.request.key === enable) - Number(b.request.key === enable));
  for (const { attempt: a, request } of planned) {
    const refusal = writes.check(request);
    if (refusal) {
      await writes.refuse(request, refusal);
      return multipleError(writeError(refusal.code, refusal.message), attempt(a));
    }
  }
  const results = await Promise.all(planned.map(({ request }) => writes.write(request)));
  const bad = results.findIndex((r) => !r.ok);
  const result = results[bad];
  if (result && !result.ok)
    return multipleError(
      writeError(result.code, result.message),
      attempt((planned[bad] as (typeof planned)[number]).attempt),
    );
  return SIMPLE_ACK;
}
