import { describe, expect, it } from 'vitest';
import { foldName, nameParts, searchWords } from '../../shared/names';

describe('names as the search compares them (shared/names.ts)', () => {
  it.each([
    ['Łukasz', 'lukasz'],
    ['Żółć', 'zolc'],
    ['Nguyễn Thị Ánh', 'nguyen thi anh'],
    ['Søren Ørsted', 'soren orsted'],
    ['Æsa Strauß', 'aesa strauss'],
    ['Đặng', 'dang'],
    ['José-María', 'jose-maria'],
    ['ANA', 'ana'],
  ])('folds %s to %s', (name, folded) => {
    expect(foldName(name)).toBe(folded);
  });

  it.each([
    ['Ana', 'Reyes', ['ana', 'reyes']],
    ['Mary-Ana', 'Reyes', ['mary', 'ana', 'reyes']],
    ['Łukasz', "O'Brien-Żółć", ['lukasz', "o'brien", 'obrien', 'o', 'brien', 'zolc']],
    ['J.R.', 'Smith', ['j.r.', 'jr', 'j', 'r', 'smith']],
  ])('%s %s is found by %j', (first, last, parts) => {
    expect(nameParts(first, last)).toEqual(parts);
  });

  it('reads the search box the same way, at most five words', () => {
    expect(searchWords('  Żółć,  ŁUKASZ ')).toEqual(['zolc', 'lukasz']);
    expect(searchWords('a b c d e f g')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
