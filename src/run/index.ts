// The pipeline: loading a repository's inputs, assembling each tenant's resources from the
// capabilities, and planning them. Commands, actions and the sandbox all go through here.
export { loadInputs, type Inputs, type LoadInputsOptions } from './inputs.ts';
export { CAPABILITIES, tenantResources, type Capability } from './resources.ts';
export { KIND_LABELS, planTenants, selectTenants, type PlanTenantsOptions } from './plan.ts';
export { applyTenants, contextFactory, planOnline, type ApplyTenantsOptions, type RunOptions } from './apply.ts';
export { createServices, maskConnectionString, servicesOf, type CreateServicesOptions, type Services } from './services.ts';
