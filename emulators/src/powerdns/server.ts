// A real PowerDNS Authoritative server for tests and the sandbox: Debian's `pdns-server` with the
// sqlite3 backend, started in the foreground on loopback ports with its own config directory and
// database, its HTTP API on, and caches off so an answer reflects the last change at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { EmulatorSetupError } from '../setup-error.ts';

export const PDNS_SCHEMA = '/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql';
const BINARIES = ['/usr/sbin/pdns_server', '/usr/local/sbin/pdns_server'];

export interface PowerDnsServer {
  /** `http://127.0.0.1:<port>`: the webserver hosting the API. */
  apiUrl: string;
  apiKey: string;
  /** `127.0.0.1:<port>`: the DNS listener (UDP and TCP). */
  nameserver: string;
  dir: string;
  logFile: string;
  /** Creates a Native zone (`example.com`, no trailing dot needed) with one NS record. */
  createZone(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartPowerDnsOptions {
  /** Synthetic; default a fixed test key. */
  apiKey?: string;
  zones?: string[];
  /** Where config, database and log go; default a fresh temporary directory, removed on stop. */
  dir?: string;
}

/** The pdns_server binary, or undefined when PowerDNS is not installed (with the reason). */
export function findPowerDns(): { binary?: string; missing?: string } {
  const binary = BINARIES.find((b) => existsSync(b));
  if (!binary) return { missing: 'pdns_server not found (apt-get install pdns-server pdns-backend-sqlite3)' };
  if (!existsSync(PDNS_SCHEMA)) return { missing: `${PDNS_SCHEMA} not found (apt-get install pdns-backend-sqlite3)` };
  return { binary };
}

export async function startPowerDns(options: StartPowerDnsOptions = {}): Promise<PowerDnsServer> {
  const { binary, missing } = findPowerDns();
  if (!binary) throw new EmulatorSetupError(missing!);
  const ownDir = !options.dir;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'pdns-emulator-'));
  const apiKey = options.apiKey ?? 'synthetic-pdns-api-key';
  const database = join(dir, 'pdns.sqlite3');
  const db = new DatabaseSync(database);
  db.exec(readFileSync(PDNS_SCHEMA, 'utf8'));
  db.close();
  writeFileSync(join(dir, 'pdns.conf'), '# empty: every setting is on the command line\n');
  const logFile = join(dir, 'pdns.log');

  // Free ports can be taken between the check and pdns binding them: try a few times.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const [apiPort, dnsPort] = [await freeTcpPort(), await freeDnsPort()];
    const child = spawn(binary, [
      '--daemon=no', '--guardian=no', '--write-pid=no', `--config-dir=${dir}`, `--socket-dir=${dir}`,
      '--launch=gsqlite3', `--gsqlite3-database=${database}`,
      '--local-address=127.0.0.1', `--local-port=${dnsPort}`,
      '--api=yes', `--api-key=${apiKey}`, '--webserver=yes', '--webserver-address=127.0.0.1', `--webserver-port=${apiPort}`, '--webserver-allow-from=127.0.0.1',
      // Answers must follow changes at once, and nothing may reach out to the network.
      '--cache-ttl=0', '--negquery-cache-ttl=0', '--query-cache-ttl=0', '--zone-cache-refresh-interval=0', '--security-poll-suffix=',
      '--loglevel=4',
    ], { stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')] });
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    try {
      await waitReady(child, apiUrl, apiKey, logFile);
    } catch (err) {
      lastError = err;
      await stopChild(child);
      continue;
    }
    const server: PowerDnsServer = {
      apiUrl,
      apiKey,
      nameserver: `127.0.0.1:${dnsPort}`,
      dir,
      logFile,
      async createZone(name) {
        const zone = `${name.replace(/\.$/, '')}.`;
        const res = await request(`${apiUrl}/api/v1/servers/localhost/zones`, {
          method: 'POST',
          headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
          body: JSON.stringify({ name: zone, kind: 'Native', nameservers: [`ns1.${zone}`] }),
        });
        const text = await res.body.text();
        if (res.statusCode !== 201) throw new Error(`PowerDNS did not create zone ${zone}: HTTP ${res.statusCode} ${text}`);
      },
      async stop() {
        await stopChild(child);
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
    for (const z of options.zones ?? []) await server.createZone(z);
    return server;
  }
  throw lastError;
}

async function waitReady(child: ChildProcess, apiUrl: string, apiKey: string, logFile: string): Promise<void> {
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  for (let i = 0; i < 100; i++) {
    if (exited !== undefined) throw new Error(`pdns_server exited with ${exited}:\n${tail(logFile)}`);
    try {
      const res = await request(`${apiUrl}/api/v1/servers/localhost`, { headers: { 'x-api-key': apiKey } });
      await res.body.text();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await delay(50);
  }
  throw new Error(`pdns_server did not answer on ${apiUrl} within 5 s:\n${tail(logFile)}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '(no log)';
  }
}

function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A port free for both TCP and UDP, as the DNS listener binds both. */
async function freeDnsPort(): Promise<number> {
  for (;;) {
    const port = await freeTcpPort();
    const free = await new Promise<boolean>((resolve) => {
      const sock = createSocket('udp4');
      sock.once('error', () => resolve(false));
      sock.bind(port, '127.0.0.1', () => sock.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
