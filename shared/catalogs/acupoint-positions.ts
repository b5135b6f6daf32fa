/**
 * Where each of the 361 channel points sits on the body figure, located as the WHO standard locates
 * it: a landmark of shared/catalogs/body-landmarks.ts plus proportional offsets in B-cun. Each entry is
 * the patient's right side (or the midline); the left is its mirror. The view follows from where the
 * point lies: anterior and medial points on the front view, posterior ones (the Bladder channel's back
 * and leg, the Governor Vessel, the back of the arm) on the back view, lateral ones (the side of the
 * head, trunk and leg, the outer foot) on the side view.
 */
import {
  BACK_LINE,
  CALF,
  COCCYX_TIP,
  FOREARM,
  HEIGHT as H,
  LEG_SIDE,
  MEDIAL_LEG,
  SACRAL_HIATUS,
  SHIN,
  THIGH_BACK,
  THIGH_FRONT,
  THIGH_SIDE,
  TROCHANTER_WIDTH,
  UPPER_ARM,
  aboveUmbilicus,
  along,
  belowSpinousProcess as spine,
  intercostalSpace as ics,
  sacralForamen,
  type BodyPosition,
  type FigureView,
  type Segment,
} from './body-landmarks';

const front = (x: number, y: number): BodyPosition => ({ view: 'front', x, y });
const back = (x: number, y: number): BodyPosition => ({ view: 'back', x, y });
const side = (x: number, y: number): BodyPosition => ({ view: 'side', x, y });
const on = (view: FigureView, segment: Segment, cun: number, across = 0): BodyPosition => ({ view, ...along(segment, cun, across) });

/** `cun` above the wrist crease, along the forearm. */
const aboveWrist = (cun: number) => FOREARM.cun - cun;
/** `cun` above the prominence of the malleolus, along the lateral leg (16 cun) or the medial leg (13). */
const aboveLateralMalleolus = (cun: number) => LEG_SIDE.cun - cun;
const aboveMedialMalleolus = (cun: number) => MEDIAL_LEG.cun - cun;
/** `cun` above the patella base, along the front of the thigh. */
const abovePatella = (cun: number) => THIGH_FRONT.cun - cun;
/** `cun` above the popliteal crease, along the side of the thigh. */
const abovePopliteal = (cun: number) => THIGH_SIDE.cun - cun;
/** Posterior midline of the head: `cun` above the posterior hairline (GV20 is 7 above), foreshortened over the crown. */
const overTheBackOfHead = (cun: number) => H.posteriorHairline - (H.posteriorHairline - 0.3) * (cun / 7);
/** Front of the head: `cun` behind the anterior hairline (GV20 is 5 behind), foreshortened likewise. */
const intoAnteriorHairline = (cun: number) => H.anteriorHairline - (H.anteriorHairline - 0.2) * (cun / 5);

const LU: readonly BodyPosition[] = [
  front(6, ics(1)), // LU1: 1 cun below the infraclavicular fossa, 6 cun lateral
  front(6, H.clavicleLowerBorder - 0.4), // LU2: infraclavicular fossa
  on('front', UPPER_ARM, 3, 0.55), // LU3: 3 cun below the axillary fold, radial to biceps
  on('front', UPPER_ARM, 4, 0.55),
  on('front', FOREARM, 0, 0.65), // LU5: cubital crease, radial to the biceps tendon
  on('front', FOREARM, 5, 0.75), // LU6: 7 cun above the wrist crease
  on('front', FOREARM, aboveWrist(1.5), 0.8),
  on('front', FOREARM, aboveWrist(1), 0.75),
  on('front', FOREARM, aboveWrist(0), 0.7), // LU9: wrist crease, radial artery
  front(12.95, 39.3), // LU10: thenar eminence
  front(13.75, 40.6), // LU11: thumb
];

