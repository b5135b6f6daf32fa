import { describe, expect, it } from 'vitest';
import { MUSCLES, muscleById, searchMuscles } from '../../shared/catalogs/muscles';

const ids = (found: { id: string }[]) => found.map((m) => m.id);

describe('muscle catalog', () => {
  it.each([
    ['tensor-fasciae-latae', 'Tensor fasciae latae', 'hip'],
    ['gluteus-maximus', 'Gluteus maximus', 'hip'],
    ['gluteus-medius', 'Gluteus medius', 'hip'],
    ['gluteus-minimus', 'Gluteus minimus', 'hip'],
    ['piriformis', 'Piriformis', 'hip'],
    ['psoas', 'Psoas major', 'hip'],
    ['iliacus', 'Iliacus', 'hip'],
    ['quadratus-lumborum', 'Quadratus lumborum', 'trunk'],
    ['rectus-femoris', 'Rectus femoris', 'thigh'],
    ['vastus-lateralis', 'Vastus lateralis', 'thigh'],
    ['vastus-medialis', 'Vastus medialis', 'thigh'],
    ['adductor-longus', 'Adductor longus', 'thigh'],
    ['adductor-magnus', 'Adductor magnus', 'thigh'],
    ['biceps-femoris', 'Biceps femoris', 'thigh'],
    ['semitendinosus', 'Semitendinosus', 'thigh'],
    ['semimembranosus', 'Semimembranosus', 'thigh'],
    ['gastrocnemius-medial', 'Gastrocnemius (medial head)', 'leg'],
    ['gastrocnemius-lateral', 'Gastrocnemius (lateral head)', 'leg'],
    ['soleus', 'Soleus', 'leg'],
    ['tibialis-anterior', 'Tibialis anterior', 'leg'],
    ['tibialis-posterior', 'Tibialis posterior', 'leg'],
    ['flexor-digitorum-longus', 'Flexor digitorum longus', 'leg'],
    ['fibularis-longus', 'Fibularis (peroneus) longus', 'leg'],
    ['fibularis-brevis', 'Fibularis (peroneus) brevis', 'leg'],
    ['abductor-hallucis', 'Abductor hallucis', 'foot'],
    ['flexor-digitorum-brevis', 'Flexor digitorum brevis', 'foot'],
    ['quadratus-plantae', 'Quadratus plantae', 'foot'],
  ])('the running chain includes %s', (id, name, region) => {
    expect(muscleById(id)).toMatchObject({ id, name, region });
  });

  it('has unique slug ids and no repeated alias within a muscle', () => {
    expect(new Set(ids([...MUSCLES])).size).toBe(MUSCLES.length);
    for (const m of MUSCLES) {
      expect(m.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      const lower = m.aliases.map((a) => a.toLowerCase());
      expect(new Set(lower).size, m.id).toBe(lower.length);
    }
    expect(muscleById('Gastrocnemius')).toBeUndefined();
  });
});

describe('searchMuscles', () => {
  it.each([
    ['gastroc med', 'gastrocnemius-medial'],
    ['med gastroc', 'gastrocnemius-medial'],
    ['Gastroc Lat', 'gastrocnemius-lateral'],
    ['glute med', 'gluteus-medius'],
    ['gmed', 'gluteus-medius'],
    ['glute min', 'gluteus-minimus'],
    ['tfl', 'tensor-fasciae-latae'],
    ['TFL', 'tensor-fasciae-latae'],
    ['tensor', 'tensor-fasciae-latae'],
    ['VL', 'vastus-lateralis'],
    ['vmo', 'vastus-medialis'],
    ['QL', 'quadratus-lumborum'],
    ['peroneus longus', 'fibularis-longus'],
    ['fib brevis', 'fibularis-brevis'],
    ['tib post', 'tibialis-posterior'],
    ['FDL', 'flexor-digitorum-longus'],
    ['hammy', 'biceps-femoris'],
    ['psoas', 'psoas'],
    ['abd hal', 'abductor-hallucis'],
    ['quadratus p', 'quadratus-plantae'],
    // The short forms charted at the table (issue 35).
    ['gastroc', 'gastrocnemius-medial'],
    ['AH', 'abductor-hallucis'],
    ['abd hallucis', 'abductor-hallucis'],
    ['hams', 'biceps-femoris'],
    ['ES', 'erector-spinae'],
    ['TA', 'tibialis-anterior'],
  ])('%j → %s first', (query, id) => {
    expect(searchMuscles(query)[0]?.id).toBe(id);
  });

  it('matches every typed word as a word prefix', () => {
    expect(ids(searchMuscles('vastus'))).toEqual(['vastus-lateralis', 'vastus-medialis']);
    expect(ids(searchMuscles('gastroc med'))).toEqual(['gastrocnemius-medial']);
    expect(ids(searchMuscles('glute med'))).toEqual(['gluteus-medius']);
    expect(ids(searchMuscles('hammy'))).toEqual(['biceps-femoris', 'semitendinosus', 'semimembranosus']);
    expect(ids(searchMuscles('flexor digitorum'))).toEqual(['flexor-digitorum-longus', 'flexor-digitorum-brevis']);
    expect(ids(searchMuscles('calf'))).toEqual(['gastrocnemius-medial', 'gastrocnemius-lateral', 'soleus']);
    // 'nemius' is inside a word, not at its start
    expect(searchMuscles('nemius')).toEqual([]);
  });

  it('ranks an exact alias above muscles that merely share a word', () => {
    const quad = ids(searchMuscles('quad'));
    expect(quad.slice(0, 3)).toEqual(['rectus-femoris', 'vastus-lateralis', 'vastus-medialis']);
    expect(quad).toContain('quadratus-lumborum');
    expect(quad).toContain('quadratus-plantae');
  });

  it('finds every muscle first by its own name, the text a picked suggestion becomes', () => {
    for (const m of MUSCLES) expect(searchMuscles(m.name)[0]?.id, m.name).toBe(m.id);
  });

  it('returns nothing for an empty query and respects the limit', () => {
    expect(searchMuscles('')).toEqual([]);
    expect(searchMuscles(' - ')).toEqual([]);
    expect(searchMuscles('g', 3)).toHaveLength(3);
    expect(searchMuscles('zzz')).toEqual([]);
  });
});
