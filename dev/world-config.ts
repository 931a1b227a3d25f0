// The sandbox's stand-ins for what platform.yaml points at: throwaway secrets for every credential
// it names, the BYOD tenants that get a customer server of their own, and the marker column the
// Power BI emulator loads. (platform.yaml pointed at the sandbox is src/run's sandboxTarget.)
import { randomBytes, randomUUID } from 'node:crypto';
import type { LoadedTenant } from '../src/config/index.ts';
import { chooseIsolation } from '../src/db/index.ts';

/**
 * The column every table of the tenant data model carries (templates/), naming the tenant a row
 * belongs to: the Power BI emulator loads its values so the pipeline's isolation check can ask.
 */
export const MARKER_COLUMNS: readonly string[] = ['tenant_marker'];

/** A throwaway secret value, made for one sandbox world and never used outside it. */
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
