import { renderCatalogSync, syncCatalog, writeCatalogSync } from '../../powerbi/index.ts';
import { flag, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { withCommandRun } from '../run.ts';

export const catalogSyncCommand: Command = {
  name: 'catalog sync',
  summary: 'Compare templates/reports.yaml with the template workspace in Power BI; --write applies the changes for review in a commit.',
  usage: 'catalog sync [--write] [--json]',
  options: { write: { type: 'boolean' }, json: { type: 'boolean' } },
  help: {
    write: 'write the additions (with the module of their earlier versions) and removals into templates/reports.yaml',
    json: 'print {"added": [{"name", "module"}], "removed": [...], "unparseable": [{"name", "reason"}]}',
  },
  async run(args, io) {
    return withCommandRun(args, io, async ({ inputs, services }) => {
      const sync = await syncCatalog(services, inputs.catalog, inputs.providers);
      if (flag(args, 'json')) writeLine(io.stdout, JSON.stringify({ added: sync.additions, removed: sync.diff.removed, unparseable: sync.diff.unparseable }, null, 2));
      else writeLine(io.stdout, renderCatalogSync(sync));
      if (flag(args, 'write')) {
        const { written, unplaced } = await writeCatalogSync(args.root, sync);
        writeLine(io.stderr, `${written} change(s) written to templates/reports.yaml${unplaced.length ? `; place by hand: ${unplaced.join(', ')}` : ''}`);
      }
      return 0;
    });
  },
};
