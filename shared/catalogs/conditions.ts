/**
 * The running injuries a case usually starts from, each with its ICD-10-CM codes by side and a
 * starting protocol (points and muscles) drawn from sports-acupuncture practice. The protocol is an
 * offer the practitioner edits, never a rule.
 *
 * Codes and descriptions are the FY2026 ICD-10-CM code set's (db/icd10cm; tests/unit/icd10cm-file.test.ts
 * holds every one to the file). Injury S-codes and the M84.3- stress-fracture codes carry the 7th
 * character A, initial encounter; each visit's encounter picks D or S within the code's family,
 * and the case may be coded G, K or P, which no visit changes.
 */

export type CaseSide = 'left' | 'right' | 'bilateral' | 'na';

export interface Icd10 {
  code: string;
  description: string;
}

export interface Condition {
  id: string;
  name: string;
  aka: readonly string[];
  /** Primary code first in each list; `any` holds codes that carry no laterality. */
  codes: { left?: readonly Icd10[]; right?: readonly Icd10[]; bilateral?: readonly Icd10[]; any?: readonly Icd10[] };
  /** Codes to choose instead of the primary when the picture fits them better: offered, never added as a second code. */
  alternatives?: { left?: readonly Icd10[]; right?: readonly Icd10[]; any?: readonly Icd10[] };
  /** Canonical acupoint codes (catalogs/acupoints) and muscle ids (catalogs/muscles). */
  targets: { acupoints: readonly string[]; muscles: readonly string[] };
  note?: string;
}

const icd = (code: string, description: string): Icd10 => ({ code, description });

