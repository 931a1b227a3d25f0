import { describe, expect, it } from 'vitest';
import { matchesSelector } from '../../src/http/router.ts';

describe('fault route selectors', () => {
  const call = { method: 'POST', path: '/v1.0/myorg/groups/g1/reports/r1/Clone', route: 'reports.clone' };
  it.each([
    [undefined, true],
    ['reports.clone', true],
    ['reports.rebind', false],
    ['POST /v1.0/myorg/groups/*/reports/*/Clone', true],
    ['GET /v1.0/myorg/groups/*/reports/*/Clone', false],
    ['* /v1.0/myorg/**', true],
    ['POST /**/Clone', true],
    ['POST /**/lone', false],
    ['POST /v1.0/myorg/groups/*', false],
    ['POST /v1.0/myorg/groups/g*/reports/r*/Clone', true],
    ['post /V1.0/MYORG/**/clone', true],
  ])('%s → %s', (selector, expected) => {
    expect(matchesSelector(selector, call, true)).toBe(expected);
  });
  it('respects case when the emulator does', () => {
    expect(matchesSelector('POST /v1.0/myorg/**/clone', call, false)).toBe(false);
  });
});
