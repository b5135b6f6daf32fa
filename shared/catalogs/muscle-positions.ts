/**
 * Each catalog muscle's usual dry-needling area on the body figure: the centre of the area where
 * its trigger points are most often needled, by landmark and proportional offset as for the points
 * (shared/catalogs/body-landmarks.ts), with the area's half-width and half-height in cun so the chart
 * can shade it. Right side only; the left is its mirror. The view is the one the muscle is needled
 * from: the lumbar and posterior hip and thigh muscles, the calf and the sole prone on the back view,
 * the front of the hip, thigh and shin on the front view, the lateral hip and the fibulars on the side.
 */
import {
  CALF,
  HEIGHT as H,
  LEG_SIDE,
  MEDIAL_LEG,
  SHIN,
  THIGH_BACK,
  THIGH_FRONT,
  THIGH_SIDE,
  along,
  belowSpinousProcess as spine,
  type BodyPosition,
  type FigureView,
  type Segment,
} from './body-landmarks';

export interface MuscleArea extends BodyPosition {
  /** Half-width and half-height of the needling area, in cun. */
  rx: number;
  ry: number;
}

const area = (view: FigureView, x: number, y: number, rx: number, ry: number): MuscleArea => ({ view, x, y, rx, ry });
const on = (view: FigureView, segment: Segment, cun: number, across: number, rx: number, ry: number): MuscleArea => ({
  view,
  ...along(segment, cun, across),
  rx,
  ry,
});

const POSITIONS: Readonly<Record<string, MuscleArea>> = {
  'quadratus-lumborum': area('back', 3.6, spine('L2'), 0.8, 1.8), // between the 12th rib and the iliac crest, lateral to the erectors
  'erector-spinae': area('back', 2.0, spine('L1'), 0.7, 2.6),
  multifidus: area('back', 0.8, spine('L4'), 0.45, 1.8),
  psoas: area('front', 2.4, H.umbilicus + 1.5, 0.6, 1.8), // deep to the abdomen, beside the rectus
  iliacus: area('front', 4.4, H.pubicSymphysisUpper - 1.5, 0.7, 1.2), // inside the iliac crest's front
  'tensor-fasciae-latae': area('side', 1.9, H.greaterTrochanter + 0.5, 0.7, 1.6),
  'gluteus-maximus': area('back', 3.6, H.glutealFold - 2.0, 1.6, 1.4),
  'gluteus-medius': area('back', 5.2, H.greaterTrochanter - 2.2, 1.4, 1.0),
  'gluteus-minimus': area('side', 0.3, H.greaterTrochanter - 1.6, 1.0, 0.9),
  piriformis: area('back', 4.2, H.greaterTrochanter + 0.6, 1.3, 0.5), // sacrum's edge to the greater trochanter
  'rectus-femoris': on('front', THIGH_FRONT, 8, 0.1, 0.7, 3.0),
  'vastus-lateralis': on('side', THIGH_SIDE, 11, 0.3, 0.8, 3.2),
  'vastus-medialis': on('front', THIGH_FRONT, 14, -1.2, 0.7, 1.4), // just above and medial to the patella
  sartorius: on('front', THIGH_FRONT, 7, -1.0, 0.5, 2.2),
  'adductor-longus': area('front', 2.0, H.pubicSymphysisUpper + 4, 0.6, 2.0),
  'adductor-magnus': on('back', THIGH_BACK, 6, -1.6, 0.6, 3.0),
  gracilis: area('front', 1.8, H.pubicSymphysisUpper + 10, 0.4, 3.0),
  'biceps-femoris': on('back', THIGH_BACK, 7, 0.9, 0.6, 3.5),
  semitendinosus: on('back', THIGH_BACK, 6, -0.5, 0.5, 3.2),
  semimembranosus: on('back', THIGH_BACK, 10, -0.9, 0.5, 2.4),
  'gastrocnemius-medial': on('back', CALF, 4, -0.65, 0.6, 2.0),
  'gastrocnemius-lateral': on('back', CALF, 4, 0.65, 0.55, 2.0),
  soleus: on('back', CALF, 9.5, 0, 0.9, 1.8),
  popliteus: on('back', CALF, 1.2, -0.2, 0.6, 0.5),
  'tibialis-anterior': on('front', SHIN, 5, 0.55, 0.5, 2.6),
  'tibialis-posterior': on('back', CALF, 7.5, -0.6, 0.4, 1.8), // deep, reached past the soleus from behind
  'flexor-digitorum-longus': on('front', MEDIAL_LEG, 7, -0.4, 0.35, 2.0), // behind the tibia's medial border
  'flexor-hallucis-longus': on('back', CALF, 12.5, 0.5, 0.4, 1.5),
  'extensor-digitorum-longus': on('front', SHIN, 8, 1.25, 0.45, 2.6),
  'fibularis-longus': on('side', LEG_SIDE, 4, -0.1, 0.5, 2.2),
  'fibularis-brevis': on('side', LEG_SIDE, 11, -0.3, 0.45, 1.6),
  'abductor-hallucis': area('front', 2.3, H.malleolus + 2.1, 0.3, 0.8), // the medial border of the foot
  'flexor-digitorum-brevis': area('back', 3.85, H.sole - 0.35, 0.45, 0.3), // the sole, seen under the heel
  'quadratus-plantae': area('back', 4.65, H.sole - 0.35, 0.35, 0.3),
};

export function muscleArea(id: string): MuscleArea | undefined {
  return POSITIONS[id];
}

export const MUSCLE_AREAS: ReadonlyMap<string, MuscleArea> = new Map(Object.entries(POSITIONS));
