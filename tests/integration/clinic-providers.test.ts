import { describe, expect, it } from 'vitest';
import type { Clinic } from '../../shared/clinic';
import { errorOf, testDb, valueOf } from '../support/db';

const provider = {
  name: 'Mara Quinn',
  credentials: 'L.Ac.',
  npi: '1234567893',
  licenseNumber: 'AC-2291',
  licenseState: 'or',
  taxonomyCode: '171100000x',
  signatureName: 'Mara Quinn, L.Ac.',
};

describe('clinic settings', () => {
  it('start empty, save, and update with an audit row naming the changed fields', async () => {
    const { call, db, clock } = await testDb();
    expect(valueOf(await call('getClinic', {}))).toBeNull();
    const saved = valueOf(await call('saveClinic', { name: ' Stride Acupuncture ', taxId: '93-1234567', phone: '(503) 555-0142', state: 'or' })) as Clinic;
    expect(saved).toMatchObject({ name: 'Stride Acupuncture', taxId: '93-1234567', state: 'OR', placeOfService: '11', city: null });
    clock.advance(60_000);
    const { updatedAt: _u, ...again } = saved;
    valueOf(await call('saveClinic', { ...again, city: 'Portland' }));
    expect(await db.all('SELECT action, entity, detail FROM audit_log ORDER BY id')).toEqual([
      { action: 'create', entity: 'clinic', detail: null },
      { action: 'update', entity: 'clinic', detail: 'city' },
    ]);
  });

  it.each([
    [{ name: '' }, 'name', 'Clinic name is required'],
    [{ name: 'X', taxId: '123456789' }, 'taxId', 'Tax ID (EIN) must look like 12-3456789'],
    [{ name: 'X', phone: 'call me' }, 'phone', 'Phone must be 7–15 digits, e.g. (503) 555-0142'],
    [{ name: 'X', postalCode: '9721' }, 'postalCode', 'ZIP code must be 5 digits or ZIP+4 (97214-1234)'],
    [{ name: 'X', placeOfService: '1' }, 'placeOfService', 'Place of service must be a two-digit CMS code such as 11 (office)'],
    [{ name: 'X', color: 'red' }, '_', expect.stringContaining('color')],
  ])('refuses %j with a field error on %s and writes nothing', async (input, field, message) => {
    const { call, db } = await testDb();
    const error = errorOf(await call('saveClinic', input));
    expect(error.code).toBe('invalid_input');
    expect(error.fields[field]).toEqual(message);
    expect(await db.get('SELECT count(*) AS n FROM clinic')).toEqual({ n: 0 });
    expect(await db.get('SELECT count(*) AS n FROM audit_log')).toEqual({ n: 0 });
  });
});

describe('providers', () => {
  it('save with normalised codes, list, and update', async () => {
    const { call } = await testDb();
    const p = valueOf(await call('saveProvider', provider)) as { id: number };
    expect(p).toMatchObject({ id: 1, licenseState: 'OR', taxonomyCode: '171100000X', active: true });
    valueOf(await call('saveProvider', { ...provider, id: p.id, credentials: 'L.Ac., DPT' }));
    expect(valueOf(await call('listProviders', {}))).toMatchObject([{ id: 1, credentials: 'L.Ac., DPT' }]);
  });

  it('refuses an NPI whose check digit is wrong, naming the NPI field', async () => {
    const { call, db } = await testDb();
    const error = errorOf(await call('saveProvider', { ...provider, npi: '1234567890' }));
    expect(error.fields).toEqual({ npi: 'NPI check digit does not match — re-check the number' });
    expect(error.message).toBe('NPI check digit does not match — re-check the number');
    expect(await db.get('SELECT count(*) AS n FROM provider')).toEqual({ n: 0 });
  });

  it('refuses a second provider with the same NPI', async () => {
    const { call } = await testDb();
    valueOf(await call('saveProvider', provider));
    const error = errorOf(await call('saveProvider', { ...provider, name: 'Someone Else' }));
    expect(error).toMatchObject({ code: 'conflict', fields: { npi: 'This NPI already belongs to Mara Quinn' } });
  });

  it('reports every bad field at once', async () => {
    const { call } = await testDb();
    const error = errorOf(await call('saveProvider', { name: '', credentials: '', npi: '12', taxonomyCode: 'ABC', licenseState: 'Oregon' }));
    expect(Object.keys(error.fields).sort()).toEqual(['credentials', 'licenseState', 'name', 'npi', 'taxonomyCode']);
    expect(error.message).toMatch(/\(and 4 more problems\)$/);
  });
});
