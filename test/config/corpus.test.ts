// The broken-file corpus: every file holds one fault and must produce exactly the finding recorded
// in corpus/expected.txt (file:line:col: message). Regenerate after a deliberate wording change
// with TENANTOPS_UPDATE_GOLDEN=1 and review the diff line by line.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/errors/index.ts';
import { CORPUS, runCorpus } from '../support/config-corpus.ts';

const GOLDEN = join(CORPUS, 'expected.txt');

/** Every synthetic secret planted in the corpus; none may ever appear in a message. */
const PLANTED_SECRETS = [
  'Synthetic-Passw0rd-1',
  'Synthetic-Passw0rd-2',
  'Synthetic-Passw0rd-3',
  'Synthetic-Admin-Passw0rd',
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjb3JwdXMtc3ludGhldGljIn0.c3ludGhldGljLXNpZ25hdHVyZS1ub3QtcmVhbA',
  'U3ludGhldGljIGtleSBtYXRlcmlhbCBmb3IgYSB0ZXN0IGNvcnB1cywgbm90IGEga2V5Lg==',
  '9fK2mQ7xL4pR8vT1wZ6yB3nH5jD0cG2sA7eU',
  'Xy48Q~SyntheticValueOnly.NotReal-0123456',
  'Ab12Q~CorpusSyntheticSecret.Not-Real_00',
  'U3ludGhldGljQWNjb3VudEtleUZvclRlc3RzT25seQ==',
  'e4Xk29LmPq_7TzQw8RnVb3YcHs5',
  'CorpusKey1:CorpusSecret2',
  'AKIASYNTHETIC0000001',
  'ghp_SyntheticCorpusToken000000000000000000',
];

describe('broken-file corpus', () => {
  const corpus = runCorpus();
  const lines = corpus.findings.map(formatFinding);

  it('holds at least 45 broken files', () => {
    expect(corpus.tenantFiles.length + corpus.platformFiles.length).toBeGreaterThanOrEqual(45);
  });

  it('reports exactly the golden findings', () => {
    if (process.env.TENANTOPS_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, lines.join('\n') + '\n');
    const expected = readFileSync(GOLDEN, 'utf8').split('\n').filter(Boolean);
    expect(lines).toEqual(expected);
  });

  it('gives every broken file exactly one finding (one fault each, no follow-on noise)', () => {
    const counts = new Map<string, number>();
    for (const f of corpus.findings) counts.set(f.file, (counts.get(f.file) ?? 0) + 1);
    const wrong = [...corpus.tenantFiles, ...corpus.platformFiles].filter((f) => counts.get(f) !== 1);
    expect(wrong).toEqual([]);
  });

  it('uses 1-based positions inside the file', () => {
    for (const f of corpus.findings) {
      const text = readFileSync(join(CORPUS, '..', '..', '..', f.file), 'utf8').split('\n');
      expect(f.line).toBeGreaterThanOrEqual(1);
      expect(f.line).toBeLessThanOrEqual(text.length);
      expect(f.col).toBeGreaterThanOrEqual(1);
    }
  });

  it('never repeats a planted secret, not even a part of one', () => {
    const raw = [...corpus.tenantFiles, ...corpus.platformFiles].map((f) => readFileSync(join(CORPUS, '..', '..', '..', f), 'utf8')).join('\n');
    const output = lines.join('\n');
    for (const secret of PLANTED_SECRETS) {
      expect(raw, `the corpus plants ${secret.slice(0, 6)}…`).toContain(secret);
      for (let i = 0; i + 10 <= secret.length; i++) expect(output).not.toContain(secret.slice(i, i + 10));
    }
  });

  it('finds a secret of every kind the scan knows', () => {
    const kinds = new Set(lines.map((l) => /looks like (.*?);/.exec(l)?.[1]).filter(Boolean));
    expect([...kinds].sort()).toEqual([
      'a GitHub token',
      'a GoDaddy API key',
      'a JSON Web Token',
      'a PEM private key',
      'a connection string with a password',
      'a high-entropy token (a key or password)',
      'an AWS access key',
      'an Azure account or access key',
      'an Azure client secret',
    ]);
  });
});
