import { selectTenants } from '../../run/index.ts';
import { verifyPowerBiTenant } from '../../powerbi/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const verifyCommand: Command = {
  name: 'verify',
  summary: "Check each tenant's analytics after apply: reports bound to its own model, parameters on its own database, only its own rows, an embed token.",
  usage: 'verify [--tenant code] [--json]',
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  help: {
    tenant: 'verify only this tenant',
    json: 'print {"tenants": [{"tenant", "ok", "checks": [{"name", "ok", "detail"}], "calls": {"reads", "writes"}}]}',
  },
  async run(args, io) {
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const results = [];
      for (const t of selectTenants(inputs, stringOption(args, 'tenant'))) results.push(await verifyPowerBiTenant(services, t.config));
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify({ tenants: results }, null, 2));
      else {
        for (const r of results) {
          writeLine(io.stdout, `${r.tenant}: ${r.ok ? 'verified' : 'FAILED'} (${r.calls.reads} reads, ${r.calls.writes} read-only POSTs: executeQueries, GenerateToken)`);
          for (const c of r.checks) writeLine(io.stdout, `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
        }
      }
      return results.every((r) => r.ok) ? 0 : 1;
    });
  },
};
