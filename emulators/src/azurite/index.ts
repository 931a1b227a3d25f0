// Azure Blob Storage: Microsoft's own emulator, azurite, run as a child process on a loopback port
// with its data in a directory of the caller's. Not an emulation of ours: the real service's
// contract is azurite's. Its well-known development account is the one it accepts.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { EmulatorSetupError } from '../setup-error.ts';

/** Azurite's development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Where azurite keeps its blobs (created if missing). */
  location: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default 30 s: how long to wait for it to listen. */
  startTimeoutMs?: number;
}

export interface AzuriteBlob {
  url: string;
  account: string;
  key: string;
  /** A connection string for @azure/storage-blob's BlobServiceClient.fromConnectionString. */
  connectionString: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startAzuriteBlob(options: AzuriteOptions): Promise<AzuriteBlob> {
  const require = createRequire(import.meta.url);
  const main = path.join(path.dirname(require.resolve('azurite/package.json')), 'dist/src/blob/main.js');
  // 3.37 refuses API versions newer than it knows unless told not to check; @azure/storage-blob
  // sends its own latest version.
  const args = [main, '--blobHost', '127.0.0.1', '--blobPort', String(options.port ?? 0), '--location', options.location, '--skipApiVersionCheck', '--loose', '--disableProductStyleUrl'];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await listening(child, options.startTimeoutMs ?? 30_000);
  const url = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    url,
    account: AZURITE_ACCOUNT,
    key: AZURITE_ACCOUNT_KEY,
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_ACCOUNT_KEY};BlobEndpoint=${url};`,
    pid: child.pid!,
    stop: () => stopChild(child),
  };
}

function listening(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(`azurite did not listen within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new EmulatorSetupError(`${why}; its output: ${output.slice(-2000) || '(none)'}`));
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining, or a chatty child blocks on a full pipe.
        child.stdout?.resume();
        child.stderr?.resume();
        resolve(Number(found[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (err) => fail(`azurite could not start: ${err.message}`));
    child.once('exit', (code) => fail(`azurite exited with code ${code} before listening`));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