const LI: readonly BodyPosition[] = [
  back(12.75, 44.9), // LI1: index finger
  back(12.85, 43.2),
  back(12.95, 41.7),
  back(13.0, 39.6), // LI4: between the 1st and 2nd metacarpals
  on('back', FOREARM, aboveWrist(0), 0.75), // LI5: anatomical snuffbox
  on('back', FOREARM, aboveWrist(3), 0.8),
  on('back', FOREARM, aboveWrist(5), 0.8),
  on('back', FOREARM, 4, 0.8), // LI8: 4 cun below LI11
  on('back', FOREARM, 3, 0.8),
  on('back', FOREARM, 2, 0.8),
  on('back', FOREARM, 0, 0.85), // LI11: lateral end of the cubital crease
  on('back', UPPER_ARM, 8, 0.95), // LI12: 1 cun above the lateral epicondyle
  on('back', UPPER_ARM, 6, 0.75), // LI13: 3 cun above LI11
  on('back', UPPER_ARM, 2, 0.6), // LI14: deltoid insertion, 7 cun above LI11
  back(8.75, H.acromion + 0.3), // LI15: acromion, anterior depression
  back(6.5, 13.0), // LI16: between the clavicle's acromial end and the scapular spine
  front(2.3, H.laryngealProminence + 1.0), // LI17: posterior border of SCM, 1 cun below LI18
  front(2.1, H.laryngealProminence), // LI18: level with the laryngeal prominence
  front(0.5, H.noseTip + 0.55), // LI19: below the nostril
  front(0.85, H.noseTip + 0.2), // LI20: nasolabial groove, beside the ala
];

const ST: readonly BodyPosition[] = [
  front(1.2, H.innerCanthus + 0.7), // ST1: below the pupil, infra-orbital margin
  front(1.2, H.innerCanthus + 1.2),
  front(1.2, H.noseTip + 0.3),
  front(1.35, H.mouth), // ST4: beside the corner of the mouth
  side(1.6, H.chin - 0.7), // ST5: anterior to the mandible's angle
  side(0.9, 7.8), // ST6: masseter
  side(1.4, 5.9), // ST7: mandibular notch
  side(2.3, H.anteriorHairline - 0.4), // ST8: corner of the forehead, 4.5 cun lateral to GV24
  front(1.5, H.laryngealProminence), // ST9: level with the laryngeal prominence
  front(1.6, H.laryngealProminence + 0.75),
  front(1.25, H.suprasternalFossa - 0.3), // ST11: above the sternal end of the clavicle
  front(4, H.suprasternalFossa + 0.2), // ST12: supraclavicular fossa, 4 cun lateral
  front(4, H.clavicleLowerBorder),
  front(4, ics(1)),
  front(4, ics(2)),
  front(4, ics(3)),
  front(4, ics(4)), // ST17: the nipple
  front(4, ics(5)),
  front(2, aboveUmbilicus(6)), // ST19–ST30: 2 cun lateral to the anterior midline
  front(2, aboveUmbilicus(5)),
  front(2, aboveUmbilicus(4)),
  front(2, aboveUmbilicus(3)),
  front(2, aboveUmbilicus(2)),
  front(2, aboveUmbilicus(1)),
  front(2, H.umbilicus), // ST25
  front(2, aboveUmbilicus(-1)),
  front(2, aboveUmbilicus(-2)),
  front(2, aboveUmbilicus(-3)),
  front(2, aboveUmbilicus(-4)),
  front(2, H.pubicSymphysisUpper), // ST30
  on('front', THIGH_FRONT, 1.8, 0.1), // ST31: below the ASIS, level with the lower pubic border
  on('front', THIGH_FRONT, abovePatella(6), 0.2), // ST32: 6 cun above the patella base
  on('front', THIGH_FRONT, abovePatella(3), 0.25),
  on('front', THIGH_FRONT, abovePatella(2), 0.5),
  on('front', SHIN, 0, 0.6), // ST35: lateral to the patellar ligament
  on('front', SHIN, 3, 0.7), // ST36: 3 cun below ST35, a finger-breadth lateral to the crest
  on('front', SHIN, 6, 0.7),
  on('front', SHIN, 8, 0.7),
  on('front', SHIN, 9, 0.7),
  on('front', SHIN, 8, 1.45), // ST40: level with ST38, two finger-breadths lateral
  on('front', SHIN, 16, 0.1), // ST41: the ankle's front, between the tendons
  front(3.95, H.malleolus + 1.3),
  front(4.2, H.malleolus + 2.5),
  front(4.3, H.malleolus + 3.6),
  front(4.45, H.malleolus + 4.3), // ST45: second toe
];

