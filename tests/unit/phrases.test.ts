import { describe, expect, it } from 'vitest';
import { expandPhrases, savePhraseInput } from '../../shared/protocols';

const PHRASES = [
  { trigger: ';pf', text: 'Plantar fascia tender at the medial calcaneal tubercle.' },
  { trigger: ';p', text: 'Pain' },
  { trigger: ';hep', text: 'Home program reviewed; no questions.' },
];

describe('phrase expansion', () => {
  it.each([
    ['a trigger and a space', ';pf ', 'Plantar fascia tender at the medial calcaneal tubercle. '],
    ['mid-sentence', 'Today ;pf and calf tight', 'Today Plantar fascia tender at the medial calcaneal tubercle. and calf tight'],
    ['followed by a line break', ';hep\nNext', 'Home program reviewed; no questions.\nNext'],
    ['followed by a full stop', 'Done ;p.', 'Done Pain.'],
    ['in capitals', ';PF ', 'Plantar fascia tender at the medial calcaneal tubercle. '],
    ['still being typed: no space after it yet', 'Today ;pf', 'Today ;pf'],
    ['a prefix of a longer trigger being typed', ';p', ';p'],
    ['inside a word', 'abc;pf ', 'abc;pf '],
    ['an unknown trigger', ';zz ', ';zz '],
    ['text with no trigger', 'Heel pain 5/10; better', 'Heel pain 5/10; better'],
    ['two at once', ';p ;hep ', 'Pain Home program reviewed; no questions. '],
  ])('%s', (_what, typed, expanded) => expect(expandPhrases(typed, PHRASES)).toBe(expanded));

  it.each([
    [';pf', true],
    ['pf', false],
    [';', false],
    [';p f', false],
    [';' + 'a'.repeat(20), false],
  ])('trigger %j is %s', (trigger, ok) => {
    expect(savePhraseInput.safeParse({ providerId: 1, trigger, text: 'x' }).success).toBe(ok);
  });
});
