// npm start: the main job on this machine (see src/pipeline/main-job.ts).
import path from 'node:path';
import { exitCodeFor } from '../src/errors/index.ts';
import { createConsoleLogger } from '../src/log/index.ts';
import { runMainJob } from '../src/pipeline/main-job.ts';

const root = path.resolve(import.meta.dirname, '..');
const log = createConsoleLogger({ stream: process.stdout });
try {
  await runMainJob(root, log);
} catch (err) {
  log.error((err as Error).message);
  process.exitCode = exitCodeFor(err);
}