const SP: readonly BodyPosition[] = [
  front(2.65, H.malleolus + 4.25), // SP1: big toe
  front(2.55, H.malleolus + 3.5),
  front(2.45, H.malleolus + 2.7),
  front(2.4, H.malleolus + 1.9),
  front(2.5, H.malleolus + 0.6), // SP5: anterior-inferior to the medial malleolus
  on('front', MEDIAL_LEG, aboveMedialMalleolus(3)), // SP6: 3 cun above the medial malleolus
  on('front', MEDIAL_LEG, aboveMedialMalleolus(6)),
  on('front', MEDIAL_LEG, 3), // SP8: 3 cun below SP9
  on('front', MEDIAL_LEG, 0), // SP9: below the medial tibial condyle
  front(2.6, H.patellaBase - 2), // SP10: 2 cun above the medial end of the patella base
  front(2.7, H.patellaBase - 8),
  front(3.5, H.pubicSymphysisUpper), // SP12: inguinal crease, 3.5 cun lateral
  front(4, H.pubicSymphysisUpper - 0.7),
  front(4, aboveUmbilicus(-1.3)),
  front(4, H.umbilicus), // SP15
  front(4, aboveUmbilicus(3)),
  front(6, ics(5)), // SP17–SP20: 6 cun lateral
  front(6, ics(4)),
  front(6, ics(3)),
  front(6, ics(2)),
  side(0, ics(6)), // SP21: mid-axillary line, 6th intercostal space
];

const HT: readonly BodyPosition[] = [
  front(7.6, H.axillaryFold), // HT1: apex of the axilla
  on('front', UPPER_ARM, 6, -0.6), // HT2: 3 cun above the cubital crease, medial to biceps
  on('front', FOREARM, 0, -0.9), // HT3: medial end of the cubital crease
  on('front', FOREARM, aboveWrist(1.5), -0.75),
  on('front', FOREARM, aboveWrist(1), -0.75),
  on('front', FOREARM, aboveWrist(0.5), -0.75),
  on('front', FOREARM, aboveWrist(0), -0.75), // HT7: wrist crease, ulnar side
  front(11.35, 40.1), // HT8: palm, between the 4th and 5th metacarpals
  front(11.3, 44.3), // HT9: little finger
];

const SI: readonly BodyPosition[] = [
  back(11.05, 44.6), // SI1: little finger
  back(10.95, 42.8),
  back(10.85, 41.0),
  back(10.85, 38.8),
  on('back', FOREARM, aboveWrist(0), -0.9), // SI5: wrist, ulnar side
  on('back', FOREARM, aboveWrist(1), -0.85),
  on('back', FOREARM, aboveWrist(5), -0.8),
  on('back', FOREARM, 0, -0.9), // SI8: between olecranon and medial epicondyle
  back(8.3, H.axillaryFold - 1), // SI9: 1 cun above the posterior axillary fold
  back(7.7, H.acromion + 0.8), // SI10: below the scapular spine
  back(5.4, 17.0), // SI11: infraspinous fossa
  back(6.0, 14.2), // SI12: suprascapular fossa
  back(4.3, 14.4),
  back(3, spine('T1')), // SI14: 3 cun lateral to T1
  back(2, spine('C7')), // SI15: 2 cun lateral to C7
  side(-0.6, H.laryngealProminence - 0.1), // SI16: posterior border of SCM
  side(0.15, H.chin - 0.8), // SI17: behind the mandible's angle
  side(2.3, 6.3), // SI18: below the zygoma
  side(0.75, 5.9), // SI19: in front of the tragus
];

const BL_BACK_INNER = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5'] as const;
const BL_BACK_OUTER = ['T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T9', 'T10', 'T11', 'T12', 'L1', 'L2'] as const;

