// The `realistic` latency table of the Power BI emulator. Committed before anyone optimises
// against it; change a number only with its source. Sources, per number:
//   [trace]    ../shared/specs/fabric-trace/http_trace.json.gz — request/response timestamps of
//              fabric-cicd against api.powerbi.com (the same front door serves /v1.0/myorg), p50.
//   [estimate] no trace coverage and no published figure; a judgement, said so.
// The trace holds no /v1.0/myorg call, so Power BI routes borrow the closest Fabric operation.

import type { LatencyTable } from '../http/index.ts';

const routes: Record<string, number> = {
  // Reads. [trace] GET /v1/workspaces/{id} p50 1427 ms; GET .../items p50 1167 ms;
  // GET /v1/operations/{id} p50 1229 ms (n=1710). Every plain read takes 1200.
  'groups.list': 1200,
  'groups.get': 1200,
  'groups.users.list': 1200,
  'groups.capacityAssignmentStatus': 1200,
  'profiles.list': 1200,
  'reports.list': 1200,
  'reports.get': 1200,
  'reports.pages': 1200,
  'datasets.list': 1200,
  'datasets.get': 1200,
  'datasets.parameters': 1200,
  'datasets.datasources': 1200,
  'datasets.refreshes': 1200,
  'datasets.refreshDetails': 1200,
  'gateways.get': 1200,
  'dataflows.list': 1200,
  'dataflows.transactions': 1200,
  'imports.get': 1200,
  'admin.workspaces.modified': 1200,
  'admin.workspaces.getInfo': 1200,
  'admin.workspaces.scanStatus': 1200,
  'admin.workspaces.scanResult': 1200,
  'admin.capacities.refreshables': 1200,
  // Small synchronous writes. [trace] POST /v1/workspaces/{id}/folders 201 p50 719 ms;
  // PATCH /v1/workspaces/{id}/VariableLibraries/{id} 200 p50 1992 ms. We take 1500.
  'groups.create': 1500,
  'groups.update': 1500,
  'groups.delete': 1500,
  'groups.users.add': 1500,
  'groups.users.update': 1500,
  'groups.users.delete': 1500,
  'groups.assignToCapacity': 1500,
  'profiles.create': 1500,
  'profiles.update': 1500,
  'profiles.delete': 1500,
  'reports.rebind': 1500,
  'reports.delete': 1500,
  'datasets.delete': 1500,
  'datasets.takeOver': 1500,
  'datasets.updateParameters': 1500,
  'datasets.updateDatasources': 1500,
  'datasets.bindToGateway': 1500,
  'gateways.updateDatasource': 1500,
  'dataflows.refresh': 1500,
  'dataflows.cancelTransaction': 1500,
  'datasets.cancelRefresh': 1500,
  // A refresh request only queues work. [trace] POST /v1/workspaces/{id}/items 202 p50 3120 ms
  // is the closest "accept and run later" call; [estimate] Power BI's refresh POST is lighter: 1500.
  'datasets.refresh': 1500,
  // Server-side copies of report content. [trace] the Report item create LRO, request to
  // Succeeded, took 2682 ms; Clone and UpdateReportContent answer synchronously after such a copy.
  'reports.clone': 2700,
  'reports.updateContent': 2700,
  // Embed tokens. [estimate] a signed token, no content copied: 1000.
  'reports.generateToken': 1000,
  'embedToken.generate': 1000,
  // DAX over a loaded model. [estimate] 1500 for the tiny queries the product sends.
  'datasets.executeQueries': 1500,
  // Upload of a file. [trace] POST /v1/workspaces/{id}/items 202 p50 3120 ms (definition upload).
  'imports.create': 3100,
};

// The `/v1.0/myorg/...` variants of group-scoped routes cost the same.
for (const [name, ms] of Object.entries({ ...routes })) routes[`${name}.myorg`] = ms;

export const POWER_BI_LATENCY: LatencyTable = {
  // [trace] the median of every recorded GET (≈1.2 s) for any route not listed.
  defaultMs: 1200,
  routes,
  durations: {
    // [estimate] capacity assignment: no trace; Microsoft documents it as asynchronous with no
    // figure. 30 s: Pending for the first third, InProgress for the rest.
    'capacity.assignment': 30_000,
    // [trace] a SemanticModel item create (server-side model processing), request to Succeeded,
    // took 13260 ms; a refresh of a small import model adds queueing: [estimate] 45 s.
    'dataset.refresh': 45_000,
    // [trace] the same SemanticModel publish, 13260 ms, stands for a .pbix import's Publishing.
    'import.publishing': 13_260,
    // [estimate] a Gen1 dataflow refresh of a small entity set: 60 s.
    'dataflow.refresh': 60_000,
    // [estimate] a scan of up to 100 small workspaces (getInfo to Succeeded): no published figure; 5 s.
    'admin.scan': 5_000,
  },
};
