// actions/provision-db: the shared step runner → provisionDb (src/run) → outputs and the job summary.
import { getBooleanInput, runActionStep } from '../../src/github/index.ts';
import { provisionDb } from '../../src/run/index.ts';

await runActionStep({ modes: ['plan', 'apply'] }, async (step) => {
  const result = await provisionDb({ ...step, migrateAll: getBooleanInput('migrate-all') });
  const { counts } = result;
  const store = result.dataStores.length === 1 ? result.dataStores[0] : undefined;
  return {
    outputs: {
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
    },
    summary: result.markdown,
    failures: result.migration?.tenants.filter((t) => t.status === 'failed').map((t) => ({ key: t.tenant, error: new Error(t.error ?? 'failed') })),
  };
});