export const CONDITIONS: readonly Condition[] = [
  {
    id: 'runners-knee',
    name: "Runner's knee (PFPS)",
    aka: ['PFPS', 'patellofemoral pain syndrome', 'anterior knee pain'],
    codes: {
      // ICD-10-CM has no bilateral patellofemoral code: both knees are M22.2X1 + M22.2X2.
      right: [icd('M22.2X1', 'Patellofemoral disorders, right knee')],
      left: [icd('M22.2X2', 'Patellofemoral disorders, left knee')],
    },
    targets: {
      acupoints: ['EX-LE5', 'EX-LE4', 'EX-LE2', 'ST34', 'ST35', 'SP10', 'ST36', 'GB34', 'SP9'],
      muscles: ['rectus-femoris', 'vastus-lateralis', 'vastus-medialis', 'biceps-femoris', 'gluteus-medius'],
    },
    note: 'Quadriceps and hamstring imbalance pulls on patellar tracking; pair needling with hip and quadriceps strengthening.',
  },
  {
    id: 'it-band-syndrome',
    name: 'IT band syndrome',
    aka: ['ITBS', 'iliotibial band syndrome', 'IT band friction syndrome', 'lateral knee pain'],
    codes: {
      right: [icd('M76.31', 'Iliotibial band syndrome, right leg')],
      left: [icd('M76.32', 'Iliotibial band syndrome, left leg')],
    },
    targets: {
      acupoints: ['GB29', 'GB31', 'GB32', 'GB33', 'GB34', 'ST36'],
      muscles: ['tensor-fasciae-latae', 'gluteus-medius', 'vastus-lateralis', 'gluteus-maximus'],
    },
    note: 'The band itself holds no trigger points: needle the muscles that tension it (TFL, gluteus medius, lateral quadriceps). Electroacupuncture along the lateral thigh is common.',
  },
  {
    id: 'achilles-tendinopathy',
    name: 'Achilles tendinopathy',
    aka: ['Achilles tendinitis', 'Achilles tendonitis', 'Achilles tendinosis', 'insertional Achilles'],
    codes: {
      right: [icd('M76.61', 'Achilles tendinitis, right leg')],
      left: [icd('M76.62', 'Achilles tendinitis, left leg')],
    },
    targets: {
      acupoints: ['BL57', 'BL59', 'BL60', 'KI3', 'KI7', 'GB34'],
      muscles: ['gastrocnemius-medial', 'gastrocnemius-lateral', 'soleus'],
    },
    note: 'Needle around the tendon, never into it, and through the gastrocnemius and soleus; combine with progressive tendon loading.',
  },
  {
    id: 'plantar-fasciitis',
    name: 'Plantar fasciitis',
    aka: ['plantar heel pain', 'plantar fasciopathy'],
    codes: { any: [icd('M72.2', 'Plantar fascial fibromatosis')] },
    targets: {
      acupoints: ['KI2', 'KI3', 'KI6', 'BL57', 'BL60', 'SP6'],
      muscles: ['abductor-hallucis', 'flexor-digitorum-brevis', 'quadratus-plantae', 'gastrocnemius-medial', 'gastrocnemius-lateral', 'soleus'],
    },
    note: 'M72.2 is the code the ICD-10-CM index gives for plantar fasciitis; it has no laterality, so state the side in the notes.',
  },
  {
    id: 'shin-splints',
    name: 'Shin splints (MTSS)',
    aka: ['MTSS', 'medial tibial stress syndrome', 'shin pain'],
    codes: {
      right: [icd('S86.891A', 'Other injury of other muscle(s) and tendon(s) at lower leg level, right leg, initial encounter')],
      left: [icd('S86.892A', 'Other injury of other muscle(s) and tendon(s) at lower leg level, left leg, initial encounter')],
    },
    alternatives: {
      right: [icd('M76.821', 'Posterior tibial tendinitis, right leg'), icd('M76.811', 'Anterior tibial syndrome, right leg')],
      left: [icd('M76.822', 'Posterior tibial tendinitis, left leg'), icd('M76.812', 'Anterior tibial syndrome, left leg')],
    },
    targets: {
      acupoints: ['SP6', 'SP7', 'SP8', 'SP9', 'ST36', 'ST37', 'KI7'],
      muscles: ['tibialis-posterior', 'flexor-digitorum-longus', 'soleus', 'gastrocnemius-medial', 'tibialis-anterior'],
    },
    note: 'The ICD-10-CM index sends shin splints to S86.89-. Choose M76.82- (posterior tibial tendinitis) instead when the pain follows the posterior tibial tendon, or M76.81- (anterior tibial syndrome) for the front of the shin: one code, not two. Rule out a tibial stress fracture when pain is focal or present at rest.',
  },
  {
    id: 'stress-fracture-tibia',
    name: 'Stress fracture (tibia)',
    aka: ['tibial stress fracture', 'bone stress injury', 'BSI'],
    codes: {
      right: [icd('M84.361A', 'Stress fracture, right tibia, initial encounter for fracture')],
      left: [icd('M84.362A', 'Stress fracture, left tibia, initial encounter for fracture')],
    },
    targets: {
      // SP6 lies on the posteromedial tibia, where tibial stress fractures are: left out.
      acupoints: ['ST36', 'KI3', 'BL11', 'GB39', 'BL23', 'LI4'],
      muscles: ['soleus', 'tibialis-posterior', 'gastrocnemius-medial'],
    },
    note: 'Never needle over the fracture site. Treat for pain, sleep and recovery and release the surrounding muscles; rest from running and medical follow-up come first.',
  },
  {
    id: 'stress-fracture-foot',
    name: 'Stress fracture (foot)',
    aka: ['metatarsal stress fracture', 'march fracture', 'navicular stress fracture', 'bone stress injury'],
    codes: {
      right: [icd('M84.374A', 'Stress fracture, right foot, initial encounter for fracture')],
      left: [icd('M84.375A', 'Stress fracture, left foot, initial encounter for fracture')],
    },
    targets: {
      // LR3 lies between the metatarsals and KI3 beside the navicular, where foot stress fractures are: left out.
      acupoints: ['ST36', 'SP6', 'BL11', 'GB39', 'BL23', 'LI4'],
      muscles: ['gastrocnemius-medial', 'gastrocnemius-lateral', 'soleus', 'tibialis-posterior'],
    },
    note: 'Never needle over the fracture site. Treat for pain, sleep and recovery and release the calf; offloading and medical follow-up come first.',
  },
  {
    id: 'stress-fracture-fibula',
    name: 'Stress fracture (fibula)',
    aka: ['fibular stress fracture', 'bone stress injury', 'BSI', 'lateral leg pain'],
    codes: {
      right: [icd('M84.363A', 'Stress fracture, right fibula, initial encounter for fracture')],
      left: [icd('M84.364A', 'Stress fracture, left fibula, initial encounter for fracture')],
    },
    targets: {
      // GB39 and GB34 lie on the fibula itself: left out.
      acupoints: ['ST36', 'SP6', 'KI3', 'BL11', 'BL23', 'LI4'],
      muscles: ['fibularis-longus', 'fibularis-brevis', 'soleus'],
    },
    note: 'Never needle over the fracture site. Treat for pain, sleep and recovery and release the surrounding muscles; rest from running and medical follow-up come first.',
  },
  {
    id: 'stress-fracture-toe',
    name: 'Stress fracture (toe)',
    aka: ['toe stress fracture', 'sesamoid stress', 'bone stress injury'],
    codes: {
      right: [icd('M84.377A', 'Stress fracture, right toe(s), initial encounter for fracture')],
      left: [icd('M84.378A', 'Stress fracture, left toe(s), initial encounter for fracture')],
    },
    targets: {
      // LR3 lies on the forefoot, over the fracture's neighbours: left out.
      acupoints: ['ST36', 'SP6', 'KI3', 'BL11', 'LI4'],
      muscles: ['abductor-hallucis', 'flexor-digitorum-brevis', 'gastrocnemius-medial', 'soleus'],
    },
    note: 'Never needle over the fracture site. Offload the forefoot; treat for pain and release the calf and foot muscles.',
  },
  {
    id: 'patellar-tendinitis',
    name: 'Patellar tendinitis',
    aka: ["jumper's knee", 'patellar tendinopathy', 'infrapatellar pain'],
    codes: {
      right: [icd('M76.51', 'Patellar tendinitis, right knee')],
      left: [icd('M76.52', 'Patellar tendinitis, left knee')],
    },
    targets: {
      acupoints: ['ST35', 'EX-LE5', 'ST34', 'SP10', 'ST36', 'GB34'],
      muscles: ['rectus-femoris', 'vastus-lateralis', 'vastus-medialis'],
    },
    note: 'Load the tendon progressively (isometrics, then slow heavy squats); needle the quadriceps, not the tendon itself.',
  },
  {
    id: 'trochanteric-bursitis',
    name: 'Trochanteric bursitis (lateral hip pain)',
    aka: ['greater trochanteric pain syndrome', 'GTPS', 'lateral hip pain', 'gluteal tendinopathy'],
    codes: {
      right: [icd('M70.61', 'Trochanteric bursitis, right hip')],
      left: [icd('M70.62', 'Trochanteric bursitis, left hip')],
    },
    targets: {
      acupoints: ['GB29', 'GB30', 'GB31', 'GB34', 'BL54'],
      muscles: ['gluteus-medius', 'gluteus-minimus', 'tensor-fasciae-latae', 'piriformis'],
    },
    note: 'Usually a gluteal tendinopathy: avoid crossing the legs and lying on the painful side; strengthen the hip abductors.',
  },
  {
    id: 'pes-anserine-bursitis',
    name: 'Pes anserine bursitis',
    aka: ['pes anserinus bursitis', 'medial knee pain', 'goosefoot bursitis'],
    codes: {
      right: [icd('M70.51', 'Other bursitis of knee, right knee')],
      left: [icd('M70.52', 'Other bursitis of knee, left knee')],
    },
    targets: {
      acupoints: ['SP9', 'SP10', 'LR8', 'KI10', 'ST36'],
      muscles: ['sartorius', 'gracilis', 'semitendinosus', 'vastus-medialis'],
    },
    note: 'The ICD-10-CM index sends pes anserine bursitis to M70.5- (other bursitis of knee).',
  },
  {
    id: 'low-back-pain',
    name: 'Low back pain',
    aka: ['LBP', 'lumbago', 'lumbar pain', 'sore back'],
    codes: { any: [icd('M54.50', 'Low back pain, unspecified')] },
    alternatives: { any: [icd('M54.59', 'Other low back pain')] },
    targets: {
      acupoints: ['BL23', 'BL25', 'BL40', 'GV4', 'EX-B2', 'GB30'],
      muscles: ['quadratus-lumborum', 'erector-spinae', 'multifidus', 'gluteus-medius', 'psoas'],
    },
    note: 'Since October 2021 low back pain is M54.50 (unspecified) or M54.59 (other); M54.5 alone is a header and is refused.',
  },
  {
    id: 'hamstring-strain',
    name: 'Hamstring strain / proximal hamstring tendinopathy',
    aka: ['pulled hamstring', 'proximal hamstring tendinopathy', 'PHT', 'high hamstring tendinopathy'],
    codes: {
      right: [icd('S76.311A', 'Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, right thigh, initial encounter')],
      left: [icd('S76.312A', 'Strain of muscle, fascia and tendon of the posterior muscle group at thigh level, left thigh, initial encounter')],
    },
    // A tendinopathy without an acute strain is an enthesopathy, not an injury.
    alternatives: {
      right: [icd('M76.891', 'Other specified enthesopathies of right lower limb, excluding foot')],
      left: [icd('M76.892', 'Other specified enthesopathies of left lower limb, excluding foot')],
    },
    targets: {
      acupoints: ['BL36', 'BL37', 'BL40', 'KI10', 'GB30'],
      muscles: ['biceps-femoris', 'semitendinosus', 'semimembranosus', 'adductor-magnus', 'gluteus-maximus'],
    },
    note: 'Proximal tendinopathy (sit-bone pain, worse on hills and sitting) heals slowly: combine needling of the hamstring complex with progressive loading.',
  },
  {
    id: 'hip-flexor',
    name: 'Hip flexor tightness / strain',
    aka: ['hip flexor strain', 'tight hip flexors', 'iliopsoas strain', 'anterior hip pain'],
    codes: {
      right: [icd('S76.011A', 'Strain of muscle, fascia and tendon of right hip, initial encounter')],
      left: [icd('S76.012A', 'Strain of muscle, fascia and tendon of left hip, initial encounter')],
    },
    alternatives: {
      right: [icd('M76.11', 'Psoas tendinitis, right hip')],
      left: [icd('M76.12', 'Psoas tendinitis, left hip')],
    },
    targets: {
      acupoints: ['ST31', 'ST32', 'GB29', 'BL23', 'EX-B2'],
      muscles: ['psoas', 'iliacus', 'rectus-femoris', 'tensor-fasciae-latae'],
    },
    note: 'Tight hip flexors tilt the pelvis forward and shorten hip extension at toe-off; pair needling of psoas, iliacus and rectus femoris with hip-extension strength work.',
  },
  {
    id: 'piriformis-syndrome',
    name: 'Piriformis syndrome',
    aka: ['deep gluteal syndrome', 'sciatic nerve entrapment', 'buttock pain'],
    codes: {
      right: [icd('G57.01', 'Lesion of sciatic nerve, right lower limb')],
      left: [icd('G57.02', 'Lesion of sciatic nerve, left lower limb')],
      bilateral: [icd('G57.03', 'Lesion of sciatic nerve, bilateral lower limbs')],
    },
    targets: {
      acupoints: ['GB30', 'BL54', 'GB29', 'BL36', 'BL40', 'GB34'],
      muscles: ['piriformis', 'gluteus-maximus', 'gluteus-medius', 'gluteus-minimus'],
    },
    note: 'The ICD-10-CM index codes piriformis syndrome as a lesion of the sciatic nerve (G57.0-).',
  },
  {
    id: 'meralgia-paresthetica',
    name: 'Meralgia paresthetica',
    aka: ['lateral femoral cutaneous nerve entrapment', 'LFCN entrapment', 'numb outer thigh'],
    codes: {
      right: [icd('G57.11', 'Meralgia paresthetica, right lower limb')],
      left: [icd('G57.12', 'Meralgia paresthetica, left lower limb')],
      bilateral: [icd('G57.13', 'Meralgia paresthetica, bilateral lower limbs')],
    },
    targets: {
      acupoints: ['GB31', 'GB32', 'ST31', 'ST32', 'GB29'],
      muscles: ['tensor-fasciae-latae', 'sartorius', 'iliacus'],
    },
    note: 'A nerve entrapment: work around the numb or burning area and near the anterior superior iliac spine; electroacupuncture may help nerve conduction.',
  },
  {
    id: 'overtraining',
    name: 'Overtraining',
    aka: ['overtraining syndrome', 'OTS', 'non-functional overreaching', 'NFOR', 'overreaching'],
    codes: { any: [icd('R53.83', 'Other fatigue')] },
    targets: {
      acupoints: ['ST36', 'SP6', 'KI3', 'LR3', 'LI4', 'PC6', 'HT7', 'GV20', 'EX-HN3', 'CV6'],
      muscles: [],
    },
    note: 'ICD-10-CM has no code for overtraining syndrome; R53.83 Other fatigue is the usual choice. Track resting heart rate, HRV and sleep; low-frequency electroacupuncture suits autonomic recovery.',
  },
  {
    id: 'maintenance',
    name: 'Maintenance / performance',
    aka: ['maintenance', 'performance', 'tune-up', 'preventive care', 'recovery session'],
    codes: {},
    targets: {
      acupoints: ['ST36', 'SP6', 'GB34', 'LR3', 'LI4', 'BL57'],
      muscles: ['tensor-fasciae-latae', 'gluteus-medius', 'vastus-lateralis', 'gastrocnemius-medial', 'gastrocnemius-lateral', 'soleus'],
    },
    note: 'No diagnosis code: maintenance and performance care are usually not reimbursable, so superbills for these visits rarely succeed.',
  },
];

