import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../harness/server';

function send(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const u = new URL(url);
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: u.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('loopback harness', () => {
  let harness: Harness;
  let token: string;
  beforeAll(async () => {
    harness = await startHarness({ dbFile: join(mkdtempSync(join(tmpdir(), 'needlebook-h-')), 'h.db'), rendererDir: 'dist/renderer', log: () => {} });
    token = harness.token;
  });
  afterAll(() => harness.close());

  const json = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...extra });

  it("listens on 127.0.0.1 only, at an address that carries the run's key", () => {
    expect(harness.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?key=[0-9a-f]{48}$/);
  });

  it("serves the page only with the key, and the bridge (which holds the token) only with the key's cookie", async () => {
    expect((await send(harness.url, '/')).status).toBe(403);
    expect((await send(harness.url, '/harness-bridge.js')).status).toBe(403);
    expect((await send(harness.url, '/harness-bridge.js', { headers: { cookie: `needlebook_key=${'0'.repeat(48)}` } })).status).toBe(403);
    const page = await send(harness.url, `/?key=${token}`);
    expect(page.status).toBe(200);
    const setCookie = String(page.headers['set-cookie']);
    expect(setCookie).toContain(`needlebook_key=${token}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const bridge = await send(harness.url, '/harness-bridge.js', { headers: { cookie: `other=1; needlebook_key=${token}` } });
    expect(bridge.status).toBe(200);
    expect(bridge.body).toContain(token);
  });

  it('answers the contract with the token', async () => {
    const r = await send(harness.url, '/api/listProviders', { method: 'POST', headers: json({ 'x-needlebook-token': token }), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ ok: true, value: [] });
  });

  it('returns field errors as data', async () => {
    const r = await send(harness.url, '/api/saveClinic', { method: 'POST', headers: json({ 'x-needlebook-token': token }), body: '{"name":""}' });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { name: 'Clinic name is required' } } });
  });

  it.each([
    ['no token', json(), 403],
    ['a wrong token', json({ 'x-needlebook-token': 'f'.repeat(48) }), 403],
    ['a foreign Host header (DNS rebinding)', json({ host: 'evil.example:80' }), 421],
    ['a form post instead of JSON', { 'content-type': 'text/plain' }, 403],
  ])('refuses a call with %s', async (_what, headers, status) => {
    const r = await send(harness.url, '/api/listProviders', { method: 'POST', headers, body: '{}' });
    expect(r.status).toBe(status);
  });

  it('refuses non-JSON bodies even with the token', async () => {
    const r = await send(harness.url, '/api/listProviders', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-needlebook-token': token },
      body: '{}',
    });
    expect(r.status).toBe(415);
  });

  it('serves the renderer with the CSP and the bridge injected before the app', async () => {
    const r = await send(harness.url, `/?key=${token}`);
    expect(r.status).toBe(200);
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    expect(r.body.indexOf('harness-bridge.js')).toBeLessThan(r.body.indexOf('type="module"'));
  });

  it("serves a month batch's download only with the key's cookie, and only a batch that is there", async () => {
    const path = '/downloads/superbills/0f8e2c1a-5b7d-4e3f-9a6b-2c4d6e8f0a1b';
    expect((await send(harness.url, path)).status).toBe(403);
    expect((await send(harness.url, path, { headers: { cookie: `needlebook_key=${'0'.repeat(48)}` } })).status).toBe(403);
    const missing = await send(harness.url, path, { headers: { cookie: `needlebook_key=${token}` } });
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('start it again');
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/db/open.ts']) {
      expect((await send(harness.url, path)).status).toBe(404);
    }
  });
});
