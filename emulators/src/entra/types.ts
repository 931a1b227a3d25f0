// Configuration of the emulated Entra ID tenant: its app registrations (service principals) and
// their credentials, as a platform team would register them for its automation.

/** A federated identity credential: which external tokens may stand in for the app's secret. */
export interface FederatedCredential {
  /** The external issuer (`iss`). Default: the sandbox's own GitHub Actions issuer. */
  issuer?: string;
  /** The exact `sub`, e.g. `repo:org/repo:environment:production` (case-sensitive, as in Entra). */
  subject: string;
  /** Default `api://AzureADTokenExchange`. */
  audience?: string;
}

export interface EntraApp {
  /** Application (client) id, a GUID. */
  clientId: string;
  /** Client secret; omit for an app that only federates. */
  secret?: string;
  /** Object id of the app's service principal in the tenant: the token's `oid`. */
  objectId: string;
  displayName: string;
  /** App roles granted to the service principal; the token's `roles` when any. */
  roles?: string[];
  federated?: FederatedCredential[];
}

/** The resources (application ID URIs) a sandbox tenant knows by default. */
export const DEFAULT_RESOURCES = [
  'https://analysis.windows.net/powerbi/api',
  'https://api.fabric.microsoft.com',
  'https://management.azure.com',
  'https://management.core.windows.net',
  'https://graph.microsoft.com',
];
