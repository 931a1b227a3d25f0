// The tenant's semantic model, bound to the tenant's own database and nothing else.
//  1. The template's TMDL definition (templates/semantic-model) with the tenant's Host, Port,
//     Database and Schema written into its M parameters before upload: one source of truth, so a
//     redeploy writes them again (never Default.UpdateDatasources: PostgreSQL is not supported).
//  2. Created (or its definition updated) by the principal through the Fabric API, which takes
//     no profile; the tenant's profile then takes it over (Default.TakeOver clears credentials,
//     so it comes first, and never again once the profile owns it).
//  3. The BI role's password, read from the registry and opened in memory only, set on the
//     model's datasource (PATCH /gateways/{g}/datasources/{d}, Basic, encryption None).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { passwordSecretName } from '../db/index.ts';
import { EnvironmentError, InternalError, RemoteApiError } from '../errors/index.ts';
import { createOrRediscover, isNameInUse, loadItemFolder, writeParameters } from '../fabric/index.ts';
import { diffFields, type Resource, type ResourceContext } from '../plan/index.ts';
import { getSecret, readSecret } from '../registry/index.ts';
import type { Dataset } from './client.ts';
import { KEYS, tenantView, type TenantView, type ViewNames } from './view.ts';

export const TEMPLATE_MODEL_FOLDER = 'templates/semantic-model/Tenant Analytics.SemanticModel';
/** The registry secret provision-db stores the BI role's password under. */
export const BI_PASSWORD_SECRET = passwordSecretName('bi');

export interface ModelParameters {
  Host: string;
  Port: string;
  Database: string;
  Schema: string;
}

export interface ModelDesired {
  name: string;
  /** SHA-256 of the template definition in git. */
  template: string;
  parameters: ModelParameters;
  /** Who owns the model: the tenant's profile, or the principal when profiles are off. */
  owner: 'tenant-profile' | 'principal';
  credentials: 'set';
}

export interface ModelActual extends Omit<ModelDesired, 'owner' | 'credentials' | 'template'> {
  id: string;
  template: string;
  owner: string;
  /** `set` when what we last set still matches the registry's secret; `stale` or `missing` otherwise. */
  credentials: string;
  /** Which sealed secret the credentials came from (a hash of the envelope, never of the password). */
  credentialsFrom?: string;
  /** Recorded by apply (never read from the service): the datasources credentials were last set on. */
  datasources?: KnownDatasources;
}

/** The model's datasources as listed when credentials were set, and the connection they serve. */
export interface KnownDatasources {
  /** `Host:Port/Database` of the parameters written then. */
  connection: string;
  ids: { gatewayId: string; datasourceId: string }[];
}

export interface ModelResourceOptions {
  names: ViewNames;
  /** Absent: the model should not exist. */
  desired: ModelDesired | undefined;
  /** The tenant's BI role, used when the registry's data store does not name one. */
  biRole: string;
  dependsOn: string[];
}

const hashes = new Map<string, string>();

/**
 * Hash of the template definition as it is in git (plans show it, re-runs compare it). Planning
 * a thousand tenants asks for it a thousand times in one synchronous pass: the answer is kept
 * until the event loop turns, so the folder is read once per pass and an edit is seen by the next.
 */
export function templateModelHash(root: string): string {
  let hash = hashes.get(root);
  if (hash === undefined) {
    hash = loadItemFolder(join(root, TEMPLATE_MODEL_FOLDER)).hash;
    hashes.set(root, hash);
    setImmediate(() => hashes.delete(root));
  }
  return hash;
}

export class ModelResource implements Resource<ModelDesired, ModelActual> {
  readonly key = KEYS.model;
  readonly kind = 'powerbi.model';
  readonly dependsOn: readonly string[];
  readonly #options: ModelResourceOptions;
  /** Where the data really is, once the registry's record of the data store has been read. */
  #parameters?: ModelParameters;

  constructor(options: ModelResourceOptions) {
    this.#options = options;
    this.dependsOn = options.dependsOn;
  }

  // provision-db records where the tenant's tables really are (host and port of the cluster it
  // used, a BYOD server); that record, once read, is what the parameters must say. A BYOD
  // tenant's plan keeps showing the secret's name (`secret:<name>`), never the value read from
  // it: the PR's review, before provision-db ran, can only know the name, and the plan an apply
  // binds to must hash the same (the resolved values are written into the model, not the plan).
  get desired(): ModelDesired | undefined {
    const d = this.#options.desired;
    return d && this.#parameters && !isByod(d.parameters) ? { ...d, parameters: this.#parameters } : d;
  }

