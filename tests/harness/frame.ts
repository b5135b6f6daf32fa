/**
 * An answer carrying bytes (the month batch's ZIP) over the harness's HTTP, as Electron's IPC
 * carries them: the bytes as they are, not as base64 inside JSON. The body is the answer's JSON,
 * each byte array in it replaced by `{"$bytes":[offset,length]}`, then the bytes end to end; the
 * header names the JSON's length. An answer without bytes is plain JSON, as before.
 */
export const FRAMED_TYPE = 'application/x-needlebook-framed';
export const JSON_LENGTH_HEADER = 'x-needlebook-json-length';

export function frame(value: unknown): { type: string; body: Buffer; jsonLength?: number } {
  const parts: Uint8Array[] = [];
  let offset = 0;
  // The holder's own value, not the one given: a Buffer has turned itself into an array by then (toJSON).
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const original = this[key];
    if (!(original instanceof Uint8Array)) return v;
    parts.push(original);
    offset += original.length;
    return { $bytes: [offset - original.length, original.length] };
  });
  const head = Buffer.from(json, 'utf8');
  if (parts.length === 0) return { type: 'application/json', body: head };
  return { type: FRAMED_TYPE, body: Buffer.concat([head, ...parts]), jsonLength: head.length };
}

/** The answer back from a framed body: each byte array a view on the body, not a copy. */
export function unframe(body: ArrayBuffer, jsonLength: number): unknown {
  const json = new TextDecoder().decode(new Uint8Array(body, 0, jsonLength));
  return JSON.parse(json, (_key, v: unknown) => {
    const at = (v as { $bytes?: unknown } | null)?.$bytes;
    return Array.isArray(at) && at.length === 2 ? new Uint8Array(body, jsonLength + Number(at[0]), Number(at[1])) : v;
  });
}
