// What db resources need from the run's live services. The pipeline's Services provides it; this
// interface is declared here, not imported, so db never depends on the pipeline (the pipeline
// builds its resource graphs from db).
import { EnvironmentError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import type { ResourceContext } from '../plan/index.ts';
import type { Pool } from '../pg/index.ts';
import { actorFromEnv, type Keyring } from '../registry/index.ts';
import type { PlatformConfig } from '../config/index.ts';

export interface DbServices {
  readonly platform: PlatformConfig;
  readonly env: NodeJS.ProcessEnv;
  readonly log: Logger;
  /** Repository root: templates/tenant-migrations is read from here. */
  readonly root: string;
  registry(): Promise<Pool>;
  /** Admin pool on the database the cluster's admin connection string names. */
  clusterAdmin(cluster: string): Promise<Pool>;
  /** Admin pool on another database of the cluster (the shared one, a tenant's own). */
  clusterDatabase(cluster: string, database: string): Promise<Pool>;
  /** Closes the pool clusterDatabase opened on `database` (before that database is dropped). */
  releaseClusterDatabase(cluster: string, database: string): Promise<void>;
  /** A pool on the connection string held by the secret `name` (a byod database). */
  secretPool(name: string, usedBy: string): Promise<Pool>;
  keyring(): Keyring;
}

/** The services a db resource runs with. */
export function dbServicesOf(ctx: ResourceContext): DbServices {
  const services = ctx.services.tenantops as DbServices | undefined;
  if (!services) throw new EnvironmentError(`db resources of tenant ${ctx.tenant} need live services, but the run is offline`);
  return services;
}

/** Who is acting, for audit rows: the GitHub actor in a workflow, the local user otherwise. */
export function actorOf(services: Pick<DbServices, 'env'>): { actor: string; githubRun?: string } {
  return actorFromEnv(services.env);
}
