import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors/index.ts';
import { createRegistryJournal, finishDeployment, getDeployment, getResource, journalDone, journalFailed, journalIntent, listDeployments, listOpenIntents, listSteps, startDeployment } from '../../src/registry/index.ts';
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
      journalIntent(reg.pool, { deploymentId: id, tenant: 'acme-training', key: 'db/roles/app', action: 'update', detail: { password: 'pw-Not-A-Name-1', token: 'tk-Not-A-Name-2' } }),
    ).rejects.toThrow(InternalError);
    await expect(
      journalIntent(reg.pool, { deploymentId: id, tenant: 'acme-training', key: 'db/roles/app', action: 'update', detail: { password: 'pw-Not-A-Name-1', token: 'tk-Not-A-Name-2' } }),
    ).rejects.toThrow(/^refusing to journal db\/roles\/app: detail\.password, detail\.token look\(s\) like a secret$/);
    expect(await listSteps(reg.pool, id)).toEqual([]);
  });

  it('records a deployment as given, and lists the tenant\'s deployments oldest first', async () => {
    const id = '6f1c1f0e-2b7d-4c55-9a43-0d3f0c6f4b11';
    expect(await startDeployment(reg.pool, { tenant: 'beta-corp', planHash: 'a'.repeat(64), actor: 'bob', githubRunId: '5', githubRunUrl: 'https://github.example/run/5', id })).toBe(id);
    expect(await getDeployment(reg.pool, id)).toMatchObject({
      id, tenant: 'beta-corp', planHash: 'a'.repeat(64), actor: 'bob', githubRunId: '5', githubRunUrl: 'https://github.example/run/5', status: 'running', finishedAt: null,
    });
    const bare = await startDeployment(reg.pool, { tenant: 'beta-corp', planHash: 'b'.repeat(64), actor: 'carol' });
    expect(await getDeployment(reg.pool, bare)).toMatchObject({ githubRunId: null, githubRunUrl: null });
    expect(await getDeployment(reg.pool, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
    const all = await listDeployments(reg.pool, 'beta-corp');
    expect(all.map((d) => d.actor).slice(-2)).toEqual(['bob', 'carol']);
    expect(all.every((d) => d.tenant === 'beta-corp')).toBe(true);
    expect(all.map((d) => d.startedAt.getTime())).toEqual(all.map((d) => d.startedAt.getTime()).sort((a, b) => a - b));
    await finishDeployment(reg.pool, bare, 'cancelled');
    expect((await getDeployment(reg.pool, bare))?.status).toBe('cancelled');
    await expect(finishDeployment(reg.pool, '00000000-0000-4000-8000-000000000000', 'failed')).rejects.toThrow(/unknown or already finished/);
  });

  it('the plan engine\'s journal: kind from the intent or the key, remote id from externalId or id, failures with their message', async () => {
    const id = await run('acme-training');
    const journal = createRegistryJournal(reg.pool, id);
    // No kind given at the intent: the key's first segment.
    await journal.intent('acme-training', 'dns/record/www', 'create');
    await journal.done('acme-training', 'dns/record/www', 'create', { externalId: 'rec-1', id: 'not-this', data: '1.2.3.4' });
    expect(await getResource(reg.pool, 'acme-training', 'dns/record/www')).toMatchObject({ kind: 'dns', externalId: 'rec-1', state: { data: '1.2.3.4' } });
    // A kind given for one tenant is not another tenant's.
    await journal.intent('acme-training', 'powerbi/model', 'create', 'powerbi.model');
    await journal.intent('beta-corp', 'powerbi/model', 'create');
    await journal.done('beta-corp', 'powerbi/model', 'create', { id: 42 });
    expect(await getResource(reg.pool, 'beta-corp', 'powerbi/model')).toMatchObject({ kind: 'powerbi', state: { id: 42 } });
    expect((await getResource(reg.pool, 'beta-corp', 'powerbi/model'))?.externalId ?? null).toBeNull();
    await journal.done('acme-training', 'powerbi/model', 'update');
    expect(await getResource(reg.pool, 'acme-training', 'powerbi/model')).toMatchObject({ kind: 'powerbi.model', state: {} });
    await journal.failed('acme-training', 'dns/record/www', 'update', new Error(`GoDaddy 500 ${'x'.repeat(3000)}`));
    const steps = await listSteps(reg.pool, id);
    expect(steps.map((s) => [s.tenant, s.key, s.action, s.phase, s.deploymentId])).toEqual([
      ['acme-training', 'dns/record/www', 'create', 'intent', id],
      ['acme-training', 'dns/record/www', 'create', 'done', id],
      ['acme-training', 'powerbi/model', 'create', 'intent', id],
      ['beta-corp', 'powerbi/model', 'create', 'intent', id],
      ['beta-corp', 'powerbi/model', 'create', 'done', id],
      ['acme-training', 'powerbi/model', 'update', 'done', id],
      ['acme-training', 'dns/record/www', 'update', 'failed', id],
    ]);
    expect(steps.map((s) => s.detail)).toEqual([
      null, { externalId: 'rec-1' }, { kind: 'powerbi.model' }, null, null, null, { error: `GoDaddy 500 ${'x'.repeat(1988)}` },
    ]);
    expect(steps[0].at).toBeInstanceOf(Date);
  });
});
