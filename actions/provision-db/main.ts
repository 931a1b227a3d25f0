// actions/provision-db: inputs → provisionDb (src/db) → outputs and the job summary.
import path from 'node:path';
import { provisionDb } from '../../src/db/index.ts';
import { ApplyError } from '../../src/errors/index.ts';
import { createActionsLogger, getChoiceInput, getOptionalInput, runAction, setOutputs, writeJobSummary } from '../../src/github/index.ts';

await runAction(async () => {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const result = await provisionDb({
    root: path.dirname(path.resolve(workspace, getOptionalInput('platform-config') ?? 'platform.yaml')),
    tenant: getOptionalInput('tenant'),
    mode: getChoiceInput('mode', ['plan', 'apply'], 'plan'),
    migrateAll: getChoiceInput('migrate-all', ['true', 'false'], 'false') === 'true',
    planHash: getOptionalInput('plan-hash'),
    force: getChoiceInput('force', ['true', 'false'], 'false') === 'true',
    actor: `github:${process.env.GITHUB_ACTOR ?? 'unknown'}`,
    githubRun: process.env.GITHUB_RUN_ID,
    log: createActionsLogger(),
  });
  const { counts } = result;
  const store = result.dataStores.length === 1 ? result.dataStores[0] : undefined;
  setOutputs({
    'plan-hash': result.planHash,
    changes: counts.create + counts.update + counts.replace + counts.delete,
    created: counts.create,
    updated: counts.update + counts.replace,
    deleted: counts.delete,
    applied: result.applied,
    tenants: result.tenants.join(','),
    database: store?.database ?? '',
    schema: store?.schema ?? '',
    'app-role': store?.appRole ?? '',
    'bi-role': store?.biRole ?? '',
    'migrations-failed': result.migration?.failed ?? 0,
  });
  await writeJobSummary(result.markdown);
  const failed = result.migration?.tenants.filter((t) => t.status === 'failed') ?? [];
  if (failed.length) throw new ApplyError(failed.map((t) => ({ key: t.tenant, error: new Error(t.error ?? 'failed') })));
});
