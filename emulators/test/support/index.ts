// What the package's tests share with the tests of its users (`@tenantops/emulators/testing`):
// one TLS material per test process, the one HTTPS request helper (and a fetch trusting the test CA,
// for SDKs that take one), and an Entra tenant with synthetic apps. The fidelity helpers (specs.ts,
// the fabric-* trace replay), the sandboxes and the test PostgreSQL stay inside.

export { testTls } from './tls.ts';
export { call, fetchTrustingTestCa } from './https.ts';
export type { CallOptions, Reply } from './https.ts';
export { APP, credentialOptions, decodeHeader, decodePayload, FABRIC_SCOPE, FEDERATED_ONLY, fetchGithubIdToken, POWERBI_SCOPE, startTestEntra, TENANT_ID } from './entra.ts';
