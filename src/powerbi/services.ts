// The Power BI and Fabric side of a run: the platform's principal (one credential profile of
// platform.yaml, through @azure/identity), a Power BI client per service principal profile, the
// Fabric client, one token bucket per identity shared by all of that identity's clients (and, through
// the registry, by every process calling as it), and per-run caches of what every tenant shares
// (the template workspace, capacity ids).
import type { TokenCredential } from '@azure/identity';
import { readFileSync } from 'node:fs';
import { createCredential, SCOPES, tokenSource } from '../auth/index.ts';
import type { PlatformConfig } from '../config/index.ts';
import { EnvironmentError } from '../errors/index.ts';
import { createFabricClient, renewTokenOnExpiry, type FabricClient } from '../fabric/index.ts';
import { createHttpClient, createRateLimiter, createSharedAgent, DOCUMENTED_LIMITS, type Budget, type HttpClient, type RateBudgetStore, type RateLimiter, type RetryPolicy } from '../http/index.ts';
import type { Logger } from '../log/index.ts';
import { createPowerBiClient, odataString, type Group, type PowerBiClient, type Report } from './client.ts';

export const POWERBI_URL = 'https://api.powerbi.com';
export const FABRIC_URL = 'https://api.fabric.microsoft.com';

export interface PowerBiServicesOptions {
  platform: PlatformConfig;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** Extra CA to trust (the sandbox's), for Entra, Power BI and Fabric alike; default the file TENANTOPS_CA_FILE names. */
  ca?: string;
  /** Overrides the credential profile's authority (the sandbox's Entra); default TENANTOPS_AUTHORITY_HOST. */
  authorityHost?: string;
  /** Default TENANTOPS_POWERBI_URL, else https://api.powerbi.com. */
  powerbiUrl?: string;
  /** Default TENANTOPS_FABRIC_URL, else https://api.fabric.microsoft.com. */
  fabricUrl?: string;
  /** Where a github-oidc profile gets the workflow's ID token (`core.getIDToken` in an action). */
  getIdToken?: (audience: string) => Promise<string>;
  /**
   * Power BI calls per second per identity; default 20, burst twice that. Power BI publishes no
   * figure (DOCUMENTED_LIMITS.powerbi): its 429 + Retry-After is the contract, which the client
   * honours. Given, it paces Fabric as well (the benchmarks lift both).
   */
  ratePerSecond?: number;
  /**
   * Whose budget a profile's Power BI calls draw from: its own (`profile`, default) or the
   * principal's (`principal`). Whether Power BI budgets profiles apart is not documented.
   */
  powerbiBudgetPer?: 'profile' | 'principal';
  /** Each service's budget per identity, over the defaults above and `ratePerSecond`. */
  budgets?: { powerbi?: Budget; fabric?: Budget };
  /**
   * Where the identities' token buckets live so every process calling as one identity shares
   * them (the run passes the registry's); default this process's memory.
   */
  rateBudget?: RateBudgetStore;
  retry?: Partial<RetryPolicy>;
  /** Long-running operations, capacity assignment and refreshes give up after this; default 10 min. */
  operationTimeoutMs?: number;
  /**
   * Deploy only the reports whose template name or persona contains one of these (case-insensitive);
   * the others are left as they are, neither planned nor removed. Default: every matched report.
   */
  reports?: readonly string[];
  /** Injected so polling and back-off run instantly in tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Calls made, split so checks that change nothing (executeQueries, GenerateToken) are counted apart. */
export interface CallCounts {
  deploy: { reads: number; writes: number };
  verify: { reads: number; writes: number };
}

export interface CallContext {
  tenant?: string;
  step?: string;
}

export interface TemplateWorkspace {
  id: string;
  name: string;
  reports: Report[];
}

export interface PowerBiServices {
  readonly platform: PlatformConfig;
  readonly log: Logger;
  readonly counts: CallCounts;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
  readonly operationTimeoutMs: number;
  /** Where identities' budgets are shared between processes (the registry's), when there is such a store. */
  readonly rateBudget?: RateBudgetStore;
  /** Whether this run deploys the report of this template (the `reports` filter). */
  deploysReport(template: string, persona: string): boolean;
  /** True when a `reports` filter narrows the run (retired reports are then left alone). */
  readonly reportsFiltered: boolean;
  /** The principal on Power BI (no profile); `context` names tenant and step in errors. */
  principal(context?: CallContext): PowerBiClient;
  /** The principal on Fabric (item APIs take no profile). */
  fabric(context?: CallContext): FabricClient;
  /** The tenant's own identity: the principal acting as one of its profiles. */
  asProfile(profileId: string, purpose?: 'deploy' | 'verify', context?: CallContext): PowerBiClient;
  /** The principal's Entra object id (from its token), as workspace membership names it. */
  principalObjectId(): Promise<string>;
  /** The template workspace and its reports, read once per run. */
  templateWorkspace(): Promise<TemplateWorkspace>;
  /** The template workspace alone, without its reports (one list call, once per run). */
  templateGroup(): Promise<Group>;
  /** platform.yaml capacity name → capacity id (its `id`, else looked up by display name once per run). */
  capacityId(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export function createPowerBiServices(options: PowerBiServicesOptions): PowerBiServices {
  const env = options.env ?? process.env;
  const { platform, log } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const profileName = platform.powerbi.credentialProfile;
  const profile = platform.credentialProfiles[profileName];
  if (!profile) throw new EnvironmentError(`powerbi.credentialProfile "${profileName}" is not among credentialProfiles of platform.yaml`);
  // The CLI and child processes name the sandbox's endpoints and CA in the environment.
  const ca = options.ca ?? (env.TENANTOPS_CA_FILE ? readFileSync(env.TENANTOPS_CA_FILE, 'utf8') : undefined);
  const authorityHost = options.authorityHost ?? env.TENANTOPS_AUTHORITY_HOST;
  const powerbiUrl = options.powerbiUrl ?? env.TENANTOPS_POWERBI_URL ?? POWERBI_URL;
  const fabricUrl = options.fabricUrl ?? env.TENANTOPS_FABRIC_URL ?? FABRIC_URL;

  // The credential caches tokens per scope; renewing means a new credential with an empty cache,
  // since @azure/identity offers no "forget this token".
  let credential: TokenCredential | undefined;
  const currentCredential = () =>
    (credential ??= createCredential(profileName, profile, { env, log, ca, authorityHost, getIdToken: options.getIdToken }));
  const renew = () => {
    credential = undefined;
  };
  // One token request at a time per credential and scope: a fleet's first calls all ask at once,
  // and each would otherwise be a token request of its own (23 for 70 calls, measured).
  const asking = new WeakMap<TokenCredential, Map<string, Promise<string>>>();
  const ask = (cred: TokenCredential, scope: string) => {
    let byScope = asking.get(cred);
    if (!byScope) asking.set(cred, (byScope = new Map()));
    let pending = byScope.get(scope);
    if (!pending) {
      pending = tokenSource(cred, scope)().finally(() => byScope.delete(scope));
      byScope.set(scope, pending);
    }
    return pending;
  };
  // The service judges a token by its `exp` claim. The credential renews a cached token five
  // minutes before its expiry (MSAL's renewal offset) by the machine's clock, but a run's clock
  // can be another (the benchmarks' virtual time, where an hour passes in a minute): a token the
  // credential still trusts may have expired on the clock the calls keep, and each call sent with
  // it came back 403 TokenExpired and was sent again, a second write (32 of 8,400 report updates
  // in bench fleet-redeploy-200). So a token due within the same five minutes on the run's clock
  // is renewed first, once for every caller that noticed it (the first renews, others follow).
  const token = (scope: string) => async () => {
    const used = currentCredential();
    const t = await ask(used, scope);
    const expires = jwtExpiry(t);
    if (expires === undefined || expires - now() > TOKEN_RENEWAL_MS) return t;
    if (credential === used) renew();
    return ask(currentCredential(), scope);
  };

  const rate = options.ratePerSecond ?? 20;
  const store = options.rateBudget;
  const perRate: Budget = { perSecond: rate, burst: rate * 2 };
  // Fabric's documented quota is the principal's, per minute: a bucket holding one minute's calls
  // that refills at the quota's rate. Keys carry the service so the two never share a bucket.
  const fabricQuota: Budget = { perSecond: DOCUMENTED_LIMITS.fabric.perMinute / 60, burst: DOCUMENTED_LIMITS.fabric.perMinute };
  const limiters: Record<'powerbi' | 'fabric', RateLimiter> = {
    powerbi: createRateLimiter({ budget: options.budgets?.powerbi ?? perRate, now, sleep, store }),
    fabric: createRateLimiter({ budget: options.budgets?.fabric ?? (options.ratePerSecond ? perRate : fabricQuota), now, sleep, store }),
  };
  // One connection pool for every identity: the identities differ in headers, not in hosts.
  const agent = createSharedAgent(ca);
  const counts: CallCounts = { deploy: { reads: 0, writes: 0 }, verify: { reads: 0, writes: 0 } };
  const httpFor = (service: 'powerbi' | 'fabric', identity: string, purpose: 'deploy' | 'verify', headers?: Record<string, string>): HttpClient =>
    renewTokenOnExpiry(
      createHttpClient(
        {
          service,
          baseUrl: service === 'powerbi' ? powerbiUrl : fabricUrl,
          token: token(service === 'powerbi' ? SCOPES.powerbi : SCOPES.fabric),
          headers,
          ca,
          // A 429 storm is "not processed, come back later": more attempts than the default, still
          // within the policy's cap on total waiting.
          retry: { maxAttempts: 12, ...options.retry },
          rateLimit: limiters[service],
          rateLimitKey: `${service}:${identity}`,
          requestIdHeaders: ['requestid', 'x-ms-request-id'],
          log,
          sleep: (ms) => sleep(ms),
          now,
        },
        { counts: counts[purpose], agent },
      ),
      renew,
    );

  const clients = new Map<string, PowerBiClient>();
  const memo = <T>(fn: () => Promise<T>) => {
    let p: Promise<T> | undefined;
    return () => (p ??= fn().catch((e) => {
      p = undefined;
      throw e;
    }));
  };
  let fabric: FabricClient | undefined;
  const operationTimeoutMs = options.operationTimeoutMs ?? 600_000;

  const services: PowerBiServices = {
    platform,
    log,
    counts,
    sleep,
    now,
    operationTimeoutMs,
    rateBudget: store,
    reportsFiltered: !!options.reports?.length,
    deploysReport: (template, persona) =>
      !options.reports?.length || options.reports.some((f) => template.toLowerCase().includes(f.toLowerCase()) || persona.toLowerCase().includes(f.toLowerCase())),
    principal: (context) => services.asProfile('', 'deploy', context),
    fabric(context) {
      const lro = { lro: { sleep, now, timeoutMs: operationTimeoutMs } };
      fabric ??= createFabricClient(httpFor('fabric', profile.clientId, 'deploy'), lro);
      return context ? createFabricClient(fabric.http.withContext(context), { ...lro, context }) : fabric;
    },
    asProfile(profileId, purpose = 'deploy', context) {
      const key = `${purpose}/${profileId}`;
      let client = clients.get(key);
      if (!client) {
        const identity = profileId && options.powerbiBudgetPer !== 'principal' ? `${profile.clientId}/${profileId.toLowerCase()}` : profile.clientId;
        client = createPowerBiClient(httpFor('powerbi', identity, purpose, profileId ? { 'X-PowerBI-Profile-Id': profileId } : undefined));
        clients.set(key, client);
      }
      return context ? createPowerBiClient(client.http.withContext(context)) : client;
    },
    principalObjectId: memo(async () => {
      const t = await token(SCOPES.powerbi)();
      const oid = decodeJwtClaim(t, 'oid');
      if (!oid) throw new EnvironmentError(`the token of credential profile "${profileName}" carries no oid claim`);
      return oid;
    }),
    templateGroup: memo(async () => {
      const name = platform.powerbi.templateWorkspace;
      const groups: Group[] = await services.principal().listGroups(`name eq ${odataString(name)}`);
      const found = groups.filter((g) => g.name.toLowerCase() === name.toLowerCase());
      if (found.length !== 1) {
        throw new EnvironmentError(`the template workspace "${name}" (powerbi.templateWorkspace of platform.yaml) ${found.length ? 'is ambiguous' : 'is not visible to credential profile ' + profileName}; allowed: a workspace of that name the principal is a member of`);
      }
      return found[0];
    }),
    templateWorkspace: memo(async () => {
      const group = await services.templateGroup();
      return { id: group.id, name: group.name, reports: await services.principal().listReports(group.id) };
    }),
    close: () => agent.close(),
    capacityId: (() => {
      const lookup = memo(async () => new Map((await services.principal().listCapacities()).map((c) => [c.displayName.toLowerCase(), c.id.toLowerCase()])));
      return async (name: string) => {
        const cap = platform.capacities[name];
        if (!cap || cap.sku.toLowerCase() === 'shared') return undefined;
        if (cap.id) return cap.id.toLowerCase();
        const id = (await lookup()).get(name.toLowerCase());
        if (!id) throw new EnvironmentError(`capacity "${name}" of platform.yaml has no id and no capacity of that display name is visible to credential profile ${profileName}; allowed: set capacities.${name}.id`);
        return id;
      };
    })(),
  };
  return services;
}

/** One claim of a JWT we were issued (not a verification: we only read our own identity). */
export function decodeJwtClaim(jwt: string, claim: string): string | undefined {
  const value = jwtPayload(jwt)?.[claim];
  return typeof value === 'string' ? value : undefined;
}

/** When a token renews before its expiry: MSAL's default renewal offset, five minutes. */
const TOKEN_RENEWAL_MS = 5 * 60_000;

/** A JWT's `exp` in epoch ms, undefined when it has none. */
function jwtExpiry(jwt: string): number | undefined {
  const exp = jwtPayload(jwt)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

function jwtPayload(jwt: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
