// Operations files: the shipped sequences validate clean, and a bad file is refused with
// `file:line:col: what is wrong; what is allowed` for each fault — schema, YAML and rules across
// files (needs, cron, known tenants, capacities, clusters, modules). Then the plan picks tenants.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding } from '../../src/errors/index.ts';
import { loadOperations, OPERATION_ACTIONS, planOperation, validateOperationText, type OperationContext } from '../../src/ops/index.ts';
import { loadValidInputs, operationContext } from '../../src/run/index.ts';
import type { TenantConfig } from '../../src/config/index.ts';
import { cli } from '../support/cli.ts';
import { copyRepo, repoRoot } from '../support/repo.ts';

const context: OperationContext = {
  tenants: ['acme-training', 'beta-corp', 'gamma-skills'],
  capacities: ['sandbox-a1', 'shared'],
  clusters: ['shared-eu', 'dedicated-beta'],
  modules: ['operations', 'finance', 'quality'],
};

const FILE = 'operations/nightly.yaml';
const lines = (text: string) => validateOperationText(text, FILE, context).findings.map(formatFinding);

const GOOD = `name: nightly
steps:
  - id: dataflows
    action: refresh-dataflows
  - id: models
    action: refresh-models
    needs: [dataflows]
`;

describe('the published schema', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'operations', 'operation.schema.json'), 'utf8'));

  it('describes every property for editors, and offers the actions the runner knows', () => {
    const undocumented: string[] = [];
    const walk = (node: Record<string, unknown>, at: string) => {
      for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!child.description) undocumented.push(`${at}.${name}`);
        walk(child, `${at}.${name}`);
      }
    };
    walk(schema, '#');
    walk(schema.$defs.step, '#/$defs/step');
    expect(undocumented).toEqual([]);
    expect(schema.$defs.step.properties.action.enum).toEqual([...OPERATION_ACTIONS]);
  });
});

describe('the shipped sequences', () => {
  it('validate clean against the repository, with the three examples of the reference documents', async () => {
    const inputs = await loadValidInputs(repoRoot);
    const { operations, findings } = await loadOperations(repoRoot, operationContext(inputs));
    expect(findings.map(formatFinding)).toEqual([]);
    expect(operations.map((o) => o.sequence.name)).toEqual(['daily-refresh', 'development-test', 'emergency-refresh']);
  });
});

describe('a bad operations file is refused with file:line:col', () => {
  it('accepts a good one and fills in the defaults', () => {
    const { sequence, findings } = validateOperationText(GOOD, FILE, context);
    expect(findings).toEqual([]);
    expect(sequence).toMatchObject({ name: 'nightly', parallelism: 4, onFailure: 'stop', retries: 0 });
  });

  it.each([
    ['an unknown action', GOOD.replace('action: refresh-dataflows', 'action: refresh-dataflow'),
      `${FILE}:4:13: steps[0].action "refresh-dataflow" is not allowed (did you mean "refresh-dataflows"?); allowed: refresh-dataflows, refresh-models, migrate, verify, redeploy-templates, discover`],
    ['an unknown key', GOOD.replace('  - id: models', '  - id: models\n    when: always'),
      `${FILE}:6:5: unknown key "when" in steps[1]; allowed: id, action, targets, needs, parallelism, onFailure, retries`],
    ['a policy that does not exist', `${GOOD}onFailure: retry\n`,
      `${FILE}:8:12: onFailure "retry" is not allowed; allowed: stop, continue`],
    ['a needs naming no earlier step', GOOD.replace('needs: [dataflows]', 'needs: [dataflow]'),
      `${FILE}:7:13: steps[1].needs[0] "dataflow" is not an earlier step (did you mean "dataflows"?); allowed: dataflows`],
    ['models after dataflows without needing them', GOOD.replace('    needs: [dataflows]\n', ''),
      `${FILE}:6:13: step "models" refreshes models after step "dataflows" refreshed dataflows without needing it; add needs: [dataflows] so the models read the refreshed dataflows`],
    ['a bad cron', `${GOOD}schedule: "61 5 * * *"\n`,
      `${FILE}:8:11: schedule "61 5 * * *" is not a valid cron (Invalid value for minute: 61); allowed: five fields, minute hour day-of-month month day-of-week, in UTC, e.g. "0 5 * * *"`],
    ['a tenant that does not exist', GOOD.replace('    action: refresh-dataflows', '    action: refresh-dataflows\n    targets:\n      tenants: [acme-trainng]'),
      `${FILE}:6:17: steps[0].targets.tenants[0] "acme-trainng" is not a tenant in tenants/ (did you mean "acme-training"?); known: acme-training, beta-corp, gamma-skills`],
    ['a capacity platform.yaml does not define', GOOD.replace('    action: refresh-dataflows', '    action: refresh-dataflows\n    targets:\n      capacity: premium'),
      `${FILE}:6:17: steps[0].targets.capacity "premium" is not a capacity of platform.yaml (capacities); known: sandbox-a1, shared`],
    ['a duplicate step id', GOOD.replace('id: models', 'id: dataflows').replace('action: refresh-models', 'action: verify').replace('    needs: [dataflows]\n', ''),
      `${FILE}:5:9: step id "dataflows" is already used on line 3; each step needs its own id`],
    ['a name unlike the file name', GOOD.replace('name: nightly', 'name: weekly'),
      `${FILE}:1:7: name "weekly" does not match the file name nightly.yaml; name the file weekly.yaml or set name: nightly`],
    ['broken YAML', GOOD.replace('needs: [dataflows]', 'needs: [dataflows'), undefined],
  ])('%s', (_what, text, expected) => {
    const found = lines(text);
    if (expected) expect(found).toEqual([expected]);
    else expect(found).toEqual([expect.stringMatching(/^operations\/nightly\.yaml:\d+:\d+: /)]);
  });

  it('reports every fault of a file at once', () => {
    const text = `name: nightly\nparallelism: 0\nsteps:\n  - id: Models\n    action: refresh-models\n    needs: [nothing]\n`;
    expect(lines(text)).toEqual([
      `${FILE}:2:14: parallelism 0 is out of range; allowed: a whole number at least 1 and at most 32`,
      `${FILE}:4:9: steps[0].id "Models" is not a valid name (has uppercase letters); allowed: lowercase letters, digits and hyphens, starting with a letter`,
    ]);
  });
});

