// powerbi.fleetReads in platform.yaml: `auto`, `scanner` or `per-tenant`; anything else is a finding that
// names the file, the line and column, what is wrong and what is allowed, and loads nothing.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/errors/index.ts';
import { loadInputs } from '../../src/run/index.ts';
import { copyRepo, editFile } from '../support/repo.ts';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = undefined;
});

describe('powerbi.fleetReads', () => {
  it('loads auto, scanner and per-tenant', async () => {
    root = await copyRepo();
    expect((await loadInputs(root)).inputs?.platform.powerbi.fleetReads).toBe('auto');
    for (const value of ['scanner', 'per-tenant']) {
      await editFile(root, 'platform.yaml', (t) => t.replace(/fleetReads: [\w-]+/, `fleetReads: ${value}`));
      expect((await loadInputs(root)).inputs?.platform.powerbi.fleetReads).toBe(value);
    }
  });

  it('defaults to auto when absent', async () => {
    root = await copyRepo();
    await editFile(root, 'platform.yaml', (t) => t.replace(/\n\s*fleetReads: auto/, ''));
    expect((await loadInputs(root)).inputs?.platform.powerbi.fleetReads).toBe('auto');
  });

  it('refuses any other value with a precise finding', async () => {
    root = await copyRepo();
    await editFile(root, 'platform.yaml', (t) => t.replace('fleetReads: auto', 'fleetReads: admin'));
    const { inputs, findings } = await loadInputs(root);
    expect(inputs).toBeUndefined();
    const line = readFileSync(`${root}/platform.yaml`, 'utf8').split('\n').findIndex((l) => l.includes('fleetReads: admin')) + 1;
    expect(findings.map(formatFinding)).toEqual([expect.stringMatching(new RegExp(`^platform\\.yaml:${line}:\\d+: .*fleetReads.*auto.*scanner.*per-tenant`))]);
  });
});
