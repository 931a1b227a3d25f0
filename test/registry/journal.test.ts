import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors/index.ts';
import { createRegistryJournal, finishDeployment, getDeployment, getResource, journalDone, journalFailed, journalIntent, listOpenIntents, listSteps, startDeployment } from '../../src/registry/index.ts';
import { useTestRegistry } from '../support/registry.ts';

const reg = useTestRegistry(['acme-training', 'beta-corp']);

const run = (tenant: string) => startDeployment(reg.pool, { tenant, planHash: 'f'.repeat(64), actor: 'alice', githubRunId: '99' });

describe('deployment journal', () => {
  it('lists the intents a crashed run left open, and a later run closes them', async () => {
    const crashed = await run('acme-training');
    const step = (key: string) => ({ deploymentId: crashed, tenant: 'acme-training', key, action: 'create' as const });
    await journalIntent(reg.pool, step('db/schema'));
    await journalDone(reg.pool, step('db/schema'));
    await journalIntent(reg.pool, step('db/roles/app'));
    await journalFailed(reg.pool, { ...step('db/roles/bi'), detail: { error: 'HTTP 500' } });
    await journalIntent(reg.pool, { ...step('powerbi/workspace'), detail: { name: 'tenant-acme-training' } });
    await journalIntent(reg.pool, { deploymentId: await run('beta-corp'), tenant: 'beta-corp', key: 'db/schema', action: 'create' });

    const open = await listOpenIntents(reg.pool, 'acme-training');
    expect(open.map((s) => [s.key, s.phase, s.deploymentId])).toEqual([
      ['db/roles/app', 'intent', crashed],
      ['powerbi/workspace', 'intent', crashed],
    ]);
    expect(open[1].detail).toEqual({ name: 'tenant-acme-training' });
    expect((await getDeployment(reg.pool, crashed))?.status).toBe('running');

    const next = await run('acme-training');
    await journalIntent(reg.pool, { deploymentId: next, tenant: 'acme-training', key: 'db/roles/app', action: 'create' });
    await journalDone(reg.pool, { deploymentId: next, tenant: 'acme-training', key: 'db/roles/app', action: 'create' });
    await finishDeployment(reg.pool, next, 'succeeded');
    expect((await listOpenIntents(reg.pool, 'acme-training')).map((s) => s.key)).toEqual(['powerbi/workspace']);
    const finished = await getDeployment(reg.pool, next);
    expect(finished).toMatchObject({ status: 'succeeded', actor: 'alice', githubRunId: '99' });
    expect(finished?.finishedAt).toBeInstanceOf(Date);
    await expect(finishDeployment(reg.pool, next, 'failed')).rejects.toThrow(/already finished/);
  });

  it('is what the plan engine journals through: done records the resource and its remote id', async () => {
    const id = await run('beta-corp');
    const journal = createRegistryJournal(reg.pool, id);
    await journal.intent('beta-corp', 'powerbi/workspace', 'create', 'powerbi.workspace');
    await journal.done('beta-corp', 'powerbi/workspace', 'create', { id: '0f8fad5b-d9cb-469f-a165-70867728950e', name: 'tenant-beta-corp' });
    expect(await getResource(reg.pool, 'beta-corp', 'powerbi/workspace')).toMatchObject({
      kind: 'powerbi.workspace',
      externalId: '0f8fad5b-d9cb-469f-a165-70867728950e',
      state: { name: 'tenant-beta-corp' },
    });
    await journal.intent('beta-corp', 'powerbi/workspace', 'delete');
    await journal.done('beta-corp', 'powerbi/workspace', 'delete');
    expect(await getResource(reg.pool, 'beta-corp', 'powerbi/workspace')).toBeUndefined();
    await journal.intent('beta-corp', 'dns/record', 'create', 'dns.record');
    await journal.failed('beta-corp', 'dns/record', 'create', new Error('GoDaddy 409'));
    expect((await listSteps(reg.pool, id)).map((s) => `${s.key} ${s.action} ${s.phase}`)).toEqual([
      'powerbi/workspace create intent',
      'powerbi/workspace create done',
      'powerbi/workspace delete intent',
      'powerbi/workspace delete done',
      'dns/record create intent',
      'dns/record create failed',
    ]);
    expect((await listOpenIntents(reg.pool, 'beta-corp')).map((s) => s.key)).toEqual(['db/schema']);
  });

  it('refuses to journal a secret', async () => {
    const id = await run('acme-training');
    await expect(
      journalIntent(reg.pool, { deploymentId: id, tenant: 'acme-training', key: 'db/roles/app', action: 'update', detail: { password: 'pw-Not-A-Name-1' } }),
    ).rejects.toThrow(InternalError);
  });
});
