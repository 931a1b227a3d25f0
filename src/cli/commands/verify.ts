import { recordQaChecklist, renderChecklistMarkdown, renderChecklistText, runChecklist, selectTenants, type TenantChecklist } from '../../run/index.ts';
import { commandRun } from '../actor.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';
import { appendStepSummary } from '../workflow-files.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: "The QA checklist of each tenant after apply: dns, workspace, model, reports, modules, super-users, embed, isolation, each with its evidence. Any failing check: exit 1.",
  usage: 'verify [--tenant code] [--json] [--record] [--plan-hash H]',
  options: { tenant: { type: 'string' }, json: { type: 'boolean' }, record: { type: 'boolean' }, 'plan-hash': { type: 'string' } },
  help: {
    tenant: 'verify only this tenant',
    json: 'print {"tenant", "ok", "checks": [{"id", "ok", "evidence"}]} for --tenant, else {"tenants": [...]} of those',
    record: "record the outcome as the status of each tenant not yet live: provisioned when every check passes, failed otherwise (the provisioning run's QA step)",
    'plan-hash': 'with --record: the reviewed plan hash(es) the status rests on, for the audit row',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const { actor, githubRun } = commandRun(io);
      const lists: TenantChecklist[] = [];
      for (const t of selectTenants(inputs, tenant)) {
        if (flag(args, 'record')) {
          const { checklist, transition } = await recordQaChecklist(inputs, services, t.config, { actor, run: githubRun, planHash: stringOption(args, 'plan-hash') });
          if (transition) services.log.info(`${t.config.code}: ${transition.from} → ${transition.to}`);
          lists.push(checklist);
        } else lists.push(await runChecklist(inputs, services, t.config));
      }
      // Before the gate, the reviewer reads the checklist in the job summary (no-op outside a workflow).
      await appendStepSummary(io.env, renderChecklistMarkdown(lists));
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify(tenant ? lists[0] : { tenants: lists }, null, 2));
      else for (const list of lists) writeLine(io.stdout, renderChecklistText(list));
      return lists.every((l) => l.ok) ? 0 : 1;
    });
  },
};
