// A resource known only by its desired state: what a capability declares before it can discover
// and change the real thing. Offline plans need nothing more; online reads and applies refuse
// with a message naming the capability, never pretend.
import { EnvironmentError } from '../errors/index.ts';
import { diffFields, type DiffFieldsOptions } from './diff-fields.ts';
import type { Resource } from './types.ts';

export interface DeclaredResource<D extends object> {
  key: string;
  kind: string;
  dependsOn?: string[];
  desired: D | undefined;
  diff?: DiffFieldsOptions;
}

export function declareResource<D extends object>(spec: DeclaredResource<D>): Resource<D, D> {
  const unavailable = (verb: string) => async (): Promise<never> => {
    throw new EnvironmentError(`${spec.kind} ${spec.key}: ${verb} against live services is not available in this build; plan with --offline`);
  };
  return {
    key: spec.key,
    kind: spec.kind,
    dependsOn: spec.dependsOn ?? [],
    desired: spec.desired,
    read: unavailable('discovery'),
    diff: (desired, actual) => diffFields(desired, actual, spec.diff),
    apply: unavailable('apply'),
  };
}
