// `--sandbox`: a live command run against the sandbox `npm start -- --keep` left running under the
// repository, with no edit to platform.yaml and no variable to set. The file is read, the process
// it names must still answer, then the run is opened exactly as `npm start` opens its own.
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { loadValidInputs, parseSandboxInfo, sandboxRun, sandboxTarget, withRun, type Run, type SandboxInfo } from '../run/index.ts';

const START = 'start it with `npm start -- --keep`';

export async function withSandboxRun<T>(root: string, base: { log: Logger; env: NodeJS.ProcessEnv }, body: (run: Run) => Promise<T>): Promise<T> {
  const info = await readSandboxInfo(root);
  const ca = await readFile(info.caFile, 'utf8').catch((err: Error) => {
    throw new EnvironmentError(`the sandbox's CA file ${info.caFile} cannot be read (${err.message}); ${START}`);
  });
  const inputs = await loadValidInputs(root);
  const run = sandboxRun(inputs, sandboxTarget(info, ca, inputs), base);
  return withRun(run.inputs, run.options, body);
}

/** sandbox.json of a sandbox that still answers; missing or stale is an EnvironmentError (exit 2). */
export async function readSandboxInfo(root: string): Promise<SandboxInfo> {
  const file = path.join(root, '.tenantops', 'sandbox.json');
  const text = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new EnvironmentError(`no sandbox is running under ${root}: ${file} does not exist; ${START}`);
    throw new EnvironmentError(`${file} cannot be read (${err.message})`);
  });
  const info = parseSandboxInfo(text, file);
  const stale = `${file} is stale: the sandbox it describes (process ${info.pid}, started ${info.startedAt})`;
  if (!isAlive(info.pid)) throw new EnvironmentError(`${stale} is no longer running; ${START}`);
  const entra = new URL(info.entra.authorityHost);
  if (!(await answers(entra.hostname, Number(entra.port)))) throw new EnvironmentError(`${stale} does not answer at ${info.entra.authorityHost}; ${START}`);
  return info;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: a process of another user holds the id, so it is alive (the port check decides).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function answers(host: string, port: number, timeoutMs = 2_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
