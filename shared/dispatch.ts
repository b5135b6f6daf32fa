import { contract, isChannel, type ServiceImpl } from './contract';
import { DomainError, fieldErrorsFrom, invalidInput, type ApiError, type Outcome } from './outcome';

/** Parses `unknown` input against the channel's schema: the first thing done with any input. */
export function parseInput(channel: unknown, raw: unknown): Outcome<{ channel: keyof ServiceImpl; input: unknown }> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'not_found', message: 'Unknown request', fields: {} } };
  }
  const parsed = contract[channel].input.safeParse(raw);
  if (!parsed.success) return { ok: false, error: invalidInput(fieldErrorsFrom(parsed.error)) };
  return { ok: true, value: { channel, input: parsed.data } };
}

/**
 * Runs one call: parse, then the service, then errors as data. Unexpected errors are reported
 * through `onInternal` (which logs ids only) and reach the UI as a generic message, never a stack.
 */
export async function dispatch(
  service: ServiceImpl,
  channel: unknown,
  raw: unknown,
  onInternal: (error: unknown, channel: string) => void,
): Promise<Outcome<unknown>> {
  const parsed = parseInput(channel, raw);
  if (!parsed.ok) return parsed;
  const { channel: c, input } = parsed.value;
  try {
    const call = service[c] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await call(input) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: toApiError(error) };
    onInternal(error, c);
    return {
      ok: false,
      error: { code: 'internal', message: 'Something went wrong while saving; nothing was changed.', fields: {} },
    };
  }
}

function toApiError(e: DomainError): ApiError {
  return { code: e.code, message: e.message, fields: e.fields };
}
