// The dashboard's view model: what the pages show, already decided and typed, so the renderers
// stay pure (model in, HTML out) and the adapter (collect.ts) is the one place that knows where
// each figure comes from. A field the platform does not record yet is optional and renders "—".

export interface DashboardModel {
  /** ISO time the site was generated; shown in the header, never used for decisions. */
  generatedAt: string;
  /** Where the data came from, e.g. `sandbox` or `live`. */
  source: string;
  fleet: FleetRow[];
  tenants: TenantPage[];
  /** The fleet rollout in progress (or the latest one), when the registry records rollouts. */
  rollout?: RolloutView;
}

/** One line of the fleet table. */
export interface FleetRow {
  code: string;
  name: string;
  /** pending, provisioned, live, failed, suspended, decommissioned (as the registry holds it). */
  status: string;
  lifecycle: string;
  isolation: string;
  cluster: string;
  capacity?: string;
  provisionedAt?: string;
  liveAt?: string;
  approvedBy?: string;
  reports: { deployed: number; expected?: number };
  refresh?: RefreshView;
  migration?: { version?: string; latest?: string };
  lastDeployment?: DeploymentView;
  /** The last drift check the drift workflow recorded; absent: never checked. */
  drift?: DriftView;
  /** The run waiting at its go-live gate, when there is one. */
  gateUrl?: string;
  /** The wave of the current rollout this tenant belongs to. */
  rolloutWave?: string;
}

export interface RefreshView {
  /** Power BI's refresh history status: Completed, Failed, Cancelled, Disabled, Unknown. */
  state: string;
  /** When it ended (or, without an end, when it was last seen). */
  at?: string;
  startedAt?: string;
  /** endTime − startTime as the refresh history reports them. */
  durationSeconds?: number;
}

export interface DriftView {
  checkedAt: string;
  /** Keys of the resources that differ from what the files ask for; empty: in sync. */
  resources: string[];
  runUrl?: string;
}

export interface DeploymentView {
  at: string;
  finishedAt?: string;
  actor: string;
  status: string;
  planHash: string;
  runUrl?: string;
}

/** The page of one tenant. */
export interface TenantPage {
  row: FleetRow;
  links: { workspace?: string; login?: string };
  /** The QA checklist (`verify --json`); absent when it was not run for this site. */
  checks?: CheckView[];
  /** The model's recorded refreshes, newest first. */
  refreshes: RefreshView[];
  timeline: DeploymentView[];
  audit: AuditView[];
  superUsers: SuperUserView[];
  modules: ModuleView[];
}

export interface CheckView {
  id: string;
  ok: boolean;
  evidence: string;
  link?: string;
}

export interface AuditView {
  at: string;
  actor: string;
  action: string;
  target?: string;
  runUrl?: string;
}

export interface SuperUserView {
  email: string;
  name: string;
  invitedAt?: string;
  redeemedAt?: string;
}

export interface ModuleView {
  name: string;
  reports: { name: string; url?: string }[];
}

export interface RolloutView {
  name: string;
  status: string;
  waves: WaveView[];
}

export interface WaveView {
  name: string;
  tenants: string[];
  succeeded: number;
  failed: number;
  /** Not yet attempted, or running. */
  pending: number;
  status: string;
  gateUrl?: string;
}
