// One tenant's resource graph: what each capability declares, filtered to the slice asked for
// (`--only db|powerbi|dns`). Dependencies on resources outside the slice are dropped, since a
// slice runs after the steps it depends on (the workflow orders the actions).
import { matchReports } from '../catalog/index.ts';
import type { LoadedTenant } from '../config/index.ts';
import { desiredDbResources } from '../db/desired.ts';
import { desiredDnsResources } from '../dns/desired.ts';
import { deriveNames } from '../naming/index.ts';
import type { Resource } from '../plan/index.ts';
import { desiredPowerBiResources } from '../powerbi/desired.ts';
import type { Inputs } from './inputs.ts';

export const CAPABILITIES = ['db', 'powerbi', 'dns'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export function tenantResources(inputs: Inputs, tenant: LoadedTenant, only?: readonly Capability[]): Resource[] {
  const config = tenant.config;
  const wanted = new Set<Capability>(only?.length ? only : CAPABILITIES);
  const resources: Resource[] = [];
  if (wanted.has('db')) resources.push(...desiredDbResources({ config, platform: inputs.platform, root: inputs.root, names: deriveNames(config.code) }));
  if (wanted.has('powerbi')) {
    const reports = matchReports({ providers: config.providers, modules: config.modules }, inputs.catalog);
    resources.push(...desiredPowerBiResources(config, inputs.platform, reports, { root: inputs.root }));
  }
  if (wanted.has('dns')) resources.push(...desiredDnsResources(config, inputs.platform));
  const keys = new Set(resources.map((r) => r.key));
  return resources.map((r) => (r.dependsOn.every((d) => keys.has(d)) ? r : withDependsOn(r, r.dependsOn.filter((d) => keys.has(d)))));
}

/**
 * The same resource with other dependencies: a proxy, so class-based resources keep their methods
 * (bound to the real object, which private fields need).
 */
function withDependsOn(resource: Resource, dependsOn: readonly string[]): Resource {
  return new Proxy(resource, {
    get: (target, prop) => {
      if (prop === 'dependsOn') return dependsOn;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
