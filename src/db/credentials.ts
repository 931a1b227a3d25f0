// How the next action (Power BI) and the platform's application reach a tenant's data: the
// registry's data_stores row (host, database, schema, role names) and the role passwords sealed as
// db.app.password and db.bi.password — in every isolation mode, a byod customer's own roles
// included — never a step output. Every secret read is masked before it is returned.
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { getDataStore, readSecret, type Keyring, type Queryable } from '../registry/index.ts';
import { passwordSecretName } from './secret-names.ts';

export interface RoleCredentials {
  user: string;
  password: string;
}

export interface DbCredentials {
  host: string;
  port: number;
  database: string;
  schema: string;
  /** Read/write on the tenant's tables: the platform's application. */
  app: RoleCredentials;
  /** Read-only: the Power BI semantic model. */
  bi: RoleCredentials;
}

export async function readDbCredentials(registry: Queryable, keyring: Keyring, tenant: string, log: Logger): Promise<DbCredentials> {
  const store = await getDataStore(registry, tenant);
  if (!store) throw new EnvironmentError(`tenant ${tenant} has no data store in the registry; provision it first (actions/provision-db, or tenantops apply --tenant ${tenant} --only db)`);
  const secret = async (name: string) => {
    const value = await readSecret(registry, keyring, tenant, name);
    if (value === undefined) throw new EnvironmentError(`tenant ${tenant}: the registry holds no secret ${name}; re-run provision-db to set it`);
    log.mask(value);
    return value;
  };
  const base = { host: store.host, port: store.port, database: store.database, schema: store.schema };
  return {
    ...base,
    app: { user: store.appRole!, password: await secret(passwordSecretName('app')) },
    bi: { user: store.biRole!, password: await secret(passwordSecretName('bi')) },
  };
}
