// The registry's names for a tenant's database secrets: the contract with the next action (Power
// BI) and the platform's application, which read them from the registry, never from step outputs.
import type { Purpose } from './types.ts';

/** The registry secret holding a login role's password. */
export function passwordSecretName(purpose: Purpose): string {
  return `db.${purpose}.password`;
}

/** Registry secret names of a byod tenant's connection strings. */
export const BYOD_SECRETS = { connection: 'db.byod.connection', biConnection: 'db.byod.bi-connection' } as const;
