// A run pointed at a local sandbox: `.tenantops/sandbox.json` (a plain JSON contract, version 2,
// written by `npm start -- --keep`) turned into platform.yaml with the sandbox's hosts and
// authority, the secrets platform.yaml and the tenant files name, and the endpoints the services
// reach. `npm start`, `tenantops <command> --sandbox` and any run whose environment names a
// sandbox.json in TENANTOPS_SANDBOX all go through here, so they cannot drift.
import { readFile } from 'node:fs/promises';
import type { LoadedTenant, PlatformConfig } from '../config/index.ts';
import { chooseIsolation } from '../db/index.ts';
import type { DnsSettingsOverrides } from '../dns/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { PowerBiServicesOptions } from '../powerbi/index.ts';
import type { Inputs } from './inputs.ts';
import type { CreateServicesOptions } from './services.ts';

/** A run's service options (WithRunOptions), spelled here so that with-run can import this module. */
type RunOptions = Omit<CreateServicesOptions, 'platform' | 'root'>;

/**
 * The variable that points every run of a process at a sandbox: the path of its sandbox.json.
 * Steps started by a local workflow runner cannot take `--sandbox` (the workflows are GitHub's),
 * so the runner's environment carries this instead. Unset (as on GitHub), nothing changes.
 */
export const SANDBOX_FILE_VARIABLE = 'TENANTOPS_SANDBOX';

export const SANDBOX_INFO_VERSION = 2;

/** `.tenantops/sandbox.json`. Throwaway credentials of a local rehearsal, never a real one. */
export interface SandboxInfo {
  version: 2;
  /** The process serving the sandbox: when it is gone, the file is stale. */
  pid: number;
  /** ISO time the sandbox came up. */
  startedAt: string;
  /** The CA certificate every service's TLS chains to. */
  caFile: string;
  entra: { authorityHost: string; tenantId: string };
  /** One app registration per credential profile of platform.yaml, by profile name. */
  identities: { name: string; clientId: string; clientSecret: string }[];
  powerbi: { url: string };
  fabric: { url: string };
  /** The platform's DNS zone, when platform.yaml's provider is godaddy. */
  godaddy?: { url: string; key: string; secret: string };
  /** Admin connection strings: the registry, each cluster of platform.yaml, each BYOD customer by tenant code. */
  postgres: { registry: string; clusters: Record<string, string>; byod: Record<string, string> };
  /** `<keyId>:<base64 32 bytes>`: what the registry's secret envelopes are sealed with. */
  encryptionKey: string;
  /** An emulated GitHub, when the sandbox serves one. */
  github?: { url: string; token: string };
  /** The SMTP server (STARTTLS and AUTH required), its throwaway account, and the folder its messages land in as `.eml` files. */
  smtp?: { host: string; port: number; mailbox: string; user: string; password: string };
  /** Azure Blob Storage (azurite) for offboarding exports, and the key exports are sealed with (`<keyId>:<base64 32 bytes>`). */
  blob?: { url: string; account: string; key: string; connectionString: string; exportKey: string };
}

/** Everything that points a run at the sandbox, platform.yaml's secret names resolved. */
export interface SandboxTarget {
  /** platform.yaml with the sandbox's cluster hosts and ports and its Entra authority. */
  platform: PlatformConfig;
  /** Secret values by the variable names platform.yaml and the tenant files give. */
  env: Record<string, string>;
  /** The sandbox's GitHub (`GITHUB_API_URL`, `GITHUB_TOKEN`), for a process that has no GitHub of its own. */
  github: Record<string, string>;
  dns?: DnsSettingsOverrides;
  powerbi: Pick<PowerBiServicesOptions, 'ca' | 'authorityHost' | 'powerbiUrl' | 'fabricUrl'>;
  mail: { ca: string };
}

/** Parses sandbox.json; a file of another version or shape is the user's to regenerate (exit 2). */
export function parseSandboxInfo(text: string, file: string): SandboxInfo {
  let info: Partial<SandboxInfo> & { version?: unknown };
  try {
    info = JSON.parse(text);
  } catch (err) {
    throw new EnvironmentError(`${file} is not JSON (${(err as Error).message}); start the sandbox again with \`npm start -- --keep\``);
  }
  if (info?.version !== SANDBOX_INFO_VERSION) {
    throw new EnvironmentError(`${file} is version ${String(info?.version)}, this tenantops reads version ${SANDBOX_INFO_VERSION}; start the sandbox again with \`npm start -- --keep\``);
  }
  const missing = (['pid', 'caFile', 'entra', 'identities', 'powerbi', 'fabric', 'postgres', 'encryptionKey'] as const).filter((k) => info[k] === undefined);
  if (missing.length) throw new EnvironmentError(`${file} lacks ${missing.join(', ')}; start the sandbox again with \`npm start -- --keep\``);
  return info as SandboxInfo;
}

/**
 * The target the sandbox described by `info` offers the repository's platform and tenants; `ca`
 * is the text of `info.caFile`. A cluster or profile platform.yaml gained after the sandbox
 * started has nothing to point at: that is an EnvironmentError asking for a restart.
 */
