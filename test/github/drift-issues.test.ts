// The drift issue sync's decisions: open on new drift, update only when the plan changed, close when gone.
import { describe, expect, it } from 'vitest';
import { decideDriftIssues, driftIssueTitle } from '../../src/github/index.ts';

describe('decideDriftIssues', () => {
  const open = (tenant: string, body: string, number = 1) => ({ number, title: driftIssueTitle(tenant), body });

  it('opens one issue per newly drifted tenant, titled with its code', () => {
    const actions = decideDriftIssues([{ tenant: 'acme', drifted: true, markdown: '+ db' }, { tenant: 'beta', drifted: false, markdown: '' }], []);
    expect(actions).toEqual([{ kind: 'open', tenant: 'acme', title: 'tenantops drift: acme', body: expect.stringContaining('+ db') }]);
  });

  it('updates an issue when the plan changed, keeps it when only the run differs', () => {
    const [first] = decideDriftIssues([{ tenant: 'acme', drifted: true, markdown: 'plan A' }], [], 'https://gh/run/1');
    const body = (first as { body: string }).body;
    expect(decideDriftIssues([{ tenant: 'acme', drifted: true, markdown: 'plan A' }], [open('acme', body, 4)], 'https://gh/run/2')).toEqual([{ kind: 'keep', tenant: 'acme', number: 4 }]);
    expect(decideDriftIssues([{ tenant: 'acme', drifted: true, markdown: 'plan B' }], [open('acme', body, 4)])).toEqual([{ kind: 'update', tenant: 'acme', number: 4, body: expect.stringContaining('plan B') }]);
  });

  it('closes the issue of a tenant whose drift is gone, and leaves others alone', () => {
    expect(decideDriftIssues([{ tenant: 'acme', drifted: false, markdown: '' }], [open('acme', 'x', 9), open('gone', 'y', 10)])).toEqual([{ kind: 'close', tenant: 'acme', number: 9 }]);
  });
});