const BY_ID = new Map(CONDITIONS.map((c) => [c.id, c]));

export function conditionById(id: string): Condition | undefined {
  return BY_ID.get(id);
}

/**
 * The codes to offer for a case, primary first. A bilateral case with no bilateral code gets both
 * sides, paired rank by rank (right then left) so the two primaries lead. Codes without laterality
 * are the fallback for every side, including n.a.
 */
export function suggestIcd10(conditionId: string, side: CaseSide): Icd10[] {
  const codes = conditionById(conditionId)?.codes;
  if (!codes) return [];
  let sided: readonly Icd10[] = [];
  if (side === 'left' || side === 'right') sided = codes[side] ?? [];
  else if (side === 'bilateral') sided = codes.bilateral ?? interleave(codes.right ?? [], codes.left ?? []);
  return sided.length > 0 ? [...sided] : [...(codes.any ?? [])];
}

/** The codes to choose instead of the suggested ones when the picture fits them better. */
export function alternativeIcd10(conditionId: string, side: CaseSide): Icd10[] {
  const alt = conditionById(conditionId)?.alternatives;
  if (!alt) return [];
  if (side === 'left' || side === 'right') return [...(alt[side] ?? alt.any ?? [])];
  if (side === 'bilateral') return interleave(alt.right ?? [], alt.left ?? []).concat(alt.any ?? []);
  return [...(alt.any ?? [])];
}

