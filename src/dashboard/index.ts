// The operator's dashboard: a static site (index.html and tenants/<code>.html) built from a typed
// view model. collect.ts fills the model from the registry and the repository, build.ts adds what a
// run knows (verify, rollout status); the renderers are pure (model in, HTML out); write.ts writes.
export { buildDashboard, type BuildDashboardOptions } from './build.ts';
export { collectChecks, collectDashboard, toCheckViews, toRolloutView, type CollectOptions, type DashboardInputs, type RolloutReportLike, type VerifyTenant } from './collect.ts';
export type { AuditView, CheckView, DashboardModel, DeploymentView, FleetRow, ModuleView, RolloutView, SuperUserView, TenantPage, WaveView } from './model.ts';
export { renderDashboard, writeDashboard, type DashboardSite } from './write.ts';
