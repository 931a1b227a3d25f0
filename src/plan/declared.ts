// A resource known only by its desired state: what a capability declares before it can discover
// and change the real thing. Offline plans need nothing more; online reads and applies refuse
// with a message naming the capability, never pretend.
import { EnvironmentError } from '../errors/index.ts';
import { diffFields, type DiffFieldsOptions } from './diff-fields.ts';
import type { Change, Resource } from './types.ts';

export interface DeclaredResource<D extends object> {
  key: string;
  kind: string;
  dependsOn?: string[];
  desired: D | undefined;
  diff?: DiffFieldsOptions;
}

const NO_DEPENDENCIES: readonly string[] = [];

// A class rather than a closure per verb: a large offline plan holds tens of thousands of these.
class Declared<D extends object> implements Resource<D, D> {
  readonly key: string;
  readonly kind: string;
  readonly dependsOn: readonly string[];
  readonly desired: D | undefined;
  readonly #diff?: DiffFieldsOptions;
  constructor(spec: DeclaredResource<D>) {
    this.key = spec.key;
    this.kind = spec.kind;
    this.dependsOn = spec.dependsOn ?? NO_DEPENDENCIES;
    this.desired = spec.desired;
    this.#diff = spec.diff;
  }
  read(): Promise<D | undefined> {
    return this.#unavailable('discovery');
  }
  diff(desired: D | undefined, actual: D | undefined): Change | undefined {
    return diffFields(desired, actual, this.#diff);
  }
  apply(): Promise<D | undefined> {
    return this.#unavailable('apply');
  }
  async #unavailable(verb: string): Promise<never> {
    throw new EnvironmentError(`${this.kind} ${this.key}: ${verb} against live services is not available in this build; plan with --offline`);
  }
}

export function declareResource<D extends object>(spec: DeclaredResource<D>): Resource<D, D> {
  return new Declared(spec);
}
