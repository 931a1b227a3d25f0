// Stand-in for actions/setup-node: puts the runner's Node 24 first on PATH for the rest of the
// job. It installs nothing and caches nothing (`cache:` is accepted and ignored); a workflow asking
// for another major version fails here instead of silently running on 24.
// https://github.com/actions/setup-node#usage
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import type { StepCall, StepResult } from './step-context.ts';

/** Versions that name no major and that this runner lets resolve to its Node 24. */
const ALIASES = new Set(['lts/*', 'latest', 'current', 'node']);

export async function setupNodeStandIn(call: StepCall): Promise<StepResult> {
  const { machine } = call;
  // The runner's own Node needs no process to say its version (each job used to start one, blocking).
  const version = machine.nodeBinary === process.execPath ? process.version : execFileSync(machine.nodeBinary, ['--version'], { encoding: 'utf8' }).trim();
  const provided = Number(/^v?(\d+)/.exec(version)?.[1]);
  const asked = (call.inputs['node-version'] ?? '').trim();
  if (call.inputs['node-version-file']) {
    call.annotate({ level: 'warning', message: `actions/setup-node stand-in: node-version-file is not read; using Node ${version}` });
  } else if (asked && !ALIASES.has(asked)) {
    const major = Number(/^v?(\d+)/.exec(asked)?.[1]);
    if (major !== provided) {
      call.annotate({ level: 'error', message: `actions/setup-node stand-in: node-version '${asked}' asked, this runner provides Node ${version} only` });
      return { outcome: 'failure' };
    }
  }
  const dir = path.dirname(realpathSync(machine.nodeBinary));
  machine.pathPrepend.unshift(dir);
  call.onLine(`Node ${version} from ${dir} first on PATH${call.inputs.cache ? ` (cache: ${call.inputs.cache} ignored)` : ''}`);
  return { outcome: 'success', outputs: { 'node-version': version, 'cache-hit': 'false' } };
}
