// Deployments and their statuses as GitHub keeps them, shared by the REST API and by the runs
// (a job naming an environment deploys to it). A new `success` status marks the earlier
// successful deployments to the same environment `inactive` unless `auto_inactive` is false.
// https://docs.github.com/en/rest/deployments/deployments
// https://docs.github.com/en/rest/deployments/statuses#create-a-deployment-status

import type { DeploymentRecord, DeploymentState, DeploymentStatusRecord, GithubStore, RepoRecord, UserRecord } from './model.ts';

export interface DeploymentInput {
  sha: string;
  ref: string;
  task?: string;
  payload?: Record<string, unknown> | string;
  environment?: string;
  description?: string | null;
  creator: UserRecord;
  transient?: boolean;
  production?: boolean;
  runId?: number;
}

export function createDeployment(store: GithubStore, repo: RepoRecord, input: DeploymentInput): DeploymentRecord {
  const environment = input.environment ?? 'production';
  const now = store.now();
  const d: DeploymentRecord = {
    id: store.nextId(), sha: input.sha, ref: input.ref, task: input.task ?? 'deploy', payload: input.payload ?? {}, environment,
    originalEnvironment: environment, description: input.description ?? null, creator: input.creator, transient: input.transient ?? false,
    production: input.production ?? environment === 'production', statuses: [], createdAt: now, updatedAt: now, runId: input.runId,
  };
  repo.deployments.set(d.id, d);
  return d;
}

export interface DeploymentStatusInput {
  state: DeploymentState;
  description?: string;
  environment?: string;
  targetUrl?: string;
  logUrl?: string;
  environmentUrl?: string;
  creator: UserRecord;
  autoInactive?: boolean;
}

export function addDeploymentStatus(store: GithubStore, repo: RepoRecord, d: DeploymentRecord, input: DeploymentStatusInput): DeploymentStatusRecord {
  const now = store.now();
  if (input.environment) d.environment = input.environment;
  const status: DeploymentStatusRecord = {
    id: store.nextId(), state: input.state, description: input.description ?? '', environment: d.environment, targetUrl: input.targetUrl ?? input.logUrl ?? '',
    logUrl: input.logUrl ?? input.targetUrl ?? '', environmentUrl: input.environmentUrl ?? '', creator: input.creator, createdAt: now, updatedAt: now,
  };
  d.statuses.unshift(status);
  d.updatedAt = now;
  if (input.state === 'success' && input.autoInactive !== false) {
    for (const other of repo.deployments.values()) {
      if (other === d || other.environment !== d.environment || other.transient || other.production) continue;
      if (other.statuses[0]?.state !== 'success') continue;
      addDeploymentStatus(store, repo, other, { state: 'inactive', creator: input.creator, autoInactive: false });
    }
  }
  return status;
}

/** Newest first, as GitHub lists deployments and statuses. */
export function listDeployments(repo: RepoRecord, filters: { sha?: string; ref?: string; task?: string; environment?: string }): DeploymentRecord[] {
  return [...repo.deployments.values()]
    .filter((d) => (!filters.sha || d.sha === filters.sha) && (!filters.ref || d.ref === filters.ref) && (!filters.task || d.task === filters.task))
    .filter((d) => !filters.environment || d.environment === filters.environment)
    .sort((a, b) => b.id - a.id);
}
