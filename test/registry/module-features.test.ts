// templates/modules.yaml: read strictly, like the catalog. A persona of the catalog in no feature,
// a persona in two, an unknown module: each a finding at its line and column, saying what is allowed.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.ts';
import { parseModuleFeatures, readModuleFeatures } from '../../src/registry/index.ts';
import { repoRoot } from '../support/repo.ts';

describe('templates/modules.yaml', () => {
  it('covers every persona of the catalog exactly once', async () => {
    const catalog = await loadCatalog(repoRoot);
    const features = readModuleFeatures(repoRoot);
    expect(Object.keys(features).sort()).toEqual([...catalog.registry.modules].sort());
    for (const report of catalog.reports) {
      const covering = features[report.module].filter((f) => f.personas.includes(report.persona));
      expect(covering.map((f) => f.name), report.name).toHaveLength(1);
    }
  });

  it('names the file, line and column of each fault, and what is allowed', async () => {
    const catalog = await loadCatalog(repoRoot);
    const text = [
      'modules:',
      '  operations:',
      '    - name: leadership',
      '      title: Leaders',
      '      personas: [Operations Leader, Operations Leader]',
      '  marketing:',
      '    - name: all',
      '      title: All',
      '      personas: [Everything]',
      '',
    ].join('\n');
    const { findings } = parseModuleFeatures(text, { known: catalog.registry.modules, catalog: catalog.reports.filter((r) => r.module === 'operations' && r.persona === 'Centre Manager').slice(0, 1) });
    expect(findings.map((f) => `${f.file}:${f.line}:${f.col}: ${f.message}`)).toEqual([
      'templates/modules.yaml:5:37: persona "Operations Leader" is already covered by feature leadership of operations; allowed: each persona in one feature of its module',
      `templates/modules.yaml:6:3: module "marketing" is not a module of templates/providers.yaml; allowed: ${catalog.registry.modules.join(', ')}`,
      expect.stringMatching(/^templates\/reports\.yaml:\d+:1: persona "Centre Manager" of module operations is in no feature of templates\/modules\.yaml; allowed: a persona listed under one of leadership$/),
    ]);
  });
});
