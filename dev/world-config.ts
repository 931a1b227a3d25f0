// The sandbox's stand-ins for what platform.yaml points at: the same platform, with every cluster
// on an embedded PostgreSQL, every credential profile on the emulated Entra, and every secret the
// platform and the tenants name set to a throwaway value in the environment the pipeline runs in.
import { randomBytes, randomUUID } from 'node:crypto';
import type { LoadedTenant, PlatformConfig } from '../src/config/index.ts';
import { chooseIsolation } from '../src/db/index.ts';

export interface SandboxEndpoints {
  authorityHost: string;
  tenantId: string;
  powerbi?: string;
  fabric?: string;
  godaddy?: string;
}

export interface ClusterServer {
  host: string;
  port: number;
  /** Admin connection string. */
  url: string;
}

/** platform.yaml with the sandbox's hosts, ports and authority in place of the real ones. */
export function sandboxPlatform(platform: PlatformConfig, clusters: Record<string, ClusterServer>, endpoints: SandboxEndpoints): PlatformConfig {
  const out: PlatformConfig = structuredClone(platform);
  for (const [name, cluster] of Object.entries(out.clusters)) {
    const server = clusters[name];
    Object.assign(cluster, { host: server.host, port: server.port, sslmode: 'disable' });
  }
  for (const profile of Object.values(out.credentialProfiles)) {
    Object.assign(profile, { authorityHost: endpoints.authorityHost, tenantId: endpoints.tenantId });
  }
  return out;
}

/**
 * The column every table of the tenant data model carries (templates/), naming the tenant a row
 * belongs to: the Power BI emulator loads its values so the pipeline's isolation check can ask.
 */
export const MARKER_COLUMNS: readonly string[] = ['tenant_marker'];

/** A throwaway secret value, never reused across runs. */
export function throwawaySecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** An encryption key in the `<keyId>:<base64 32 bytes>` form TENANTOPS_ENCRYPTION_KEY takes. */
export function throwawayEncryptionKey(): string {
  return `sandbox-${randomUUID().slice(0, 8)}:${randomBytes(32).toString('base64')}`;
}

/** The BYOD tenants: each gets a customer PostgreSQL of its own in the sandbox. */
export function byodTenants(tenants: readonly LoadedTenant[]): LoadedTenant[] {
  return tenants.filter((t) => chooseIsolation(t.config).onCustomerServer);
}
