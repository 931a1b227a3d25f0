import { EnvironmentError } from '../../errors/index.ts';
import { selectTenants } from '../../run/index.ts';
import { refreshTenants, renderRefreshTable, type RefreshWhat } from '../../powerbi/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

const WHAT: readonly RefreshWhat[] = ['models', 'dataflows', 'both'];

export const refreshCommand: Command = {
  name: 'refresh',
  summary: "Refresh tenants' semantic models and/or Gen1 dataflows now, one refresh per model at a time, within the shared-capacity daily budget.",
  usage: 'refresh (--tenant code | --all) [--what models|dataflows|both] [--wait] [--concurrency N] [--json]',
  options: { tenant: { type: 'string' }, all: { type: 'boolean' }, what: { type: 'string' }, wait: { type: 'boolean' }, concurrency: { type: 'string' }, json: { type: 'boolean' } },
  help: {
    tenant: 'refresh this tenant',
    all: 'refresh every active tenant',
    what: 'models (default), dataflows or both',
    wait: 'wait for each refresh to finish and report its outcome',
    concurrency: 'tenants refreshed at once (default 4)',
    json: 'print {"results": [{"tenant", "target", "status", "requestId", "detail", "durationMs"}]}',
  },
  async run(args, io) {
    const tenant = stringOption(args, 'tenant');
    if (!tenant === !flag(args, 'all')) throw new EnvironmentError('give exactly one of --tenant <code> and --all');
    const what = (stringOption(args, 'what') ?? 'models') as RefreshWhat;
    if (!WHAT.includes(what)) throw new EnvironmentError(`--what "${what}" is not allowed; allowed: ${WHAT.join(', ')}`);
    const concurrency = Number(stringOption(args, 'concurrency') ?? 4);
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new EnvironmentError('--concurrency must be a positive whole number');
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const results = await refreshTenants(services, { tenants: selectTenants(inputs, tenant).map((t) => t.config), what, wait: flag(args, 'wait'), concurrency });
      writeLine(io.stdout, flag(args, 'json') ? JSON.stringify({ results }, null, 2) : renderRefreshTable(results));
      return results.some((r) => r.status === 'Failed') ? 1 : 0;
    });
  },
};
