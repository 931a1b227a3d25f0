import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetKey } from '../../bench/support/fleet-snapshot.ts';

// A stale fleet snapshot must never be restored: its key changes with any file that shapes the
// provisioned state, and stays the same otherwise (else every round would build again).
describe('fleet snapshot key', () => {
  let root: string;
  const paths = ['src', 'templates', 'platform.yaml'];
  const scenarioFile = () => path.join(root, 'bench/scenarios/fleet.ts');
  const key = (knobs: Record<string, string | number> = { tenants: 12 }) => fleetKey({ root, paths, scenarioFile: scenarioFile(), knobs });

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'tenantops-fleet-key-'));
    for (const dir of ['src/powerbi', 'templates', 'bench/scenarios', 'src/node_modules/x']) await mkdir(path.join(root, dir), { recursive: true });
    await writeFile(path.join(root, 'src/powerbi/refresh.ts'), 'export const a = 1;\n');
    await writeFile(path.join(root, 'templates/reports.yaml'), '- name: A v1.0\n');
    await writeFile(path.join(root, 'platform.yaml'), 'name: p\n');
    await writeFile(path.join(root, 'bench/scenarios/fleet.ts'), '// scenario\n');
    await writeFile(path.join(root, 'src/node_modules/x/index.js'), 'ignored\n');
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('is the same when nothing changed', () => {
    expect(key()).toBe(key());
    expect(key({ tenants: 12, per: 'principal' })).toBe(key({ per: 'principal', tenants: 12 }));
  });

  it('changes when a source file, a template, an input or the scenario changes', async () => {
    const edits: [string, string][] = [
      ['src/powerbi/refresh.ts', 'export const a = 2;\n'],
      ['templates/reports.yaml', '- name: A v1.1\n'],
      ['platform.yaml', 'name: q\n'],
      ['bench/scenarios/fleet.ts', '// scenario, edited\n'],
    ];
    for (const [file, text] of edits) {
      const before = key();
      await writeFile(path.join(root, file), text);
      expect(key(), file).not.toBe(before);
    }
  });

  it('changes when a file is added or renamed', async () => {
    const before = key();
    await writeFile(path.join(root, 'src/powerbi/estimate.ts'), 'export {};\n');
    const added = key();
    expect(added).not.toBe(before);
    await rm(path.join(root, 'src/powerbi/estimate.ts'));
    await writeFile(path.join(root, 'src/powerbi/estimates.ts'), 'export {};\n');
    expect(key()).not.toBe(added);
  });

  it('changes with a scale knob', () => {
    expect(key({ tenants: 12 })).not.toBe(key({ tenants: 13 }));
    expect(key({ tenants: 12, per: 'principal' })).not.toBe(key({ tenants: 12, per: 'profile' }));
  });

  it('ignores installed packages under a shaping folder', async () => {
    const before = key();
    await writeFile(path.join(root, 'src/node_modules/x/index.js'), 'still ignored\n');
    expect(key()).toBe(before);
  });
});