describe('the CLI refuses a bad file before anything runs', () => {
  it('ops run, ops list and validate exit 1 with file:line:col; a sequence that does not exist is exit 2 naming the known ones', async () => {
    const root = await copyRepo();
    try {
      cpSync(join(repoRoot, 'operations'), join(root, 'operations'), { recursive: true });
      writeFileSync(join(root, 'operations', 'nightly.yaml'), GOOD.replace('action: refresh-dataflows', 'action: refresh'));
      const expected = 'tenantops: operations/nightly.yaml:4:13: steps[0].action "refresh" is not allowed; allowed: refresh-dataflows, refresh-models, migrate, verify, redeploy-templates, discover\n';
      for (const argv of [['ops', 'run', 'nightly'], ['ops', 'run', 'nightly', '--dry-run'], ['ops', 'list']]) {
        const out = await cli([...argv, '--root', root], root);
        expect([out.code, out.stderr, out.stdout]).toEqual([1, expected, '']);
      }
      // `tenantops validate` reads operations/ beside tenants/ (the PR workflow runs it alone).
      const validate = await cli(['validate', '--root', root], root);
      expect([validate.code, validate.stdout]).toEqual([1, expected.replace('tenantops: ', '')]);
      const unknown = await cli(['ops', 'run', 'nightly-refresh', '--dry-run', '--root', root], root);
      expect([unknown.code, unknown.stderr]).toEqual([2, 'tenantops: no sequence "nightly-refresh" in operations/; known: daily-refresh, development-test, emergency-refresh\n']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('the plan', () => {
  const tenant = (code: string, over: Partial<TenantConfig> = {}) =>
    ({ code, lifecycle: 'active', powerbi: { capacity: 'sandbox-a1' }, database: { isolation: 'schema', cluster: 'shared-eu' }, modules: ['operations'], ...over }) as TenantConfig;
  const fleet = [
    tenant('acme'),
    tenant('beta', { powerbi: { capacity: 'shared' }, database: { isolation: 'database', cluster: 'dedicated-beta' }, modules: ['finance'] }),
    tenant('gamma', { lifecycle: 'suspended' }),
  ];
  const seq = (targets: object) => ({ name: 'x', parallelism: 2, onFailure: 'stop' as const, retries: 0, steps: [{ id: 's', action: 'verify' as const, targets, onFailure: 'continue' as const }] });

  it.each([
    [{}, ['acme', 'beta']],
    [{ capacity: 'shared' }, ['beta']],
    [{ cluster: 'shared-eu' }, ['acme']],
    [{ module: 'finance' }, ['beta']],
    [{ lifecycle: 'suspended' }, ['gamma']],
    [{ tenants: ['acme', 'gamma'] }, ['acme']],
  ])('targets %j pick %j', (targets, expected) => {
    expect(planOperation(seq(targets), fleet).steps[0].tenants).toEqual(expected);
  });

  it('resolves each policy against the sequence, and --tenant narrows every step', () => {
    const plan = planOperation(seq({}), fleet, { tenant: 'beta' });
    expect(plan.steps[0]).toEqual({ id: 's', action: 'verify', needs: [], parallelism: 2, onFailure: 'continue', retries: 0, tenants: ['beta'] });
    expect(() => planOperation(seq({}), fleet, { tenant: 'gamma' })).toThrow('tenant "gamma" is not a target of any step of x; nothing would run');
  });
});
