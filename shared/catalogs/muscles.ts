/**
 * Muscles dry-needled along a runner's kinetic chain, named as a clinician charts them. Aliases are
 * what gets typed at the table between needles, so they favour shorthand over anatomy.
 */

export type MuscleRegion = 'trunk' | 'hip' | 'thigh' | 'leg' | 'foot';

export interface Muscle {
  /** Stored in visit records: never rename an id once shipped. */
  id: string;
  name: string;
  region: MuscleRegion;
  aliases: readonly string[];
  /** For one head of a muscle: the muscle it belongs to (billing counts heads of one muscle once). */
  headOf?: string;
}

const HAMSTRING = ['hamstring', 'hamstrings', 'hams', 'hammy', 'hammies'];
const CALF = ['calf', 'calves'];

export const MUSCLES: readonly Muscle[] = [
  { id: 'quadratus-lumborum', name: 'Quadratus lumborum', region: 'trunk', aliases: ['QL', 'quad lumb'] },
  { id: 'erector-spinae', name: 'Erector spinae (lumbar)', region: 'trunk', aliases: ['ES', 'erectors', 'paraspinals', 'longissimus', 'iliocostalis'] },
  { id: 'multifidus', name: 'Multifidus (lumbar)', region: 'trunk', aliases: ['multifidi', 'lumbar multifidus'] },

  { id: 'psoas', name: 'Psoas major', region: 'hip', aliases: ['psoas', 'iliopsoas', 'hip flexor'] },
  { id: 'iliacus', name: 'Iliacus', region: 'hip', aliases: ['iliopsoas', 'hip flexor'] },
  { id: 'tensor-fasciae-latae', name: 'Tensor fasciae latae', region: 'hip', aliases: ['TFL', 'tensor', 'tensor fascia lata'] },
  { id: 'gluteus-maximus', name: 'Gluteus maximus', region: 'hip', aliases: ['glute max', 'gmax', 'gluteus max', 'glutes'] },
  { id: 'gluteus-medius', name: 'Gluteus medius', region: 'hip', aliases: ['glute med', 'gmed', 'gluteus med', 'glutes'] },
  { id: 'gluteus-minimus', name: 'Gluteus minimus', region: 'hip', aliases: ['glute min', 'gmin', 'gluteus min', 'glutes'] },
  { id: 'piriformis', name: 'Piriformis', region: 'hip', aliases: ['piri', 'deep rotator'] },

  { id: 'rectus-femoris', name: 'Rectus femoris', region: 'thigh', aliases: ['RF', 'rec fem', 'quad', 'quads', 'hip flexor'] },
  { id: 'vastus-lateralis', name: 'Vastus lateralis', region: 'thigh', aliases: ['VL', 'lateral quad', 'lat quad', 'quad', 'quads'] },
  {
    id: 'vastus-medialis',
    name: 'Vastus medialis',
    region: 'thigh',
    aliases: ['VM', 'VMO', 'vastus medialis obliquus', 'medial quad', 'med quad', 'quad', 'quads'],
  },
  { id: 'sartorius', name: 'Sartorius', region: 'thigh', aliases: ['sart', 'pes anserine'] },
  { id: 'adductor-longus', name: 'Adductor longus', region: 'thigh', aliases: ['add longus', 'adductors', 'groin'] },
  { id: 'adductor-magnus', name: 'Adductor magnus', region: 'thigh', aliases: ['add mag', 'add magnus', 'adductors', 'groin'] },
  { id: 'gracilis', name: 'Gracilis', region: 'thigh', aliases: ['adductors', 'pes anserine'] },
  { id: 'biceps-femoris', name: 'Biceps femoris', region: 'thigh', aliases: ['BF', 'bicep fem', 'lateral hamstring', 'lat hamstring', ...HAMSTRING] },
  { id: 'semitendinosus', name: 'Semitendinosus', region: 'thigh', aliases: ['semi-t', 'semiten', 'medial hamstring', 'med hamstring', ...HAMSTRING] },
  { id: 'semimembranosus', name: 'Semimembranosus', region: 'thigh', aliases: ['semi-m', 'semimem', 'medial hamstring', 'med hamstring', ...HAMSTRING] },

  {
    id: 'gastrocnemius-medial',
    name: 'Gastrocnemius (medial head)',
    region: 'leg',
    headOf: 'gastrocnemius',
    aliases: ['gastroc med', 'med gastroc', 'medial gastroc', 'MG', 'gastroc', ...CALF],
  },
  {
    id: 'gastrocnemius-lateral',
    name: 'Gastrocnemius (lateral head)',
    region: 'leg',
    headOf: 'gastrocnemius',
    aliases: ['gastroc lat', 'lat gastroc', 'lateral gastroc', 'LG', 'gastroc', ...CALF],
  },
  { id: 'soleus', name: 'Soleus', region: 'leg', aliases: ['sol', ...CALF] },
  { id: 'popliteus', name: 'Popliteus', region: 'leg', aliases: ['pop'] },
  { id: 'tibialis-anterior', name: 'Tibialis anterior', region: 'leg', aliases: ['TA', 'tib ant', 'anterior tib', 'ant tib'] },
  { id: 'tibialis-posterior', name: 'Tibialis posterior', region: 'leg', aliases: ['TP', 'tib post', 'posterior tib', 'post tib'] },
  { id: 'flexor-digitorum-longus', name: 'Flexor digitorum longus', region: 'leg', aliases: ['FDL'] },
  { id: 'flexor-hallucis-longus', name: 'Flexor hallucis longus', region: 'leg', aliases: ['FHL'] },
  { id: 'extensor-digitorum-longus', name: 'Extensor digitorum longus', region: 'leg', aliases: ['EDL'] },
  { id: 'fibularis-longus', name: 'Fibularis (peroneus) longus', region: 'leg', aliases: ['peroneus longus', 'fib longus', 'peroneals', 'fibulars', 'PL'] },
  { id: 'fibularis-brevis', name: 'Fibularis (peroneus) brevis', region: 'leg', aliases: ['peroneus brevis', 'fib brevis', 'peroneals', 'fibulars', 'PB'] },

  {
    id: 'abductor-hallucis',
    name: 'Abductor hallucis',
    region: 'foot',
    aliases: ['AbH', 'AH', 'abd hal', 'abd hallucis', 'abductor hallux', 'foot intrinsics'],
  },
  { id: 'flexor-digitorum-brevis', name: 'Flexor digitorum brevis', region: 'foot', aliases: ['FDB', 'foot intrinsics'] },
  { id: 'quadratus-plantae', name: 'Quadratus plantae', region: 'foot', aliases: ['QP', 'flexor accessorius', 'foot intrinsics'] },
];