  async read(ctx: ResourceContext): Promise<ModelActual | undefined> {
    const view = tenantView(ctx, this.#options.names);
    await this.#resolveParameters(view);
    if (!(await view.workspace())) return undefined;
    const model = await view.model();
    if (!model) return undefined;
    const record = (await view.records()).get(KEYS.model);
    const state = (record?.externalId?.toLowerCase() === model.id.toLowerCase() ? record.state : {}) as Partial<ModelActual>;
    const owner = await ownerOf(view, model);
    const from = await secretFingerprint(view);
    const credentials = owner !== this.desired?.owner ? 'missing' : !state.credentialsFrom ? 'missing' : state.credentialsFrom === from ? 'set' : 'stale';
    return {
      id: model.id,
      name: model.name,
      template: state.template ?? 'unknown',
      parameters: this.#shownParameters(await serviceParameters(view, model)),
      owner,
      credentials,
      ...(state.credentialsFrom ? { credentialsFrom: state.credentialsFrom } : {}),
    };
  }

  /** An unchanged model: the apply pass's reports and refreshes bind to it without listing the workspace's models again. */
  prime(ctx: ResourceContext, actual: ModelActual): void {
    const names = this.#options.names;
    const configuredBy = actual.owner === 'tenant-profile' ? names.profile : actual.owner.startsWith('other:') ? actual.owner.slice('other:'.length) : undefined;
    tenantView(ctx, names).setModel({ id: actual.id, name: actual.name, ...(configuredBy ? { configuredBy } : {}) });
  }

  diff(desired: ModelDesired | undefined, actual: ModelActual | undefined) {
    const n = this.#options.names.model;
    const change = diffFields<object>(desired, actual, { summary: { create: `create semantic model ${n} bound to the tenant's database`, update: `update semantic model ${n}`, delete: `delete semantic model ${n}` } });
    if (change?.action === 'delete') Object.assign(change, { destroysData: true, reason: 'deleting the model deletes its loaded data and the reports bound to it' });
    return change;
  }

  async apply(ctx: ResourceContext, change: { action: string }, actual: ModelActual | undefined): Promise<ModelActual | undefined> {
    const view = tenantView(ctx, this.#options.names);
    const ws = await view.workspace();
    if (!ws) throw new InternalError(`tenant ${ctx.tenant}: the model needs the workspace first`);
    const fabric = view.pbi.fabric({ tenant: ctx.tenant, step: KEYS.model });
    if (change.action === 'delete') {
      await fabric.deleteItem(ws.id, 'SemanticModel', actual!.id, KEYS.model);
      view.setModel(undefined);
      return undefined;
    }
    // provision-db may have recorded the data store during this very apply (a new tenant): read it now.
    await this.#resolveParameters(view);
    const desired = this.desired!;
    const parameters = this.#parameters;
    if (!parameters && isByod(desired.parameters)) {
      throw new EnvironmentError(`tenant ${ctx.tenant}: the registry records no data store for this tenant yet, so the model's host is unknown; run provision-db (apply --only db) first`);
    }
    const written = parameters ?? desired.parameters;
    const definition = writeParameters(loadItemFolder(join(view.host.root, TEMPLATE_MODEL_FOLDER)), { ...written });
    let id = actual?.id;
    let redeployed = false;
    if (!id) {
      const created = await createOrRediscover(
        () => fabric.createItem(ws.id, 'SemanticModel', { displayName: desired.name, definition }, KEYS.model),
        async () => (await fabric.listItems(ws.id, 'SemanticModel')).find((i) => i.displayName === desired.name),
      ).catch(async (err) => {
        if (!isNameInUse(err)) throw err;
        throw new EnvironmentError(`tenant ${ctx.tenant}: a semantic model named "${desired.name}" is reserved in ${ws.name} (deleted recently); retry later`);
      });
      id = created.id;
      redeployed = true;
      ctx.log.info(`${ctx.tenant}: semantic model ${desired.name} (${id}) created with the tenant's parameters`);
    } else if (actual!.template !== desired.template || JSON.stringify(actual!.parameters) !== JSON.stringify(desired.parameters)) {
      await fabric.updateDefinition(ws.id, 'SemanticModel', id, definition, KEYS.model);
      redeployed = true;
      ctx.log.info(`${ctx.tenant}: semantic model ${desired.name} redeployed from the template`);
    }
    view.setModel({ id, name: desired.name });

    const client = await view.client(KEYS.model);
    if (!client) throw new InternalError(`tenant ${ctx.tenant}: the model needs the tenant's profile`);
    let owner = actual?.owner ?? 'principal';
    if (desired.owner === 'tenant-profile' && owner !== 'tenant-profile') {
      await client.takeOver(ws.id, id);
      owner = 'tenant-profile';
    }
    // TakeOver cleared them, a new definition may have a new datasource, or the password changed.
    const from = await secretFingerprint(view);
    const record = (await view.records()).get(KEYS.model);
    const recorded = record?.externalId?.toLowerCase() === id.toLowerCase() ? (record.state as Partial<ModelActual>).datasources : undefined;
    let datasources = recorded;
    if (redeployed || actual?.owner !== owner || actual?.credentials !== 'set') {
      // The service keeps a model's datasource (and its id) while the definition's server and
      // database stay: the ids recorded for this connection name it without listing it again.
      const known = recorded?.connection === connectionOf(written) && recorded.ids.length ? recorded : undefined;
      datasources = { connection: connectionOf(written), ids: await this.#setCredentials(ctx, view, ws.id, id, known?.ids) };
    }
    // The record keeps the values written (for a BYOD tenant, read from its secret); read() shows them as the plan does.
    return { id, name: desired.name, template: desired.template, parameters: written, owner, credentials: 'set', credentialsFrom: from, ...(datasources ? { datasources } : {}) };
  }

  /** The model's parameters as plans show them: a BYOD model still bound where its store is recorded shows the secret's name. */
  #shownParameters(held: ModelParameters): ModelParameters {
    const spec = this.#options.desired?.parameters;
    const current = this.#parameters;
    return spec && isByod(spec) && current && sameParameters(held, current) ? spec : held;
  }

  async #resolveParameters(view: TenantView): Promise<void> {
    const store = await view.dataStore();
    if (store) this.#parameters = { Host: store.host, Port: String(store.port), Database: store.database, Schema: store.schema };
  }

  async #setCredentials(ctx: ResourceContext, view: TenantView, groupId: string, modelId: string, known?: KnownDatasources['ids']): Promise<KnownDatasources['ids']> {
    const client = (await view.client(KEYS.model))!;
    const registry = await view.host.registry();
    const password = await readSecret(registry, view.host.keyring(), ctx.tenant, BI_PASSWORD_SECRET);
    if (!password) throw new EnvironmentError(`tenant ${ctx.tenant}: the registry holds no ${BI_PASSWORD_SECRET}; run provision-db (apply --only db) first`);
    ctx.log.mask(password);
    const username = (await view.dataStore())?.biRole ?? this.#options.biRole;
    if (known) {
      try {
        for (const s of known) await client.setBasicCredentials(s.gatewayId, s.datasourceId, { username, password });
        ctx.log.info(`${ctx.tenant}: credentials of ${username} set on the model's datasource`);
        return known;
      } catch (err) {
        // The recorded datasource is gone after all (the service made a new one): list them.
        if (!(err instanceof RemoteApiError && err.details.status === 404)) throw err;
      }
    }
    const sources = (await client.listDatasources(groupId, modelId)).filter((s) => /postgre/i.test(s.datasourceType));
    if (!sources.length) throw new InternalError(`tenant ${ctx.tenant}: semantic model ${modelId} has no PostgreSQL datasource to set credentials on`);
    for (const s of sources) await client.setBasicCredentials(s.gatewayId, s.datasourceId, { username, password });
    ctx.log.info(`${ctx.tenant}: credentials of ${username} set on the model's datasource`);
    return sources.map((s) => ({ gatewayId: s.gatewayId, datasourceId: s.datasourceId }));
  }
}