const BL: readonly BodyPosition[] = [
  front(0.55, H.innerCanthus), // BL1: inner canthus
  front(0.6, H.eyebrow), // BL2: medial end of the eyebrow
  front(0.6, intoAnteriorHairline(0.5)),
  front(1.5, intoAnteriorHairline(0.5)), // BL4: 1.5 cun lateral to GV24
  front(1.5, intoAnteriorHairline(1)),
  front(1.5, intoAnteriorHairline(2.5)),
  front(1.5, intoAnteriorHairline(4)),
  back(1.5, overTheBackOfHead(5.5)), // BL8: behind the vertex
  back(1.3, H.occipitalProtuberance), // BL9: level with the occipital protuberance
  back(1.3, H.posteriorHairline - 0.3), // BL10: beside the trapezius
  ...BL_BACK_INNER.map((v) => back(BACK_LINE.inner, spine(v))), // BL11–BL26
  ...([1, 2, 3, 4] as const).map((n) => back(BACK_LINE.inner, sacralForamen(n))), // BL27–BL30
  ...([1, 2, 3, 4] as const).map((n) => back(1.05 - n * 0.1, sacralForamen(n))), // BL31–BL34: the sacral foramina
  back(0.5, COCCYX_TIP), // BL35
  on('back', THIGH_BACK, 0), // BL36: middle of the gluteal fold
  on('back', THIGH_BACK, 6), // BL37: 6 cun below BL36
  on('back', THIGH_BACK, 13, 0.9), // BL38: 1 cun above BL39
  on('back', THIGH_BACK, 14, 0.9), // BL39: lateral end of the popliteal crease
  on('back', CALF, 0), // BL40: middle of the popliteal crease
  ...BL_BACK_OUTER.map((v) => back(BACK_LINE.outer, spine(v))), // BL41–BL52
  back(BACK_LINE.outer, sacralForamen(2)), // BL53
  back(BACK_LINE.outer, sacralForamen(4)), // BL54
  on('back', CALF, 2), // BL55: 2 cun below BL40
  on('back', CALF, 5),
  on('back', CALF, 8), // BL57: where the gastrocnemius bellies meet
  on('back', CALF, 9, 0.6), // BL58: 7 cun above BL60
  on('back', CALF, 13, 0.5), // BL59: 3 cun above BL60
  side(-0.8, H.malleolus), // BL60: between the lateral malleolus and the Achilles tendon
  side(-0.75, H.malleolus + 1.6), // BL61: below BL60, beside the calcaneus
  side(0.1, H.malleolus + 0.9), // BL62: below the lateral malleolus
  side(1.0, H.malleolus + 1.6),
  side(2.5, H.malleolus + 2.1), // BL64: tuberosity of the 5th metatarsal
  side(4.6, H.malleolus + 2.4),
  side(5.6, H.malleolus + 2.5),
  side(6.3, H.malleolus + 2.6), // BL67: little toe
];

const KI: readonly BodyPosition[] = [
  back(4.3, H.sole - 0.2), // KI1: the sole, drawn at the heel's edge of the back view
  front(2.35, H.malleolus + 1.5), // KI2: below the navicular tuberosity
  front(2.6, H.malleolus - 0.1), // KI3: between the medial malleolus and the Achilles tendon
  front(2.65, H.malleolus + 0.4),
  front(2.55, H.malleolus + 0.8),
  front(2.75, H.malleolus + 0.65), // KI6: below the medial malleolus
  on('front', MEDIAL_LEG, aboveMedialMalleolus(2), -0.25), // KI7: 2 cun above KI3
  on('front', MEDIAL_LEG, aboveMedialMalleolus(2), 0.1),
  on('front', MEDIAL_LEG, aboveMedialMalleolus(5), -0.3), // KI9: 5 cun above KI3
  back(3.1, H.poplitealCrease), // KI10: medial end of the popliteal crease
  front(0.5, H.pubicSymphysisUpper), // KI11–KI21: 0.5 cun lateral to the anterior midline
  front(0.5, aboveUmbilicus(-4)),
  front(0.5, aboveUmbilicus(-3)),
  front(0.5, aboveUmbilicus(-2)),
  front(0.5, aboveUmbilicus(-1)),
  front(0.5, H.umbilicus),
  front(0.5, aboveUmbilicus(2)),
  front(0.5, aboveUmbilicus(3)),
  front(0.5, aboveUmbilicus(4)),
  front(0.5, aboveUmbilicus(5)),
  front(0.5, aboveUmbilicus(6)),
  front(2, ics(5)), // KI22–KI27: 2 cun lateral
  front(2, ics(4)),
  front(2, ics(3)),
  front(2, ics(2)),
  front(2, ics(1)),
  front(2, H.clavicleLowerBorder),
];

