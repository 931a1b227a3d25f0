// The plan marker and the comment around it: what a merge binds to survives the round trip, and
// the comment fits GitHub's limit however many tenants a PR changes.
import { describe, expect, it } from 'vitest';
import { COMMENT_LIMIT, markerFor, parsePlanMarker, renderPlanComment, renderPlanMarker, type PlanMarker } from '../../src/github/index.ts';

const hex = (seed: number) => Array.from({ length: 64 }, (_, i) => ((seed * 31 + i * 7) % 16).toString(16)).join('');
const marker = (n: number): PlanMarker => ({
  version: 1,
  sha: 'a'.repeat(40),
  tenants: Object.fromEntries(Array.from({ length: n }, (_, i) => [`tenant-${i}`, { db: hex(i), powerbi: hex(i + 1000), dns: hex(i + 2000) }])),
});

describe('plan marker', () => {
  it('round-trips, readable JSON when small', () => {
    const m = marker(2);
    const text = renderPlanMarker(m);
    expect(text).toMatch(/^<!-- tenantops-plan \{"version":1,/);
    expect(parsePlanMarker(`hello\n${text}\nbye`)).toEqual(m);
  });

  it('round-trips deflated when large, and an offline marker keeps its flag', () => {
    const m = marker(300);
    expect(renderPlanMarker(m)).toMatch(/^<!-- tenantops-plan deflate:/);
    expect(parsePlanMarker(renderPlanMarker(m))).toEqual(m);
    const offline: PlanMarker = { version: 1, sha: 'b'.repeat(40), tenants: {}, offline: true };
    expect(parsePlanMarker(renderPlanMarker(offline))).toEqual(offline);
  });

  it('refuses what is not a marker of this version', () => {
    expect(parsePlanMarker('no marker here')).toBeUndefined();
    expect(() => parsePlanMarker('<!-- tenantops-plan {"version":2,"sha":"abcdef0","tenants":{}} -->')).toThrow(/version 2/);
    expect(() => parsePlanMarker('<!-- tenantops-plan {"version":1,"sha":"abcdef0","tenants":{"a":{"db":"short"}}} -->')).toThrow(/a\.db is not a plan hash/);
    expect(() => parsePlanMarker('<!-- tenantops-plan {"version":1')).toThrow(/not closed/);
  });
});

describe('plan comment', () => {
  const sections = (n: number, detail = 400) => Array.from({ length: n }, (_, i) => ({ tenant: `tenant-${i}`, line: 'db +3 · powerbi +44 · dns +1', details: 'x'.repeat(detail) }));

  it('holds every tenant in full when it fits', () => {
    const body = renderPlanComment(sections(3), { title: 'plan', marker: marker(3), whereWhole: 'the artifact' });
    expect(body.match(/<details>/g)).toHaveLength(3);
    expect(body).not.toMatch(/did not fit/);
    expect(parsePlanMarker(body)).toEqual(marker(3));
  });

  it('fits 65,536 characters with 300 tenants, marker whole, details cut with a note', () => {
    const body = renderPlanComment(sections(300, 3_000), { title: 'plan', marker: marker(300), whereWhole: 'the artifact' });
    expect(body.length + markerFor('plan').length + 1).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(parsePlanMarker(body)).toEqual(marker(300));
    expect(body).toMatch(/see the artifact/);
    expect((body.match(/<details>/g) ?? []).length).toBe((body.match(/<\/details>/g) ?? []).length);
  });
});
