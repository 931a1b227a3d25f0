// Every workflow keeps the hygiene rules (hygiene.ts), and each rule is shown failing on a fixture.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkWorkflowHygiene, type EnvironmentsFile } from './hygiene.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = path.join(root, '.github', 'workflows');
const envs = parse(readFileSync(path.join(root, '.github', 'environments.yml'), 'utf8')) as EnvironmentsFile;
const PIN = 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1';

describe('the workflows keep the hygiene rules', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yml')))('%s', (file) => {
    expect(checkWorkflowHygiene(file, readFileSync(path.join(dir, file), 'utf8'), envs)).toEqual([]);
  });

  it('declares the four environments and Pages\' own, go-live and fleet-wave with required reviewers', () => {
    expect(Object.keys(envs.environments).sort()).toEqual(['fleet-wave', 'github-pages', 'go-live', 'plan-reader', 'provisioning']);
    expect(envs.environments['github-pages'].secrets).toEqual([]);
    expect(envs.environments['go-live'].requiredReviewers).toBe(true);
    expect(envs.environments['fleet-wave'].requiredReviewers).toBe(true);
  });
});

describe('each rule fails on a fixture that breaks it', () => {
  const job = (body: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n${body}`;
  const steps = '    steps:\n      - uses: ' + PIN + '\n';

  it('a clean fixture passes', () => {
    expect(checkWorkflowHygiene('ok.yml', job(`    environment: provisioning\n${steps}      - run: echo\n        env:\n          K: \${{ secrets.TENANTOPS_DEPLOYER_SECRET }}\n`), envs)).toEqual([]);
  });

  it('a secret in workflow-level env', () => {
    const text = `on: push\nenv:\n  K: \${{ secrets.TENANTOPS_DEPLOYER_SECRET }}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    environment: provisioning\n${steps}`;
    expect(checkWorkflowHygiene('f.yml', text, envs)).toEqual(['f.yml: workflow-level env reads secrets.TENANTOPS_DEPLOYER_SECRET: give it to the steps that use it']);
  });

  it('a secret in job-level env', () => {
    const text = job(`    environment: provisioning\n    env:\n      K: \${{ secrets.TENANTOPS_DEPLOYER_SECRET }}\n${steps}`);
    expect(checkWorkflowHygiene('f.yml', text, envs)).toEqual(['f.yml job a: job-level env reads secrets.TENANTOPS_DEPLOYER_SECRET: give it to the steps that use it']);
  });

  it('a third-party action referenced by tag', () => {
    expect(checkWorkflowHygiene('f.yml', job('    steps:\n      - uses: actions/checkout@v4\n'), envs)).toEqual(['f.yml job a: actions/checkout@v4 is not pinned to a full commit sha']);
  });

  it('a per-tenant concurrency group without queue: max, at job or workflow level', () => {
    const jobLevel = job(`    concurrency:\n      group: tenant-\${{ inputs.tenant }}\n      cancel-in-progress: false\n${steps}`);
    expect(checkWorkflowHygiene('f.yml', jobLevel, envs)).toEqual(['f.yml job a: per-tenant concurrency group "tenant-${{ inputs.tenant }}" without queue: max cancels pending runs']);
    const workflowLevel = `on: push\nconcurrency: tenant-\${{ inputs.tenant }}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n${steps}`;
    expect(checkWorkflowHygiene('f.yml', workflowLevel, envs)).toHaveLength(1);
  });

  it('a job reading a secret of an environment it does not name', () => {
    const none = job(`${steps}      - run: echo\n        env:\n          K: \${{ secrets.TENANTOPS_DEPLOYER_SECRET }}\n`);
    expect(checkWorkflowHygiene('f.yml', none, envs)).toEqual([
      'f.yml job a: reads secrets.TENANTOPS_DEPLOYER_SECRET, which is an environment secret, and the job names no environment nor a repository secret',
    ]);
    const other = job(`    environment: qa\n${steps}      - run: echo \${{ secrets.TENANTOPS_DEPLOYER_SECRET }}\n`);
    expect(checkWorkflowHygiene('f.yml', other, envs)).toEqual([
      'f.yml job a: environment qa is not declared in .github/environments.yml',
      'f.yml job a: reads secrets.TENANTOPS_DEPLOYER_SECRET, which is not a secret of environment qa nor a repository secret',
    ]);
  });
});