const PC: readonly BodyPosition[] = [
  front(5, ics(4)), // PC1: 1 cun lateral to the nipple
  on('front', UPPER_ARM, 2), // PC2: 2 cun below the axillary fold
  on('front', FOREARM, 0, -0.25), // PC3: cubital crease, ulnar to the biceps tendon
  on('front', FOREARM, aboveWrist(5)),
  on('front', FOREARM, aboveWrist(3)),
  on('front', FOREARM, aboveWrist(2)), // PC6
  on('front', FOREARM, aboveWrist(0)),
  front(12.0, 40.2), // PC8: centre of the palm
  front(12.25, 45.2), // PC9: tip of the middle finger
];

const TE: readonly BodyPosition[] = [
  back(11.7, 44.9), // TE1: ring finger
  back(11.75, 42.6),
  back(11.85, 40.6),
  on('back', FOREARM, aboveWrist(0)), // TE4: dorsal wrist crease
  on('back', FOREARM, aboveWrist(2)),
  on('back', FOREARM, aboveWrist(3)),
  on('back', FOREARM, aboveWrist(3), -0.45), // TE7: ulnar to TE6
  on('back', FOREARM, aboveWrist(4)),
  on('back', FOREARM, 5), // TE9: 5 cun below the olecranon
  on('back', UPPER_ARM, 8), // TE10: 1 cun above the olecranon
  on('back', UPPER_ARM, 7),
  on('back', UPPER_ARM, 4.5),
  on('back', UPPER_ARM, 0.5), // TE13: posterior border of the deltoid
  back(8.45, H.acromion + 0.5), // TE14: posterior depression of the acromion
  back(5.0, 13.3), // TE15: superior angle of the scapula
  side(-0.9, H.chin - 0.6), // TE16: level with the mandible's angle, behind SCM
  side(-0.35, 7.25), // TE17: behind the ear lobe
  side(-0.75, 6.7),
  side(-0.8, 5.6),
  side(-0.2, 4.15), // TE20: above the apex of the ear
  side(0.8, 5.3), // TE21: in front of the supratragic notch
  side(1.2, 4.95),
  side(3.0, H.eyebrow), // TE23: lateral end of the eyebrow
];

