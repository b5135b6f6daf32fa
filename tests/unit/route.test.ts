import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from '../../renderer/src/route';

describe('screens by address', () => {
  it.each<[string, Route]>([
    ['', { screen: 'review' }],
    ['#/', { screen: 'review' }],
    ['#/review', { screen: 'review' }],
    ['#/patients', { screen: 'patients' }],
    ['#/patients/new', { screen: 'patient', id: 'new' }],
    ['#/patients/12', { screen: 'patient', id: 12 }],
    ['#/patients/12/cases/new', { screen: 'caseForm', patientId: 12, id: 'new' }],
    ['#/cases/5', { screen: 'case', id: 5 }],
    ['#/cases/5/edit', { screen: 'caseForm', patientId: 0, id: 5 }],
    ['#/visits/9', { screen: 'visit', id: 9 }],
    ['#/assessments/3', { screen: 'assessment', id: 3 }],
    ['#/search?q=taut%20band', { screen: 'search', query: 'taut band' }],
    ['#/settings', { screen: 'settings' }],
    ['#/settings/clinic', { screen: 'settings' }],
    ['#/settings/fees', { screen: 'settings', part: 'fees' }],
    ['#/settings/records', { screen: 'settings', part: 'records' }],
    ['#/settings/import', { screen: 'settings', part: 'import' }],
    ['#/settings/nonsense', { screen: 'settings' }],
    ['#/superbills', { screen: 'superbills' }],
    ['#/audit', { screen: 'audit', patientId: null }],
    ['#/audit?patient=12', { screen: 'audit', patientId: 12 }],
    ['#/audit?patient=x', { screen: 'audit', patientId: null }],
    ['#/patients/abc', { screen: 'patients' }],
    ['#/visits/-1', { screen: 'review' }],
    ['#/nowhere', { screen: 'review' }],
  ])('%s → %j', (hash, route) => expect(parseRoute(hash)).toEqual(route));

  it.each<Route>([
    { screen: 'review' },
    { screen: 'patients' },
    { screen: 'patient', id: 'new' },
    { screen: 'patient', id: 7 },
    { screen: 'caseForm', patientId: 7, id: 'new' },
    { screen: 'case', id: 4 },
    { screen: 'visit', id: 2 },
    { screen: 'assessment', id: 8 },
    { screen: 'search', query: 'heel pain' },
    { screen: 'settings' },
    { screen: 'settings', part: 'phrases' },
    { screen: 'superbills' },
    { screen: 'audit', patientId: 7 },
    { screen: 'audit', patientId: null },
  ])('href(%j) parses back to itself', (route) => expect(parseRoute(href(route))).toEqual(route));
});
