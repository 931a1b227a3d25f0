// The one did-you-mean behind unknown keys, modules and names in every YAML file kind.

import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, suggestClosest } from '../../src/yaml/index.ts';

describe('did you mean', () => {
  it('counts edits, with a swap of neighbours as one', () => {
    expect(editDistance('subdomain', 'subdomian')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests only plausible typos', () => {
    expect(suggestClosest('subdomian', ['code', 'subdomain'])).toBe('subdomain');
    expect(suggestClosest('Lifecycle', ['lifecycle'])).toBe('lifecycle');
    expect(suggestClosest('owner', ['code', 'name', 'subdomain'])).toBeUndefined();
    expect(suggestClosest('ab', ['xy'])).toBeUndefined();
  });

  it('phrases the hint in parentheses, so the message keeps its "; allowed:" part', () => {
    expect(didYouMean('qualty', ['operations', 'quality'])).toBe(' (did you mean "quality"?)');
    expect(didYouMean('Lifecycle', ['lifecycle'])).toBe(' (did you mean "lifecycle"?)');
    expect(didYouMean('owner', ['code', 'name'])).toBe('');
  });
});