const GB: readonly BodyPosition[] = [
  side(3.0, H.innerCanthus), // GB1: lateral canthus
  side(0.75, 6.5), // GB2: in front of the intertragic notch
  side(1.4, 5.1), // GB3: above the zygomatic arch
  side(2.2, 3.2), // GB4–GB7: along the temple's hairline
  side(1.9, 3.7),
  side(1.6, 4.2),
  side(1.0, 4.4),
  side(-0.2, 2.8), // GB8: 1.5 cun above the apex of the ear
  side(-0.85, 2.95),
  side(-1.3, 4.1),
  side(-1.35, 5.8),
  side(-1.0, 7.4), // GB12: behind the mastoid
  side(2.6, H.anteriorHairline - 0.2), // GB13: 3 cun lateral to GV24
  front(1.2, H.eyebrow - 0.9), // GB14: 1 cun above the eyebrow, over the pupil
  front(1.2, intoAnteriorHairline(0.5)),
  front(1.2, intoAnteriorHairline(1.5)),
  front(1.2, intoAnteriorHairline(3)),
  front(1.2, intoAnteriorHairline(4.5)),
  back(2.1, H.occipitalProtuberance), // GB19: level with the occipital protuberance
  back(2.1, H.posteriorHairline - 0.6), // GB20: below the occiput
  back(4.3, 12.4), // GB21: midway between C7 and the acromion
  side(0, ics(4)), // GB22: mid-axillary line
  side(0.9, ics(4)), // GB23: 1 cun in front of GB22
  front(4, ics(7)), // GB24: 7th intercostal space, nipple line
  side(-1.5, 27.8), // GB25: free end of the 12th rib
  side(0.7, H.umbilicus), // GB26: below the free end of the 11th rib
  side(2.9, aboveUmbilicus(-3)), // GB27: in front of the ASIS
  side(2.75, aboveUmbilicus(-3.6)),
  side(1.0, H.greaterTrochanter - 0.6), // GB29: midway between the ASIS and the greater trochanter
  // GB30: a third of the way from the greater trochanter's prominence to the sacral hiatus.
  back(TROCHANTER_WIDTH * (2 / 3), H.greaterTrochanter + (SACRAL_HIATUS - H.greaterTrochanter) / 3),
  on('side', THIGH_SIDE, abovePopliteal(9)), // GB31: 9 cun above the popliteal crease
  on('side', THIGH_SIDE, abovePopliteal(7)),
  side(-0.1, H.poplitealCrease - 1.8), // GB33: above the lateral epicondyle
  on('side', LEG_SIDE, 1.6, 0.2), // GB34: anterior-inferior to the fibular head
  on('side', LEG_SIDE, aboveLateralMalleolus(7), -0.55), // GB35: 7 cun above, behind the fibula
  on('side', LEG_SIDE, aboveLateralMalleolus(7), 0.15), // GB36: 7 cun above, in front of it
  on('side', LEG_SIDE, aboveLateralMalleolus(5), 0.2),
  on('side', LEG_SIDE, aboveLateralMalleolus(4), 0.2),
  on('side', LEG_SIDE, aboveLateralMalleolus(3), 0.2), // GB39
  side(1.1, H.malleolus + 0.5), // GB40: anterior-inferior to the lateral malleolus
  side(3.5, H.malleolus + 1.4),
  side(4.1, H.malleolus + 1.6),
  side(5.4, H.malleolus + 1.9),
  side(6.1, H.malleolus + 2.1), // GB44: fourth toe
];

const LR: readonly BodyPosition[] = [
  front(3.05, H.malleolus + 4.3), // LR1: big toe, lateral side
  front(3.1, H.malleolus + 3.4),
  front(3.15, H.malleolus + 2.6), // LR3: between the 1st and 2nd metatarsals
  front(3.1, H.malleolus - 0.1), // LR4: in front of the medial malleolus
  on('front', MEDIAL_LEG, aboveMedialMalleolus(5), 0.35), // LR5: 5 cun above, on the tibia's medial surface
  on('front', MEDIAL_LEG, aboveMedialMalleolus(7), 0.35),
  on('front', MEDIAL_LEG, -0.3, -0.3), // LR7: 1 cun behind SP9
  front(2.25, H.poplitealCrease), // LR8: medial end of the popliteal crease
  front(2.45, H.medialEpicondyleFemur - 4), // LR9: 4 cun above the medial epicondyle
  front(2.6, H.pubicSymphysisUpper + 3), // LR10: 3 cun below ST30
  front(2.35, H.pubicSymphysisUpper + 2),
  front(2.5, H.pubicSymphysisUpper + 0.3), // LR12: beside the pubic tubercle
  side(0.9, 26.2), // LR13: free end of the 11th rib
  front(4, ics(6)), // LR14: 6th intercostal space, nipple line
];

const GV: readonly BodyPosition[] = [
  back(0, COCCYX_TIP + 0.35), // GV1: between the coccyx tip and the anus
  back(0, SACRAL_HIATUS),
  back(0, spine('L4')),
  back(0, spine('L2')), // GV4
  back(0, spine('L1')),
  back(0, spine('T11')),
  back(0, spine('T10')),
  back(0, spine('T9')),
  back(0, spine('T7')),
  back(0, spine('T6')),
  back(0, spine('T5')),
  back(0, spine('T3')),
  back(0, spine('T1')),
  back(0, spine('C7')), // GV14
  back(0, overTheBackOfHead(0.5)), // GV15: 0.5 cun above the posterior hairline
  back(0, overTheBackOfHead(1)),
  back(0, overTheBackOfHead(2.5)), // GV17: above the occipital protuberance
  back(0, overTheBackOfHead(4)),
  back(0, overTheBackOfHead(5.5)),
  back(0, overTheBackOfHead(7)), // GV20: the vertex
  front(0, intoAnteriorHairline(3.5)), // GV21: 3.5 cun behind the anterior hairline
  front(0, intoAnteriorHairline(2)),
  front(0, intoAnteriorHairline(1)),
  front(0, intoAnteriorHairline(0.5)), // GV24
  front(0, H.noseTip), // GV25: tip of the nose
  front(0, H.noseTip + 0.45),
  front(0, H.mouth - 0.15),
  front(0, H.mouth), // GV28: inside the upper lip
];

