/**
 * The body figure's landmarks and proportions, in B-cun (the WHO standard's proportional bone
 * measurement). The figure is a neutral adult in the anatomical position, palms forward, about 72 cun
 * from vertex to sole: every height below is measured down from the vertex, every width out from the
 * midline. A point's position is a landmark plus proportional offsets, so it moves with the figure if
 * the figure's proportions are ever changed, and the proportions the standard names are written once,
 * here:
 *
 * - suprasternal fossa to xiphisternal junction 9, xiphisternal junction to umbilicus 8, umbilicus to
 *   the upper border of the pubic symphysis 5; between the nipples 8;
 * - anterior axillary fold to cubital crease 9, cubital crease to wrist crease 12;
 * - upper border of the pubic symphysis to the medial epicondyle of the femur 18, greater trochanter to
 *   popliteal crease 19, gluteal fold to popliteal crease 14, popliteal crease to the prominence of the
 *   lateral malleolus 16, inferior border of the medial tibial condyle to the prominence of the medial
 *   malleolus 13;
 * - anterior to posterior hairline 12 over the head.
 */

/** Front and back views are seen face on; the side view shows the right side (the left mirrored). */
export type FigureView = 'front' | 'back' | 'side';
export const FIGURE_VIEWS: readonly FigureView[] = ['front', 'back', 'side'];

/**
 * Where a point or a muscle's needling area sits on the patient's right side (or the midline):
 * on the front and back views `x` is the distance out from the midline, on the side view it is the
 * distance in front of (positive) or behind (negative) the mid-coronal plane; `y` is the height down
 * from the vertex. Left-side marks are the mirror image, worked out by the chart, never stored.
 */
export interface BodyPosition {
  view: FigureView;
  x: number;
  y: number;
}

// ---------------------------------------------------------------- trunk (front)

/** Heights down from the vertex. */
export const HEIGHT = {
  anteriorHairline: 2.9,
  eyebrow: 4.3,
  innerCanthus: 4.9,
  noseTip: 6.6,
  mouth: 7.6,
  chin: 9.3,
  laryngealProminence: 10.6,
  suprasternalFossa: 12.5,
  clavicleLowerBorder: 13.3,
  xiphisternalJunction: 21.5,
  umbilicus: 29.5,
  pubicSymphysisUpper: 34.5,
  perineum: 36.8,
  acromion: 13.6,
  axillaryFold: 16.6,
  cubitalCrease: 25.6,
  wristCrease: 37.6,
  greaterTrochanter: 34.5,
  glutealFold: 39.5,
  medialEpicondyleFemur: 52.5,
  patellaBase: 50.8,
  poplitealCrease: 53.5,
  medialTibialCondyle: 56.5,
  malleolus: 69.5,
  sole: 72.6,
  /** Posterior hairline, and the external occipital protuberance's upper border above it. */
  posteriorHairline: 9.2,
  occipitalProtuberance: 6.6,
} as const;

/** How far out from the midline the greater trochanter's prominence lies (front and back views). */
export const TROCHANTER_WIDTH = 7.0;

/** The intercostal spaces' heights on the front of the chest (1st to 7th). */
export function intercostalSpace(n: 1 | 2 | 3 | 4 | 5 | 6 | 7): number {
  return HEIGHT.clavicleLowerBorder + 1.1 + (n - 1) * 1.6;
}

/** `cun` above (negative: below) the umbilicus. */
export const aboveUmbilicus = (cun: number): number => HEIGHT.umbilicus - cun;

// ---------------------------------------------------------------- spine (back)