const BY_ID = new Map(MUSCLES.map((m) => [m.id, m]));

export function muscleById(id: string): Muscle | undefined {
  return BY_ID.get(id);
}

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
const phrase = (text: string) => words(text).join(' ');

const SEARCH_ROWS = MUSCLES.map((muscle) => {
  const aliases = muscle.aliases.map(words);
  return {
    muscle,
    whole: new Set([muscle.name, muscle.id, ...muscle.aliases].map(phrase)),
    name: words(muscle.name),
    aliases,
    all: [...words(muscle.name), ...aliases.flat()],
  };
});

const everyPrefixes = (typed: readonly string[], of: readonly string[]) => typed.every((t) => of.some((w) => w.startsWith(t)));

/**
 * Every typed word must start some word of the name or an alias. Ranked: the exact name or alias
 * ('tfl', 'gastroc med'), then matches within the name, then within one alias, then across them
 * ('gastroc medial head'); catalog order within a rank, which runs up the chain from trunk to foot.
 */
export function searchMuscles(query: string, limit = 10): Muscle[] {
  const typed = words(query);
  if (typed.length === 0 || limit <= 0) return [];
  const whole = typed.join(' ');

  const groups: Muscle[][] = [[], [], [], []];
  for (const row of SEARCH_ROWS) {
    const rank = row.whole.has(whole)
      ? 0
      : everyPrefixes(typed, row.name)
        ? 1
        : row.aliases.some((alias) => everyPrefixes(typed, alias))
          ? 2
          : everyPrefixes(typed, row.all)
            ? 3
            : -1;
    if (rank >= 0) groups[rank]?.push(row.muscle);
  }
  return groups.flat().slice(0, limit);
}