const CV: readonly BodyPosition[] = [
  front(0, H.perineum), // CV1
  front(0, H.pubicSymphysisUpper), // CV2
  front(0, aboveUmbilicus(-4)),
  front(0, aboveUmbilicus(-3)),
  front(0, aboveUmbilicus(-2)),
  front(0, aboveUmbilicus(-1.5)),
  front(0, aboveUmbilicus(-1)),
  front(0, H.umbilicus), // CV8
  front(0, aboveUmbilicus(1)),
  front(0, aboveUmbilicus(2)),
  front(0, aboveUmbilicus(3)),
  front(0, aboveUmbilicus(4)), // CV12
  front(0, aboveUmbilicus(5)),
  front(0, aboveUmbilicus(6)),
  front(0, aboveUmbilicus(7)),
  front(0, H.xiphisternalJunction), // CV16
  front(0, ics(4)),
  front(0, ics(3)),
  front(0, ics(2)),
  front(0, ics(1)),
  front(0, H.suprasternalFossa + 1),
  front(0, H.suprasternalFossa), // CV22
  front(0, H.laryngealProminence - 0.6),
  front(0, H.chin - 0.8), // CV24: mentolabial groove
];

const CHANNELS: Readonly<Record<string, readonly BodyPosition[]>> = { LU, LI, ST, SP, HT, SI, BL, KI, PC, TE, GB, LR, GV, CV };

/**
 * The WHO extra points the catalog holds. A point that is a set (Huatuojiaji's 17 pairs beside T1–L5,
 * Baxie's and Bafeng's webs, Shixuan's fingertips, Sishencong round the vertex) is drawn once, in
 * the middle of its set. Jinjin and Yuye are the left and right veins under the tongue. EX-B5
 * (Xiajishu) lies below L3 on the midline by the WHO text, but the catalog charts it with a side, so
 * it is drawn just beside the midline.
 */
