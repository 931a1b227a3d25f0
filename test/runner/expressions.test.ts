// Expressions through GitHub's evaluator, with the runner's status functions and hashFiles.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, evaluateExpression, toText } from '../../dev/runner/expressions.ts';

const contexts = {
  github: { event_name: 'push', ref: 'refs/heads/main', event: { commits: [{ message: 'a' }, { message: 'b' }] } },
  needs: { list: { result: 'success', outputs: { tenants: '["acme","globex"]' } } },
  matrix: { tenant: 'acme' },
  env: { MODE: 'apply' },
  inputs: { wait: true },
};

describe('expressions', () => {
  it.each([
    ["startsWith(github.ref, 'refs/heads/')", true],
    ["contains(fromJSON(needs.list.outputs.tenants), 'globex')", true],
    ["format('{0}-{1}', matrix.tenant, env.MODE)", 'acme-apply'],
    ["join(github.event.commits.*.message, ', ')", 'a, b'],
    ['toJSON(fromJSON(needs.list.outputs.tenants))', '[\n  "acme",\n  "globex"\n]'],
    ["needs.list.result == 'SUCCESS'", true],
    ['inputs.wait', true],
    ['github.nothing.here', null],
    ["endsWith(GITHUB.REF, 'MAIN')", true],
  ])('%s → %j', (expression, expected) => {
    expect(evaluateExpression(expression, { contexts })).toEqual(expected);
  });

  it('answers status functions from the state it is given', () => {
    const scope = (success: boolean, failure: boolean, cancelled: boolean) => ({ contexts, status: { success, failure, cancelled } });
    // The parser turns `if: x` into `success() && (x)`; these are the forms that reach the runner.
    expect(evaluateCondition("success() && (matrix.tenant == 'acme')", scope(true, false, false))).toBe(true);
    expect(evaluateCondition("success() && (matrix.tenant == 'acme')", scope(false, true, false))).toBe(false);
    expect(evaluateCondition('failure()', scope(false, true, false))).toBe(true);
    expect(evaluateCondition('success()', scope(true, false, true))).toBe(false);
    expect(evaluateCondition('cancelled()', scope(true, false, true))).toBe(true);
    expect(evaluateCondition('always()', scope(false, true, true))).toBe(true);
  });

  it('hashes files of the workspace as hashFiles does, empty when nothing matches', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'hashfiles-'));
    try {
      writeFileSync(path.join(workspace, 'package-lock.json'), '{}');
      const hash = evaluateExpression("hashFiles('**/package-lock.json')", { contexts, workspace });
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(evaluateExpression("hashFiles('**/nothing')", { contexts, workspace })).toBe('');
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  it('names the expression that failed', () => {
    expect(() => evaluateExpression("fromJSON('not json')", { contexts })).toThrow(/^The expression 'fromJSON\('not json'\)' failed/);
  });

  it('coerces values to strings as GitHub does', () => {
    expect([toText(null), toText(true), toText(4), toText('x')]).toEqual(['', 'true', '4', 'x']);
  });
});
