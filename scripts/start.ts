// npm start [-- --keep] [-- --fresh] [-- --sandbox-only]: the main job on the embedded sandbox (dev/main-job.ts).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exitCodeFor } from '../src/errors/index.ts';
import { createConsoleLogger } from '../src/log/index.ts';
import { runMainJob } from '../dev/main-job.ts';

const { values } = parseArgs({ options: { keep: { type: 'boolean' }, fresh: { type: 'boolean' }, 'sandbox-only': { type: 'boolean' }, verbose: { type: 'boolean' }, root: { type: 'string' } } });
const root = path.resolve(values.root ?? path.join(import.meta.dirname, '..'));
const log = createConsoleLogger({ stream: process.stdout, verbose: values.verbose });
const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
try {
  await runMainJob(root, log, { keep: values.keep, fresh: values.fresh, sandboxOnly: values['sandbox-only'], signal: stop.signal });
} catch (err) {
  log.error((err as Error).message);
  process.exitCode = exitCodeFor(err);
}