/** What identifies the model's datasource to the service: server and database, not the schema. */
function connectionOf(p: ModelParameters): string {
  return `${p.Host}:${p.Port}/${p.Database}`;
}

/** A BYOD tenant's parameters name its secret (`secret:<name>`) until the registry records the store. */
function isByod(parameters: ModelParameters): boolean {
  return parameters.Host.startsWith('secret:');
}

function sameParameters(a: ModelParameters, b: ModelParameters): boolean {
  return a.Host === b.Host && a.Port === b.Port && a.Database === b.Database && a.Schema === b.Schema;
}

/**
 * The parameters the service holds, read from it (one GET, or the pass's fleet snapshot): what the registry recorded at the last
 * apply says nothing of an edit made since in the service (its UI, a script's UpdateParameters),
 * and such an edit points the tenant's model at another database.
 */
async function serviceParameters(view: TenantView, model: Dataset): Promise<ModelParameters> {
  const held = await view.parameters(model.id);
  const value = (name: keyof ModelParameters) => held[name] ?? '?';
  return { Host: value('Host'), Port: value('Port'), Database: value('Database'), Schema: value('Schema') };
}


async function ownerOf(view: TenantView, model: Dataset): Promise<string> {
  const profile = await view.profile();
  if (profile && model.configuredBy?.toLowerCase() === profile.name.toLowerCase()) return 'tenant-profile';
  if (!view.host.platform.powerbi.tenantProfiles) return 'principal';
  return model.configuredBy ? `other:${model.configuredBy}` : 'principal';
}

/** Identifies the sealed BI password without revealing anything about it: a hash of the envelope. */
async function secretFingerprint(view: TenantView): Promise<string | undefined> {
  const envelope = await getSecret(await view.host.registry(), view.tenant, BI_PASSWORD_SECRET);
  return envelope && createHash('sha256').update(`${envelope.kid}:${envelope.iv}:${envelope.ct}`).digest('hex').slice(0, 12);
}
