// Generated tenant repositories for the fleet-size scenarios: N tenant files over the three
// provider combinations of the catalog, beside a copy of the real templates/ and platform.yaml.
import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../test/support/repo.ts';

const COMBOS = [
  ['APTEM', 'BKSB', 'HUBSPOT'],
  ['BUD', 'FUNC', 'SF'],
  ['ONEFILE', 'ESKILLS', 'DYNAMICS'],
] as const;

export function tenantCode(i: number): string {
  return `tenant-${String(i).padStart(5, '0')}`;
}

export function tenantYaml(i: number): string {
  const code = tenantCode(i);
  const [lms, em, crm] = COMBOS[i % COMBOS.length];
  return [
    `code: ${code}`,
    `name: Training Provider ${i}`,
    `subdomain: ${code}`,
    `providers: { lms: ${lms}, englishMaths: ${em}, crm: ${crm} }`,
    'database: { isolation: schema, cluster: shared-eu }',
    'powerbi: { capacity: sandbox-a1 }',
    'modules: [operations, quality, finance, sales, compliance, learner-progress]',
    'superUsers:',
    `  - { email: admin@${code}.example, firstName: Ada, lastName: Admin }`,
    '',
  ].join('\n');
}

/** A temporary repository with `count` generated tenants; the caller removes it. */
export async function generateRepository(count: number): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'tenantops-bench-'));
  for (const entry of ['templates', 'platform.yaml']) await cp(path.join(repoRoot, entry), path.join(root, entry), { recursive: true });
  await mkdir(path.join(root, 'tenants'));
  for (let i = 0; i < count; i++) await writeFile(path.join(root, 'tenants', `${tenantCode(i)}.yaml`), tenantYaml(i));
  return root;
}
