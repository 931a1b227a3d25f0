// The isolation mode is decided once: chooseIsolation picks a tenant's strategy from its file and
// the rest of the code asks the strategy. This test keeps it so: no file of src/ or dev/ outside
// the strategy modules (src/db/isolation/) may compare an isolation mode to a literal.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateTenantText } from '../../src/config/index.ts';
import type { Isolation, PlatformConfig, TenantConfig } from '../../src/config/index.ts';
import { chooseIsolation, dbSpecOf } from '../../src/db/index.ts';
import { deriveNames } from '../../src/naming/index.ts';
import { CORPUS, PROVIDERS } from '../support/config-corpus.ts';
import { repoRoot } from '../support/repo.ts';

const STRATEGY_MODULES = 'src/db/isolation/';
const MODE = String.raw`(['"\`])(?:schema|database|byod)\1`;
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'isolation compared to a mode', pattern: new RegExp(String.raw`\bisolation\b[\w?.!)\]]*\s*[!=]==?\s*${MODE}`) },
  { what: 'a mode compared to isolation', pattern: new RegExp(String.raw`${MODE}\s*[!=]==?\s*[\w?.!]*\bisolation\b`) },
  { what: 'a switch on isolation', pattern: /\bswitch\s*\([^)]*\bisolation\b[^)]*\)/ },
  { what: 'a case on a mode', pattern: new RegExp(String.raw`\bcase\s+${MODE}\s*:`) },
  { what: 'isolation looked up in a list of modes', pattern: /\.(?:includes|has|indexOf)\(\s*[\w?.!]*\bisolation\b\s*\)/ },
  { what: 'a list of modes searched', pattern: new RegExp(String.raw`\[[^\]]*${MODE}[^\]]*\]\s*\)?\s*\.(?:includes|has|indexOf)\(`) },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The code of a file with its comments blanked out (a comment may well say `isolation === 'byod'`). */
function code(text: string): string {
  const blank = (c: string) => c.replace(/[^\n]/g, ' ');
  return text.replace(/\/\*[\s\S]*?\*\//g, blank).replace(/(^|[^:'"`])(\/\/.*)$/gm, (_, before: string, c: string) => before + blank(c));
}

/** `file:line: what` for every mode decided outside the strategy modules (a comparison may span lines). */
function findIsolationDecisions(files: readonly string[], read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8')): string[] {
  const found = new Map<string, string>();
  for (const file of files) {
    if (file.startsWith(STRATEGY_MODULES)) continue;
    const text = code(read(file));
    const lines = text.split('\n');
    for (const { what, pattern } of FORBIDDEN) {
      for (const match of text.matchAll(new RegExp(pattern.source, 'g'))) {
        const line = text.slice(0, match.index).split('\n').length;
        const at = `${file}:${line}`;
        if (!found.has(at)) found.set(at, `${at}: ${what}: ${lines[line - 1].trim()}`);
      }
    }
  }
  return [...found.keys()].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((at) => found.get(at)!);
}

describe('the isolation mode', () => {
  it('is decided only in the strategy modules: no file of src/ or dev/ elsewhere compares it to a literal', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('dev')];
    expect(files.length).toBeGreaterThan(50);
    expect(findIsolationDecisions(files)).toEqual([]);
  });

  it('is caught however it is compared', () => {
    const samples = [
      `if (spec.isolation === 'schema') return;`,
      `const b = tenant.database?.isolation !== "byod";`,
      `if ('database' == spec.isolation) x();`,
      `switch (config.database.isolation) {`,
      `  case 'database':`,
      `if (['schema', 'database'].includes(spec.isolation)) y();`,
      `if (MODES.has(store.isolation)) z();`,
      `const spread = store.isolation ===\n  'byod';`,
    ];
    const found = findIsolationDecisions(['src/x.ts', 'src/db/isolation/schema.ts'], () => samples.join('\n'));
    expect(found.map((f) => f.slice(0, f.indexOf(':', 'src/x.ts:'.length)))).toEqual(samples.map((_, i) => `src/x.ts:${i + 1}`));
    expect(found).toHaveLength(samples.length);
    // Comments, the strategy modules and other comparisons are left alone.
    expect(findIsolationDecisions(['src/y.ts'], () => `// isolation === 'byod' is decided elsewhere\nif (typeof isolation === 'string') f();\nrow.isolation !== spec.isolation;`)).toEqual([]);
  });

  it('chooses one strategy per mode, from the tenant file', () => {
    for (const isolation of ['schema', 'database', 'byod'] as const) {
      expect(chooseIsolation({ database: { isolation } }).isolation).toBe(isolation);
    }
  });

  it('agrees with the tenant rule on which modes need the cluster shared database', () => {
    // The rule lives in config, below db: it states the one fact itself, and must say what the strategies do.
    const platform = { clusters: { bare: { host: 'h', port: 5432, database: 'shared' } } } as unknown as PlatformConfig;
    const text = readFileSync(path.join(CORPUS, 'tenants', 'no-shared-database.yaml'), 'utf8');
    const platformText = { file: 'platform.yaml', text: readFileSync(path.join(CORPUS, 'platform.yaml'), 'utf8') };
    for (const isolation of ['schema', 'database'] as Isolation[]) {
      const tenant = { code: 'acme-training', database: { isolation, cluster: 'bare' } } as TenantConfig;
      const usesShared = chooseIsolation(tenant).locate(tenant, platform, deriveNames(tenant.code)).database === 'shared';
      const { findings } = validateTenantText(text.replace('isolation: schema', `isolation: ${isolation}`), 'tenants/no-shared-database.yaml', { providers: PROVIDERS, platform: platformText });
      expect({ isolation, rule: findings.some((f) => f.message.includes('has no shared database')) }).toEqual({ isolation, rule: usesShared });
    }
  });

  it('travels in the spec: what a byod store may never lose, and where the semantic model points', () => {
    const platform = { clusters: { main: { host: 'pg.example', port: 6543, database: 'tenants' } } } as unknown as PlatformConfig;
    const base = { code: 'acme-training', lifecycle: 'decommissioned', deletionPolicy: 'delete' } as TenantConfig;
    const schema = dbSpecOf({ ...base, database: { isolation: 'schema', cluster: 'main' } }, platform);
    const byod = dbSpecOf({ ...base, database: { isolation: 'byod', connectionSecret: 'ACME_DB_URL' } }, platform);
    expect([schema.strategy.mayDropData, byod.strategy.mayDropData]).toEqual([true, false]);
    expect([schema.host, schema.port, schema.database, schema.address]).toEqual(['pg.example', 6543, 'tenants', 'pg.example:6543']);
    expect([byod.host, byod.port, byod.database, byod.address]).toEqual(['secret:ACME_DB_URL', 5432, 'secret:ACME_DB_URL', 'secret:ACME_DB_URL']);
    expect(byod.managed).toEqual({ owner: false, app: true, bi: true });
  });
});
