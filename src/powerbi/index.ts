// powerbi: the Power BI REST client, the run's identities (principal and per-tenant profiles),
// the tenant's resources (profile, workspace, capacity, access, semantic model, refresh,
// reports), verification, and the operations (refresh, discover, catalog sync).
export { createPowerBiClient, odataString, type PowerBiClient } from './client.ts';
export { createPowerBiServices, decodeJwtClaim, FABRIC_URL, POWERBI_URL, type CallCounts, type PowerBiServices, type PowerBiServicesOptions, type TemplateWorkspace } from './services.ts';
export { desiredPowerBiResources, reportKey, viewNames } from './desired.ts';
export { powerBiCapability } from './capability.ts';
export { BI_PASSWORD_SECRET, TEMPLATE_MODEL_FOLDER, templateModelHash } from './model.ts';
export { KEYS as POWERBI_KEYS, type PowerBiHost } from './view.ts';
export { verifyPowerBiTenant, markerTables, type TenantVerification, type VerifyCheck } from './verify.ts';
export { refreshTenants, renderRefreshTable, SHARED_DAILY_REFRESHES, type RefreshResult, type RefreshTenantsOptions, type RefreshWhat } from './operations.ts';
export { discoverPowerBi, renderDiscovery, type Discovery, type Discrepancy } from './discover.ts';
export { renderCatalogSync, syncCatalog, writeCatalogSync, type CatalogSync } from './catalog-sync.ts';
