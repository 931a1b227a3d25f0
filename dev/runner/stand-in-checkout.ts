// Stand-in for actions/checkout: the run's commit (or the `ref` asked for) of the repository the
// runner was started on, cloned with `git clone --shared` into the job's workspace (objects
// borrowed, nothing fetched). Its `node_modules` folders are linked from the original checkout
// instead of installed; the job's `npm` shim makes `npm ci` a no-op so a workflow's install step
// cannot touch them. `fetch-depth`, `token`, `submodules` and `lfs` are accepted and ignored: the
// clone always has the whole history.
// https://github.com/actions/checkout#usage
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { gitAsync, resolveCommit } from './git.ts';
import type { StepCall, StepResult } from './step-context.ts';

export async function checkoutStandIn(call: StepCall): Promise<StepResult> {
  const { machine } = call;
  const repository = call.inputs.repository || machine.host.repository;
  if (repository.toLowerCase() !== machine.host.repository.toLowerCase()) {
    call.annotate({ level: 'error', message: `actions/checkout stand-in: checks out ${machine.host.repository} only, not ${repository}` });
    return { outcome: 'failure' };
  }
  const target = path.resolve(machine.workspace, call.inputs.path || '.');
  if (path.relative(machine.workspace, target).startsWith('..')) {
    call.annotate({ level: 'error', message: `Repository path '${target}' is not under '${machine.workspace}'` });
    return { outcome: 'failure' };
  }
  const ref = call.inputs.ref || '';
  const sha = ref ? resolveCommit(machine.repoDir, ref) : machine.event.sha;
  if (!sha) {
    call.annotate({ level: 'error', message: `A branch or tag with the name '${ref}' could not be found` });
    return { outcome: 'failure' };
  }
  if (existsSync(target) && readdirSync(target).length) {
    call.annotate({ level: 'error', message: `actions/checkout stand-in: '${target}' is not empty` });
    return { outcome: 'failure' };
  }
  await gitAsync(machine.repoDir, ['clone', '--shared', '--no-checkout', '--quiet', machine.repoDir, target]);
  await gitAsync(target, ['checkout', '--detach', '--quiet', sha]);
  call.onLine(`Checked out ${repository} at ${sha}${ref ? ` (${ref})` : ''} into ${target}`);
  for (const linked of linkNodeModules(machine.repoDir, target)) call.onLine(`Linked ${linked} from the runner's checkout (no install)`);
  listOwnBins(target, machine.ownBinsFile);
  return { outcome: 'success', outputs: { ref: ref || machine.event.ref, commit: sha } };
}

/**
 * The bins package.json of the checkout declares, as `folder<TAB>name<TAB>path` lines for the
 * job's npx shim (job-run.ts), which then starts no Node process to read package.json.
 */
function listOwnBins(target: string, file: string): void {
  const packageFile = path.join(target, 'package.json');
  if (!existsSync(packageFile)) return;
  const p = JSON.parse(readFileSync(packageFile, 'utf8')) as { name?: unknown; bin?: unknown };
  const bins = typeof p.bin === 'string' && typeof p.name === 'string' ? { [p.name]: p.bin } : p.bin && typeof p.bin === 'object' ? (p.bin as Record<string, unknown>) : {};
  const dir = realpathSync(target);
  // npx runs a package's own bin only when its name is the package's (npm exec of the folder).
  const lines = Object.entries(bins).filter(([name, bin]) => name === p.name && typeof bin === 'string' && !/[\t\n]/.test(name + bin)).map(([name, bin]) => `${dir}\t${name}\t${path.resolve(dir, bin as string)}\n`);
  if (!lines.length) return;
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, lines.join(''));
}

/** `node_modules` of the root and of each npm workspace listed by a plain path. */
function linkNodeModules(source: string, target: string): string[] {
  const linked: string[] = [];
  const packageFile = path.join(source, 'package.json');
  const workspaces = existsSync(packageFile) ? ((JSON.parse(readFileSync(packageFile, 'utf8')) as { workspaces?: unknown }).workspaces ?? []) : [];
  const dirs = ['.', ...(Array.isArray(workspaces) ? workspaces.filter((w): w is string => typeof w === 'string' && !w.includes('*')) : [])];
  for (const dir of dirs) {
    const from = path.join(source, dir, 'node_modules');
    const to = path.join(target, dir, 'node_modules');
    if (!existsSync(from) || existsSync(to) || !existsSync(path.dirname(to))) continue;
    symlinkSync(from, to, 'dir');
    linked.push(path.join(dir, 'node_modules'));
  }
  return linked;
}