const VERTEBRAE = ['C7', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5'] as const;
export type Vertebra = (typeof VERTEBRAE)[number];

/** The depression below a spinous process: C7 at 11.8, thoracic every 1.2 cun, lumbar every 1.4. */
export function belowSpinousProcess(v: Vertebra): number {
  const i = VERTEBRAE.indexOf(v);
  const thoracic = Math.min(i, 12);
  const lumbar = Math.max(0, i - 12);
  return 11.8 + thoracic * 1.2 + lumbar * 1.4;
}

/** The posterior sacral foramina, 1st to 4th, below L5. */
export const sacralForamen = (n: 1 | 2 | 3 | 4): number => belowSpinousProcess('L5') + n * 1.05;
export const SACRAL_HIATUS = sacralForamen(4) + 0.8;
export const COCCYX_TIP = SACRAL_HIATUS + 0.8;

/** Lines on the back: the inner Bladder line 1.5 cun from the midline, the outer line 3. */
export const BACK_LINE = { inner: 1.5, outer: 3 } as const;

// ---------------------------------------------------------------- limbs

type Xy = readonly [number, number];

/**
 * A limb segment between two landmarks with the standard's length in cun: a point `cun` along it
 * from the first landmark, moved `across` cun sideways (positive: away from the midline on the front
 * and back views, forward on the side view).
 */
export interface Segment {
  from: Xy;
  to: Xy;
  cun: number;
}

export function along(segment: Segment, cun: number, across = 0): { x: number; y: number } {
  const t = cun / segment.cun;
  const x = segment.from[0] + (segment.to[0] - segment.from[0]) * t;
  const y = segment.from[1] + (segment.to[1] - segment.from[1]) * t;
  // Sideways is horizontal: the limbs hang nearly straight, and it keeps "lateral" meaning "further out".
  return { x: x + across, y };
}

/** Arm, front or back view: axillary fold to cubital crease (9 cun), along the middle of the limb. */
export const UPPER_ARM: Segment = { from: [8.7, HEIGHT.axillaryFold], to: [9.7, HEIGHT.cubitalCrease], cun: 9 };
/** Forearm, front or back view: cubital crease to wrist crease (12 cun). */
export const FOREARM: Segment = { from: [9.7, HEIGHT.cubitalCrease], to: [11.9, HEIGHT.wristCrease], cun: 12 };
/** Front view, the anterior leg: beside the tibial crest from the knee crease to the ankle (16 cun). */
export const SHIN: Segment = { from: [4.0, HEIGHT.poplitealCrease], to: [3.8, HEIGHT.malleolus], cun: 16 };
/** Front view, the medial leg: the tibia's medial border, medial condyle to medial malleolus (13 cun). */
export const MEDIAL_LEG: Segment = { from: [2.55, HEIGHT.medialTibialCondyle], to: [2.75, HEIGHT.malleolus], cun: 13 };
/** Front view, the thigh: pubic symphysis level to the patella base (18 cun less the patella's 1.7). */
export const THIGH_FRONT: Segment = { from: [5.2, HEIGHT.pubicSymphysisUpper], to: [4.2, HEIGHT.patellaBase], cun: 16.3 };
/** Back view, the posterior thigh and leg: gluteal fold to popliteal crease (14), crease to heel (16). */
export const THIGH_BACK: Segment = { from: [4.2, HEIGHT.glutealFold], to: [4.1, HEIGHT.poplitealCrease], cun: 14 };
export const CALF: Segment = { from: [4.1, HEIGHT.poplitealCrease], to: [4.0, HEIGHT.malleolus], cun: 16 };
/** Side view, the lateral thigh and leg: greater trochanter to popliteal crease (19), crease to malleolus (16). */
export const THIGH_SIDE: Segment = { from: [-0.3, HEIGHT.greaterTrochanter], to: [-0.2, HEIGHT.poplitealCrease], cun: 19 };
export const LEG_SIDE: Segment = { from: [0.2, HEIGHT.poplitealCrease], to: [0.2, HEIGHT.malleolus], cun: 16 };

// ---------------------------------------------------------------- outlines

/**
 * The figure's outlines, drawn by the screen and the reports alike. Front and back share one
 * silhouette (right half, from the vertex round to the crotch; the left half is its mirror); the
 * side view's profile is one closed line, face to the right.
 */
export const HALF_SILHOUETTE: readonly Xy[] = [
  [0, 0],
  [1.6, 0.25],
  [2.8, 1.2],
  [3.5, 2.8],
  [3.6, 4.6],
  [3.3, 6.6],
  [2.6, 8.2],
  [1.4, 9.3],
  [1.8, 9.9],
  [1.9, 11.4],
  [3.6, 12.1],
  [6.4, 12.6],
  [8.3, 13.2],
  [9.2, 14.6],
  [9.6, 17],
  [9.9, 21],
  [10.7, 25],
  [11.6, 29],
  [12.4, 33],
  [12.9, 37.2],
  [13.8, 39],
  [14.0, 40.6],
  [13.3, 41.2],
  [12.9, 44.4],
  [12.3, 45.6],
  [11.6, 45.2],
  [11.0, 43.6],
  [10.8, 40.2],
  [10.9, 37.6],
  [9.9, 32],
  [9.2, 28],
  [8.6, 25.4],
  [8.1, 21],
  [7.7, 17.2],
  [7.1, 16.6],
  [6.9, 19],
  [6.6, 24],
  [6.2, 28.5],
  [6.7, 32],
  [7.3, 35],
  [7.2, 40],
  [6.6, 45],
  [5.8, 50],
  [5.5, 53.5],
  [5.7, 57],
  [5.2, 62],
  [4.6, 67],
  [4.8, 69.5],
  [5.3, 71.4],
  [5.1, 73.6],
  [4.3, 74.2],
  [2.7, 74.1],
  [2.3, 72.6],
  [2.4, 69.5],
  [2.2, 66],
  [2.3, 60],
  [2.1, 56],
  [2.1, 52],
  [1.6, 46],
  [1.0, 41.5],
  [0.4, 40.3],
  [0, 40],
];

export const SIDE_PROFILE: readonly Xy[] = [
  [0, 0],
  [-2.4, 0.6],
  [-3.6, 2.5],
  [-4.0, 5],
  [-3.5, 7.5],
  [-2.1, 8.9],
  [-1.5, 9.6],
  [-1.6, 11.3],
  [-2.9, 13.4],
  [-3.3, 17],
  [-3.0, 22],
  [-2.3, 27],
  [-3.1, 32],
  [-3.9, 36],
  [-3.3, 39.5],
  [-2.7, 44],
  [-1.8, 50],
  [-1.5, 53.5],
  [-2.5, 57.5],
  [-1.8, 63],
  [-1.1, 68],
  [-1.6, 70.8],
  [-1.3, 72.6],
  [5.6, 72.6],
  [6.7, 72.3],
  [6.5, 71.6],
  [4.6, 70.9],
  [2.3, 70.0],
  [1.1, 68.8],
  [0.9, 63],
  [1.3, 57],
  [1.7, 53.8],
  [2.2, 51.2],
  [2.5, 46],
  [2.9, 41],
  [3.0, 36],
  [3.3, 33],
  [3.6, 29],
  [3.2, 24],
  [3.7, 20],
  [3.4, 15],
  [2.4, 12.9],
  [1.4, 11.3],
  [1.6, 10],
  [2.8, 9.4],
  [3.2, 8.4],
  [3.4, 7.4],
  [3.5, 7.1],
  [4.3, 6.6],
  [3.6, 5.2],
  [3.8, 4.3],
  [3.6, 2.8],
  [2.4, 0.8],
  [0, 0],
];

/** The ear on the side view: centre and radii, for the eye to find its way round the head. */
export const SIDE_EAR = { x: -0.2, y: 5.7, rx: 0.55, ry: 1.3 } as const;
