import { lazy } from 'react';
import { oneAtATime } from '../when-quiet';

/**
 * The screens the first one does not need, each in its own chunk (issue 38, launch to Review's rows).
 * Review is what the app opens on, so its screen, the recovery screens and sign-in stay in the first
 * bundle; the charting forms, the body chart, Settings and the rest were most of what the page parsed
 * and ran before it could ask its first question. They are fetched once the first screen has drawn
 * (`fetchTheRest`), so opening one later does not wait for the disk either.
 */
const loaders = {
  AssessmentForm: () => import('./AssessmentForm').then((m) => ({ default: m.AssessmentForm })),
  CaseForm: () => import('./CaseForm').then((m) => ({ default: m.CaseForm })),
  CaseView: () => import('./CaseView').then((m) => ({ default: m.CaseView })),
  PatientForm: () => import('./PatientForm').then((m) => ({ default: m.PatientForm })),
  PatientList: () => import('./PatientList').then((m) => ({ default: m.PatientList })),
  Search: () => import('./Search').then((m) => ({ default: m.Search })),
  SuperbillBatch: () => import('./SuperbillBatch').then((m) => ({ default: m.SuperbillBatch })),
  VisitChart: () => import('./VisitChart').then((m) => ({ default: m.VisitChart })),
  Settings: () => import('./Settings').then((m) => ({ default: m.Settings })),
  AuditLog: () => import('./AuditLog').then((m) => ({ default: m.AuditLog })),
};

export const AssessmentForm = lazy(loaders.AssessmentForm);
export const CaseForm = lazy(loaders.CaseForm);
export const CaseView = lazy(loaders.CaseView);
export const PatientForm = lazy(loaders.PatientForm);
export const PatientList = lazy(loaders.PatientList);
export const Search = lazy(loaders.Search);
export const SuperbillBatch = lazy(loaders.SuperbillBatch);
export const VisitChart = lazy(loaders.VisitChart);
export const Settings = lazy(loaders.Settings);
export const AuditLog = lazy(loaders.AuditLog);

let fetched = false;
/**
 * Every later screen's chunk, fetched once while the practitioner reads the first screen (a failed
 * fetch is tried again on opening it). One at a time, each when the page is next idle: asked for at
 * once, the seventeen chunks were parsed and run in one stretch of some 90 ms, and a click's answer
 * arriving then waited behind it (the cold start's longest call, issue 38).
 */
export function fetchTheRest(): void {
  if (fetched) return;
  fetched = true;
  oneAtATime(Object.values(loaders));
}