export function sandboxTarget(info: SandboxInfo, ca: string, inputs: { platform: PlatformConfig; tenants: readonly LoadedTenant[] }): SandboxTarget {
  const platform: PlatformConfig = structuredClone(inputs.platform);
  const restart = 'restart the sandbox (`npm start -- --keep`) to give it one';
  const env: Record<string, string> = { [platform.registry.urlSecret]: info.postgres.registry, TENANTOPS_ENCRYPTION_KEY: info.encryptionKey };
  for (const [name, cluster] of Object.entries(platform.clusters)) {
    const url = info.postgres.clusters[name];
    if (!url) throw new EnvironmentError(`cluster "${name}" of platform.yaml has no server in the sandbox; ${restart}`);
    const { hostname, port } = new URL(url);
    Object.assign(cluster, { host: hostname, port: Number(port), sslmode: 'disable' });
    env[cluster.adminSecret] = url;
  }
  for (const [name, profile] of Object.entries(platform.credentialProfiles)) {
    const identity = info.identities.find((i) => i.name === name);
    if (!identity) throw new EnvironmentError(`credential profile "${name}" of platform.yaml has no app registration in the sandbox; ${restart}`);
    Object.assign(profile, { authorityHost: info.entra.authorityHost, tenantId: info.entra.tenantId });
    if (profile.clientSecretSecret) env[profile.clientSecretSecret] = identity.clientSecret;
  }
  for (const { config } of inputs.tenants) {
    const url = info.postgres.byod[config.code];
    if (chooseIsolation(config).onCustomerServer && config.database.connectionSecret && url) env[config.database.connectionSecret] = url;
  }
  const dnsNames = platform.dns.credentials ?? {};
  if (info.godaddy && platform.dns.provider === 'godaddy') {
    if (dnsNames.apiKeySecret) env[dnsNames.apiKeySecret] = info.godaddy.key;
    if (dnsNames.apiSecretSecret) env[dnsNames.apiSecretSecret] = info.godaddy.secret;
  }
  if (info.smtp && platform.mail) pointMailAtSandbox(platform.mail, info.smtp, env);
  // Offboarding's storage account and export key, under the names platform.yaml gives them.
  if (info.blob && platform.offboarding) {
    env[platform.offboarding.blob.connectionSecret] = info.blob.connectionString;
    env[platform.offboarding.exportKeySecret] = info.blob.exportKey;
  }
  return {
    platform,
    env,
    github: info.github ? { GITHUB_API_URL: info.github.url, GITHUB_TOKEN: info.github.token } : {},
    dns: info.godaddy && platform.dns.provider === 'godaddy' ? { apiUrl: info.godaddy.url, ca } : undefined,
    powerbi: { ca, authorityHost: info.entra.authorityHost, powerbiUrl: info.powerbi.url, fabricUrl: info.fabric.url },
    mail: { ca },
  };
}

/**
 * platform.yaml's mail section on the sandbox's SMTP server: its host and port, and for password
 * sign-in its account (the password under the secret name platform.yaml gives). An oauth2 sign-in
 * keeps its profile, whose authority is already the sandbox's Entra.
 */
function pointMailAtSandbox(mail: NonNullable<PlatformConfig['mail']>, smtp: NonNullable<SandboxInfo['smtp']>, env: Record<string, string>): void {
  Object.assign(mail, { host: smtp.host, port: smtp.port });
  if (mail.auth.type === 'password') {
    mail.auth.user = smtp.user;
    env[mail.auth.passwordSecret] = smtp.password;
  }
}

/** What `withRun` opens on the sandbox: the inputs with its platform, services on its endpoints and secrets. */
export function sandboxRun(inputs: Inputs, target: SandboxTarget, base: { log: Logger; env: NodeJS.ProcessEnv }): { inputs: Inputs; options: RunOptions } {
  // Every value the sandbox hands over is a secret (throwaway, but a secret to whatever prints it):
  // masked before any capability reads it, whatever it reads it for.
  for (const value of Object.values(target.env)) base.log.mask(value);
  // A connection string's account key is a secret on its own too.
  for (const value of Object.values(target.env)) for (const part of value.split(';')) if (/^AccountKey=./.test(part)) base.log.mask(part.slice('AccountKey='.length));
  return {
    inputs: { ...inputs, platform: target.platform },
    // The sandbox's secrets win over the caller's environment: `--sandbox` means its world.
    // GitHub's variables are the exception: a workflow step's own GITHUB_TOKEN and API URL (its run's)
    // stay, and the sandbox's GitHub serves only a process that has none.
    options: { log: base.log, env: { ...target.github, ...base.env, ...target.env }, dns: target.dns, powerbi: target.powerbi, mail: target.mail },
  };
}

/**
 * The run as `withRun` opens it: on the sandbox whose sandbox.json TENANTOPS_SANDBOX names (its
 * endpoints over the caller's, its secrets over the environment's), else unchanged.
 */
export async function runOnNamedSandbox(inputs: Inputs, options: RunOptions): Promise<{ inputs: Inputs; options: RunOptions }> {
  const env = options.env ?? process.env;
  const file = env[SANDBOX_FILE_VARIABLE];
  if (!file) return { inputs, options };
  const read = (what: string) => readFile(what, 'utf8').catch((err: Error) => {
    throw new EnvironmentError(`${SANDBOX_FILE_VARIABLE} names ${file}, whose ${what === file ? 'file' : `CA file ${what}`} cannot be read (${err.message})`);
  });
  const info = parseSandboxInfo(await read(file), file);
  const run = sandboxRun(inputs, sandboxTarget(info, await read(info.caFile), inputs), { log: options.log, env });
  return { inputs: run.inputs, options: { ...options, ...run.options, powerbi: { ...options.powerbi, ...run.options.powerbi } } };
}
