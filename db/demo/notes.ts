import type { MeasureId } from '../../shared/catalogs/outcome-measures';

/** The outcome measure a clinician would track for each condition, and what runners say. */
export const MAIN_MEASURE: Record<string, MeasureId | null> = {
  'runners-knee': 'kujala',
  'it-band-syndrome': 'lefs',
  'achilles-tendinopathy': 'visa_a',
  'plantar-fasciitis': 'faam_adl',
  'shin-splints': 'lefs',
  'stress-fracture-tibia': 'lefs',
  'stress-fracture-foot': 'faam_sports',
  'hamstring-strain': 'lefs',
  'hip-flexor': 'lefs',
  'piriformis-syndrome': 'lefs',
  'meralgia-paresthetica': 'psfs',
  overtraining: 'psfs',
  maintenance: null,
};

export const COMPLAINTS: Record<string, string> = {
  'runners-knee': 'Ache around the kneecap on stairs and after sitting; worse on downhill running',
  'it-band-syndrome': 'Sharp lateral knee pain that starts a few kilometres into runs and forces a stop',
  'achilles-tendinopathy': 'Morning stiffness in the Achilles, painful first steps, sore on hills and speed work',
  'plantar-fasciitis': 'Heel pain with the first steps in the morning, easing as the run goes on',
  'shin-splints': 'Diffuse pain along the inner shin during and after runs, tender to touch',
  'stress-fracture-tibia': 'Focal tibial pain, now walking pain-free after offloading; cleared to start return-to-run',
  'stress-fracture-foot': 'Forefoot pain on push-off, off running for four weeks, cleared for gradual return',
  'hamstring-strain': 'Pulling pain high in the hamstring on strides and when sitting on hard chairs',
  'hip-flexor': 'Front-of-hip tightness and pain on uphills and when lifting the knee',
  'piriformis-syndrome': 'Deep buttock pain with tingling down the back of the thigh after long runs',
  'meralgia-paresthetica': 'Burning and numbness over the outer thigh, worse with a tight waistband belt',
  overtraining: 'Heavy legs, poor sleep and a rising resting heart rate after a big training block',
  maintenance: 'No injury; wants to stay ahead of tightness through the training block',
};

export const PROGRESS_NOTES = [
  'Ran {km} km since last visit; pain {trend}.',
  'Completed the long run of {km} km; {trend}.',
  'Two easy runs and one workout this week; symptoms {trend}.',
  'Reports sleeping better; {trend} on runs up to {km} km.',
  'Missed a run for work travel; {trend}.',
];

export const OBJECTIVE_NOTES = [
  'Taut band with local twitch in the target muscle; tenderness reduced from last visit.',
  'Palpation less reactive; range of motion full and pain-free.',
  'Still tender at the insertion; strength 4+/5 on the affected side.',
  'Gait smoother, cadence up slightly; single-leg squat control improved.',
];

export const HOME_CARE = [
  'Heat 10 min before runs; hip abductor strength 3×/week.',
  'Eccentric calf raises 3×15 daily; keep runs easy and flat this week.',
  'Foam roll quads and glutes; reduce weekly volume by 20% for one week.',
  'Mobility routine after runs; one rest day between harder sessions.',
];
