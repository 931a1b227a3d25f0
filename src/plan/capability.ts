// What a capability (db, powerbi, dns, ...) gives the run layer: the resources one tenant desires,
// and how plans name long lists of its kinds. The run layer composes capabilities only through
// this shape, so a capability never imports the run layer and the engine stays generic.
import type { Resource } from './types.ts';
import type { KindLabel } from './render-markdown.ts';

export interface Capability<Tenant> {
  /** `db`, `powerbi`, `dns`: the `--only` value and the journal's key prefix. */
  readonly name: string;
  /** Pure: the resources this tenant desires, in dependency order. Contacts nothing. */
  desiredResources(tenant: Tenant): Resource[];
  /** Plural nouns and verbs for kinds that come in long lists (`42 reports to clone`). */
  readonly labels?: Readonly<Record<string, KindLabel>>;
  /**
   * Kinds whose resource is only a record in the registry (where the data store lives, the last
   * refresh): `registry rebuild` writes them again from what the world holds, while it never
   * creates a resource of another kind that it did not find.
   */
  readonly recordKinds?: readonly string[];
}
