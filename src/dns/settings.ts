// platform.yaml's dns section → a provider. Credentials are secret NAMES (`dns.credentials`),
// read from the environment the one way every secret is. Where a provider needs more than a
// credential (PowerDNS's API address, Azure's subscription and resource group), platform.yaml
// names the variables holding it the same way, e.g. `apiUrlSecret: TENANTOPS_PDNS_URL`.
import { createCredential, SCOPES, tokenSource } from '../auth/index.ts';
import { resolveSecret, type PlatformConfig } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { ownerIdOf } from './ownership.ts';
import { createAzureDnsProvider } from './providers/azure.ts';
import { createCloudflareProvider } from './providers/cloudflare.ts';
import { createGodaddyProvider } from './providers/godaddy.ts';
import { createPowerDnsProvider } from './providers/powerdns.ts';
import { createDnsService, type DnsService } from './service.ts';
import type { DnsProvider, Timing } from './types.ts';

/** Overrides for where the provider is reached: the sandbox's emulators and tests. */
export interface DnsSettingsOverrides extends Timing {
  /**
   * The provider's API base URL. Default: `dns.credentials.apiUrlSecret`'s variable, else
   * TENANTOPS_DNS_API_URL, else the service's public endpoint (PowerDNS has none).
   */
  apiUrl?: string;
  /** Extra CA to trust (the sandbox's). */
  ca?: string;
  /** `host:port` of an authoritative server to verify by query. */
  nameserver?: string;
  /** Azure: ARM tokens; default from platform.powerbi.credentialProfile through @azure/identity. */
  armToken?: () => Promise<string>;
  /** Azure: the emulated Entra authority (sandbox). */
  authorityHost?: string;
  /** A ready provider; everything else above is then ignored. */
  provider?: DnsProvider;
}

export interface CreateDnsOptions {
  platform: PlatformConfig;
  env?: NodeJS.ProcessEnv;
  log: Logger;
  overrides?: DnsSettingsOverrides;
}

/** The run's DnsService for platform.yaml's zone. */
export function createPlatformDnsService(options: CreateDnsOptions): DnsService {
  const { platform } = options;
  const provider = options.overrides?.provider ?? createPlatformDnsProvider(options);
  return createDnsService(provider, {
    ownerId: ownerIdOf(platform),
    sleep: options.overrides?.sleep,
  });
}

export function createPlatformDnsProvider(options: CreateDnsOptions): DnsProvider {
  const { platform, log } = options;
  const env = options.env ?? process.env;
  const o = options.overrides ?? {};
  const dns = platform.dns;
  const names = dns.credentials ?? {};
  const secret = (role: string, required = true): string | undefined => {
    const name = names[role];
    if (!name) {
      if (!required) return undefined;
      throw new EnvironmentError(`dns.credentials.${role} is not set in platform.yaml; the ${dns.provider} provider needs it (the NAME of the variable holding the value)`);
    }
    return resolveSecret(name, env, `dns.credentials.${role} of platform.yaml`);
  };
  const masked = (role: string) => {
    const value = secret(role)!;
    log.mask(value);
    return value;
  };
  const common = { zone: dns.zone, ca: o.ca, log, now: o.now, sleep: o.sleep };
  // TENANTOPS_DNS_API_URL / _NAMESERVER point a CLI or action run at the sandbox's emulators
  // (with NODE_EXTRA_CA_CERTS for its CA) without editing platform.yaml.
  const apiUrl = o.apiUrl ?? secret('apiUrlSecret', false) ?? (env.TENANTOPS_DNS_API_URL || undefined);
  const nameserver = o.nameserver ?? secret('nameserverSecret', false) ?? (env.TENANTOPS_DNS_NAMESERVER || undefined);
  switch (dns.provider) {
    case 'godaddy':
      return createGodaddyProvider({
        ...common,
        baseUrl: apiUrl,
        key: masked('apiKeySecret'),
        secret: masked('apiSecretSecret'),
        credentialNames: { key: names.apiKeySecret, secret: names.apiSecretSecret },
      });
    case 'powerdns': {
      if (!apiUrl) throw new EnvironmentError('dns.credentials.apiUrlSecret is not set in platform.yaml; PowerDNS needs the NAME of the variable holding its API URL (e.g. http://pdns.internal:8081)');
      // The API and the DNS listener usually share a host; port 53 unless told otherwise.
      const host = new URL(apiUrl).hostname;
      return createPowerDnsProvider({ ...common, apiUrl, apiKey: masked('apiKeySecret'), credentialName: names.apiKeySecret, serverId: secret('serverIdSecret', false), nameserver: nameserver ?? `${host}:53` });
    }
    case 'cloudflare':
      return createCloudflareProvider({ ...common, baseUrl: apiUrl, token: masked('apiTokenSecret'), credentialName: names.apiTokenSecret });
    case 'azure': {
      const profileName = platform.powerbi.credentialProfile;
      const profile = platform.credentialProfiles[profileName];
      if (!o.armToken && !profile) throw new EnvironmentError(`credential profile "${profileName}" (powerbi.credentialProfile) is not defined in platform.yaml; Azure DNS signs in with it`);
      const token = o.armToken ?? tokenSource(createCredential(profileName, profile, { env, log, ca: o.ca, authorityHost: o.authorityHost }), SCOPES.arm);
      return createAzureDnsProvider({ ...common, baseUrl: apiUrl, token, subscriptionId: secret('subscriptionIdSecret')!, resourceGroup: secret('resourceGroupSecret')! });
    }
  }
}
