// The shape every db resource shares: verbs that take the tenant's resolved target, and an audit row
// for every change applied (the registry's audit log is append-only; states hold no secrets).
import { appendAudit } from '../registry/index.ts';
import { diffFields, type Change, type DiffFieldsOptions, type Resource, type ResourceContext } from '../plan/index.ts';
import { actorOf, dbServicesOf } from './services.ts';
import { countWrite } from './sql.ts';
import { targetFor } from './target.ts';
import type { DbSpec, DbTarget } from './types.ts';

export interface DbResourceDefinition<D extends object, A extends object> {
  key: string;
  kind: string;
  dependsOn?: string[];
  desired: D | undefined;
  spec: DbSpec;
  /** diffFields options, or a diff of its own. */
  diff: DiffFieldsOptions | ((desired: D | undefined, actual: A | undefined) => Change | undefined);
  read(target: DbTarget, ctx: ResourceContext): Promise<A | undefined>;
  apply(target: DbTarget, change: Change, actual: A | undefined, ctx: ResourceContext): Promise<A | undefined>;
  verify?(target: DbTarget, actual: A | undefined, ctx: ResourceContext): Promise<void>;
}

export function defineDbResource<D extends object, A extends object>(def: DbResourceDefinition<D, A>): Resource<D, A> {
  const target = (ctx: ResourceContext) => targetFor(dbServicesOf(ctx), def.spec);
  const diff = typeof def.diff === 'function' ? def.diff : (d: D | undefined, a: A | undefined) => diffFields<object>(d, a, def.diff as DiffFieldsOptions);
  const resource: Resource<D, A> = {
    key: def.key,
    kind: def.kind,
    dependsOn: def.dependsOn ?? [],
    desired: def.desired,
    async read(ctx) {
      return def.read(await target(ctx), ctx);
    },
    diff,
    async apply(ctx, change, actual) {
      const t = await target(ctx);
      const after = await def.apply(t, change, actual, ctx);
      const registry = await t.services.registry();
      await appendAudit(registry, {
        ...actorOf(t.services),
        tenant: def.spec.tenant,
        action: `${def.kind}.${change.action}`,
        target: def.key,
        before: actual ?? null,
        after: after ?? null,
      });
      countWrite();
      return after;
    },
  };
  if (def.verify) {
    const verify = def.verify;
    resource.verify = async (ctx, actual) => verify(await target(ctx), actual, ctx);
  }
  return resource;
}
