// The one YAML loader: paths map to the offending key or value, YAML-level faults become findings
// before any file-specific check, and alias bombs are refused from the tree without ever being
// expanded.

import { describe, expect, it } from 'vitest';
import { formatPath, locatePath, parsePath, parseYamlSource, toPlainData } from '../../src/yaml/index.ts';

const KIND = { what: 'a tenant file', required: ['code'] };

const TEXT = [
  '# header', //                       1
  'code: acme', //                     2
  'providers:', //                     3
  '  lms: APTM', //                    4
  'superUsers:', //                    5
  '  - email: a@x.example', //         6
  '  - email: "b@x.example"', //       7
  '    firstName: Bo', //              8
  'empty:', //                         9
  '"odd.key": 1', //                  10
].join('\n');

describe('locatePath', () => {
  const { source } = parseYamlSource(TEXT, 'f.yaml', KIND);
  const at = (path: string, target: 'key' | 'value') => {
    const p = locatePath(source!, path, target);
    return `${p.line}:${p.col}`;
  };

  it('points at values for wrong values and keys for wrong keys', () => {
    expect(at('providers.lms', 'value')).toBe('4:8');
    expect(at('providers.lms', 'key')).toBe('4:3');
    expect(at('superUsers[1].email', 'value')).toBe('7:12');
    expect(at('superUsers[1].firstName', 'key')).toBe('8:5');
    expect(at('superUsers[1]', 'value')).toBe('7:5');
  });

  it('falls back to the parent key when the path leads nowhere (missing required keys)', () => {
    expect(at('providers.crm', 'key')).toBe('3:1');
    expect(at('superUsers[1].lastName', 'value')).toBe('7:5');
    expect(at('superUsers[7].email', 'value')).toBe('5:1');
    expect(at('', 'key')).toBe('2:1');
  });

  it('uses the key for an empty value and handles quoted keys', () => {
    expect(at('empty', 'value')).toBe('9:1');
    expect(at('["odd.key"]', 'value')).toBe('10:12');
  });

  it('parses and formats paths symmetrically', () => {
    for (const p of ['providers.lms', 'superUsers[1].email', 'clusters.shared-eu.port', 'a["b.c"][0]']) {
      expect(formatPath(parsePath(p))).toBe(p);
    }
    expect(parsePath('superUsers[1].email')).toEqual(['superUsers', 1, 'email']);
  });
});

/** Each level holds nine aliases of the previous one: 9^depth values once expanded. */
function aliasBomb(depth: number): string {
  const lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= depth; i++) lines.push(`l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  return lines.join('\n') + '\n';
}

describe('aliases', () => {
  it('refuses a billion-laughs file with a finding at its first alias, without expanding it', () => {
    // 9^40 values: expansion could never finish, so reaching the assertion proves none happened.
    const parsed = parseYamlSource(aliasBomb(40), 'bomb.yaml', KIND);
    expect(parsed.root).toBeUndefined();
    expect(toPlainData(parsed)).toBeUndefined();
    expect(parsed.findings).toEqual([
      {
        file: 'bomb.yaml',
        line: 2,
        col: 10,
        message: 'YAML aliases would expand this file to more than 10000 values (an alias bomb); refused without expanding; allowed: aliases expanding to at most 10000 values',
      },
    ]);
  });

  it('still accepts a few ordinary aliases', () => {
    const parsed = parseYamlSource('a: &m [x, y]\nb: *m\nc: *m\n', 'f.yaml', KIND);
    expect(parsed.findings).toEqual([]);
    expect(toPlainData(parsed)).toEqual({ a: ['x', 'y'], b: ['x', 'y'], c: ['x', 'y'] });
  });
});

describe('YAML faults', () => {
  const first = (text: string) => parseYamlSource(text, 'f.yaml', KIND).findings.map((f) => `${f.line}:${f.col} ${f.message}`);

  it('reports a duplicate key at the second occurrence, naming the first', () => {
    expect(first('a: 1\nb:\n  c: 1\n  c: 2\n')).toEqual(['4:3 duplicate key "c" in b (first at line 3); a key may appear only once in a mapping']);
  });

  it('reports a file of comments only as empty', () => {
    expect(first('# nothing\n')).toEqual(['1:1 the file is empty; a tenant file is a mapping with the keys code']);
  });

  it('reports the first syntax error only, at the parser position', () => {
    expect(first('a: [1, 2\nb: {\n')).toHaveLength(1);
  });

  it('refuses a file larger than 1 MiB before parsing', () => {
    expect(first('a: ' + 'x'.repeat(1024 * 1024))).toEqual([expect.stringMatching(/^1:1 the file is \d+ bytes long; allowed: at most 1048576 bytes$/)]);
  });

  it('reports keys that are lists or mappings', () => {
    expect(first('a: 1\n? [x, y]\n: 2\n')[0]).toBe('2:3 a key is a list or mapping; allowed: plain names as keys');
  });
});

describe('nesting too deep for the parser', () => {
  it.each([
    ['flow lists', `code: acme\nextra: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`],
    ['flow mappings', `code: acme\nextra: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}\n`],
    ['compact block lists', `code: acme\nextra:\n  ${'- '.repeat(50_000)}x\n`],
  ])('is one finding at the level that goes too deep, not a stack overflow (%s)', (_name, text) => {
    const parsed = parseYamlSource(text, 'tenants/deep.yaml', KIND);
    expect(parsed.findings).toHaveLength(1);
    expect(parsed.findings[0]).toMatchObject({ file: 'tenants/deep.yaml', line: expect.any(Number), col: expect.any(Number) });
    expect(parsed.findings[0].message).toBe('the YAML nests more than 64 levels deep here; allowed: at most 64 levels (lists and mappings inside each other)');
    expect(toPlainData(parsed)).toBeUndefined();
  });

  it('leaves ordinary nesting, brackets in quotes and comments alone', () => {
    const text = `code: acme\nname: "[[[[${'['.repeat(100)}"\n# ${'{'.repeat(100)}\nextra: ${'['.repeat(20)}${']'.repeat(20)}\n`;
    expect(parseYamlSource(text, 'tenants/ok.yaml', KIND).findings).toEqual([]);
  });
});