const EXTRA: Readonly<Record<string, BodyPosition>> = {
  'EX-HN1': front(1.0, 0.5), // Sishencong: 1 cun round GV20
  'EX-HN2': front(1.2, intoAnteriorHairline(1)), // Dangyang: above the pupil, 1 cun into the hairline
  'EX-HN3': front(0, H.eyebrow), // Yintang: between the eyebrows
  'EX-HN4': front(1.2, H.eyebrow), // Yuyao: middle of the eyebrow
  'EX-HN5': side(2.5, 4.6), // Taiyang: the temple
  'EX-HN6': side(-0.2, 4.45), // Erjian: apex of the ear
  'EX-HN7': front(1.55, H.innerCanthus + 0.6), // Qiuhou: lateral infra-orbital margin
  'EX-HN8': front(0.45, H.noseTip - 0.7), // Shangyingxiang: top of the nasolabial groove
  'EX-HN9': front(0.3, H.noseTip + 0.25), // Neiyingxiang: inside the nostril
  'EX-HN10': front(0, H.mouth + 0.1), // Juquan: middle of the tongue's top
  'EX-HN11': front(0, H.mouth + 0.25), // Haiquan: the frenulum under the tongue
  'EX-HN12': front(0.3, H.mouth + 0.2), // Jinjin: the vein under the tongue, left
  'EX-HN13': front(0.3, H.mouth + 0.2), // Yuye: the vein under the tongue, right
  'EX-HN14': side(-0.9, 7.25), // Yiming: 1 cun behind TE17
  'EX-HN15': back(1, spine('C7') - 2), // Jingbailao: 2 cun above GV14, 1 cun lateral
  'EX-CA1': front(3, aboveUmbilicus(-4)), // Zigong: 4 cun below the umbilicus, 3 lateral
  'EX-B1': back(0.5, spine('C7')), // Dingchuan: 0.5 cun lateral to GV14
  'EX-B2': back(0.5, (spine('T1') + spine('L5')) / 2), // Huatuojiaji: 0.5 cun lateral, T1 to L5
  'EX-B3': back(BACK_LINE.inner, spine('T8')), // Weiwanxiashu: 1.5 cun lateral to T8
  'EX-B4': back(3.5, spine('L1')), // Pigen: 3.5 cun lateral to L1
  'EX-B5': back(0.25, spine('L3')), // Xiajishu: below L3
  'EX-B6': back(BACK_LINE.outer, spine('L4')), // Yaoyi: 3 cun lateral to L4
  'EX-B7': back(3.6, spine('L4')), // Yaoyan: the depression about 3.5 cun lateral to L4
  'EX-B8': back(0, spine('L5')), // Shiqizhui: below L5
  'EX-B9': back(0, COCCYX_TIP - 2), // Yaoqi: 2 cun above the coccyx tip
  'EX-UE1': on('back', FOREARM, 0, 0), // Zhoujian: tip of the olecranon
  'EX-UE2': on('front', FOREARM, aboveWrist(4), 0.15), // Erbai: 4 cun above the wrist crease, beside the FCR tendon
  'EX-UE3': on('back', FOREARM, aboveWrist(0), 0.4), // Zhongquan: dorsal wrist crease, between LI5 and TE4
  'EX-UE4': back(12.25, 43.8), // Zhongkui: middle finger, proximal interphalangeal joint
  'EX-UE5': back(13.7, 40.3), // Dagukong: thumb, interphalangeal joint
  'EX-UE6': back(11.1, 43.7), // Xiaogukong: little finger, proximal interphalangeal joint
  'EX-UE7': back(12.3, 39.8), // Yaotongxue: dorsum of the hand, between the metacarpals
  'EX-UE8': back(12.4, 40.8), // Wailaogong: dorsum, between the 2nd and 3rd metacarpals
  'EX-UE9': back(12.0, 42.0), // Baxie: the finger webs
  'EX-UE10': front(11.9, 43.6), // Sifeng: palmar creases of the fingers
  'EX-UE11': front(12.2, 45.35), // Shixuan: the fingertips
  'EX-LE1': front(4.5, H.patellaBase - 2), // Kuangu: 2 cun above the patella base
  'EX-LE2': front(4.1, H.patellaBase - 0.2), // Heding: middle of the patella base
  'EX-LE3': front(2.65, H.patellaBase - 3), // Baichongwo: 1 cun above SP10
  'EX-LE4': front(3.45, H.poplitealCrease), // Neixiyan: medial to the patellar ligament
  'EX-LE5': front(4.55, H.poplitealCrease - 0.1), // Xiyan: the knee's eyes, lateral drawn
  'EX-LE6': on('side', LEG_SIDE, 3.6, 0.2), // Dannangxue: 2 cun below GB34
  'EX-LE7': on('front', SHIN, 5, 0.7), // Lanweixue: 2 cun below ST36
  'EX-LE8': front(2.75, H.malleolus), // Neihuaijian: prominence of the medial malleolus
  'EX-LE9': side(0.2, H.malleolus), // Waihuaijian: prominence of the lateral malleolus
  'EX-LE10': front(3.6, H.malleolus + 3.5), // Bafeng: the toe webs
  'EX-LE11': back(4.7, H.sole - 0.15), // Duyin: the sole, second toe's crease
  'EX-LE12': front(3.8, 73.95), // Qiduan: the toe tips
};

/** Every catalog point's position by code (ST36 → the front view, right side): the 361 and the extras. */
export const ACUPOINT_POSITIONS: ReadonlyMap<string, BodyPosition> = new Map([
  ...Object.entries(CHANNELS).flatMap(([channel, positions]) => positions.map((p, i): [string, BodyPosition] => [`${channel}${i + 1}`, p])),
  ...Object.entries(EXTRA),
]);

export function acupointPosition(code: string): BodyPosition | undefined {
  return ACUPOINT_POSITIONS.get(code);
}
