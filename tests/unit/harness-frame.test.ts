import { describe, expect, it } from 'vitest';
import { frame, FRAMED_TYPE, unframe } from '../harness/frame';

/** What the bridge gets back: the body as the browser's fetch hands it over (its own ArrayBuffer). */
const received = (body: Buffer): ArrayBuffer => body.buffer.slice(body.byteOffset, body.byteOffset + body.length) as ArrayBuffer;

/** Bytes as plain number lists, whatever kind of byte array holds them (a Buffer would print itself otherwise). */
const plain = (value: unknown) =>
  JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const original = this[key];
    return original instanceof Uint8Array ? [...original] : v;
  });

describe('answers with bytes over the harness (tests/harness/frame.ts)', () => {
  it.each([
    ['a batch file', { ok: true, value: { fileName: 'superbills-2026-10.zip', zip: new Uint8Array([80, 75, 3, 4, 0, 255]) } }],
    ['two byte arrays and an empty one', { a: new Uint8Array([1, 2, 3]), b: [new Uint8Array(0), new Uint8Array([9])], note: 'Ana Reyes' }],
    ['a Buffer that is a view on a larger one', { zip: Buffer.from('..PK..', 'latin1').subarray(2, 4) }],
  ])('gives back %s as it was sent', (_name, value) => {
    const { type, body, jsonLength } = frame(value);
    expect(type).toBe(FRAMED_TYPE);
    const back = unframe(received(body), jsonLength!);
    expect(plain(back)).toBe(plain(value));
  });

  it('sends the bytes as they are, after the JSON, not as base64', () => {
    const zip = new Uint8Array(1000).map((_, i) => i % 251);
    const { body, jsonLength } = frame({ ok: true, value: { fileName: 'x.zip', zip } });
    expect(body.length).toBe(jsonLength! + 1000);
    expect([...body.subarray(jsonLength!)]).toEqual([...zip]);
  });

  it('leaves an answer without bytes as plain JSON', () => {
    const value = { ok: false, error: { code: 'not_found', message: 'That superbill batch is no longer here', fields: {} } };
    const { type, body, jsonLength } = frame(value);
    expect(type).toBe('application/json');
    expect(jsonLength).toBeUndefined();
    expect(JSON.parse(body.toString('utf8'))).toEqual(value);
  });
});
