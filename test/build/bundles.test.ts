// The committed action bundles are what GitHub runs: they must be what the sources build today.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStaleBundles, listActions } from '../../src/build/bundle.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('action bundles', () => {
  it('finds every action', async () => {
    expect(await listActions(root)).toEqual(expect.arrayContaining(['dns']));
  });
  it('are fresh: a rebuild gives the committed dist/ byte for byte (else run npm run build)', async () => {
    expect(await findStaleBundles(root)).toEqual([]);
  }, 180_000);
});