function interleave(first: readonly Icd10[], second: readonly Icd10[]): Icd10[] {
  const out: Icd10[] = [];
  for (let i = 0; i < Math.max(first.length, second.length); i++) {
    const a = first[i];
    const b = second[i];
    if (a) out.push(a);
    if (b) out.push(b);
  }
  return out;
}

// U codes are real too (U07.1 COVID-19): the form is a letter, a digit, a letter or digit, then up to 4 after the dot.
const ICD10_FORMAT = /^[A-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;

/**
 * Format check for a code the practitioner typed (upper-cased, its dot put back by the caller),
 * made in every process so a typo is named at once. Whether the code exists, and which 7th
 * characters its family takes, is the code set's to say, in the database process
 * (db/queries/diagnoses.ts). Null when the form is right.
 */
export function icd10Problem(code: string): string | null {
  if (!ICD10_FORMAT.test(code)) {
    return `ICD-10 code ${code || '(blank)'} is not a valid code: a letter, a digit, a letter or digit, then up to 4 more after the dot, e.g. M76.31`;
  }
  return null;
}

/**
 * Whether a code may carry the visit's encounter as its 7th character: seven characters ending in
 * A, D or S. The code set decides on the bill whether the family has the visit's letter
 * (shared/icd10cm/code-set.ts, billedCode); this only says whether the visit asks for one.
 */
export function takesEncounter(code: string): boolean {
  const bare = code.replace('.', '');
  return bare.length === 7 && 'ADS'.includes(bare[6]!);
}
