// One tenant as a run sees it: its file, the platform, and every name derived from them — derived
// once at the top of a run (src/run) and passed down as a value, never re-derived by a resource.
import type { MatchedReport } from '../catalog/index.ts';
import type { DerivedNames } from '../naming/index.ts';
import type { PlatformConfig, TenantConfig } from './types.ts';

export interface TenantContext {
  readonly config: TenantConfig;
  readonly platform: PlatformConfig;
  /** The repository root: templates/ is read from it (never derived from a module's location). */
  readonly root: string;
  /** `deriveNames(config.code)`. */
  readonly names: DerivedNames;
  /** `tenantHostname(config.subdomain, platform.dns.zone)`: lower-cased here, once. */
  readonly hostname: string;
  /** The catalog's templates this tenant matches (latest version of each). */
  readonly reports: readonly MatchedReport[];
}
