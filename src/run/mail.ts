// The run layer's mail: at go-live every super user's welcome (login URL, one-time invitation) and
// the "your platform is ready" notification; on a later apply of a live tenant, the welcome of each
// super user added since. Each tenant's sending holds its advisory lock, so two runs never send
// the same outbox row at once: call these outside the tenant's lock (after applyTenants returns).
import { ApplyError, EnvironmentError } from '../errors/index.ts';
import { enqueueGoLiveMail, enqueueWelcomeMail, sendPendingMail, type MailContext, type MailRecipient, type MailTenant } from '../mail/index.ts';
import { appendAudit, getTenant, listUsers, withTenantLock } from '../registry/index.ts';
import type { ApplyResult } from '../plan/index.ts';
import type { Inputs } from './inputs.ts';
import type { CapabilityName } from './resources.ts';
import type { Services } from './services.ts';

export interface MailRunOptions {
  /** Who or what runs it: a GitHub actor, `cli:<user>`, `sandbox`. */
  actor: string;
  githubRun?: string;
}

export interface MailDelivery {
  tenant: string;
  /** Welcome mails (each with a new invitation) and go-live notifications written to the outbox by this run. */
  queued: { welcome: number; goLive: number };
  /** Mails sent by this run, earlier runs' unsent ones included. */
  sent: number;
  reissued: number;
  cancelled: number;
  /** Set when nothing could be mailed, e.g. platform.yaml has no mail section. */
  skipped?: string;
}

/**
 * After the tenant went live: enqueue each super user's welcome and go-live notification (once
 * ever per user), then send whatever is pending. Failures are gathered into one ApplyError after
 * every other mail went out; the failed ones stay pending for the next run.
 */
export function deliverGoLiveMail(inputs: Inputs, services: Services, tenant: string, options: MailRunOptions): Promise<MailDelivery> {
  return deliver(inputs, services, tenant, options, true);
}

/**
 * For a live tenant's apply: the welcome of every super user who never had one (added since
 * go-live), and anything an earlier run left unsent. A tenant that is not live gets nothing: its
 * super users are invited when it goes live.
 */
export async function deliverPendingMail(inputs: Inputs, services: Services, tenant: string, options: MailRunOptions): Promise<MailDelivery> {
  const record = await getTenant(await services.registry(), tenant);
  if (record?.status !== 'live') return { ...empty(tenant), skipped: `tenant ${tenant} is not live` };
  return deliver(inputs, services, tenant, options, false);
}

/**
 * After an apply: each live tenant whose registry record was in the run's scope and applied
 * cleanly gets its pending mail (the welcome of a super user added to its file, anything an earlier
 * run left unsent). Only the registry slice carries super users, so a db, powerbi or dns step never
 * mails (nor needs the SMTP secret). A mail that fails does not fail the apply, which succeeded and
 * is recorded: it is logged as an error and stays pending in the outbox for the tenant's next apply
 * or go-live job (failing here would halt a rollout wave over an SMTP hiccup).
 */
export async function deliverMailAfterApply(
  inputs: Inputs,
  services: Services,
  result: ApplyResult,
  scope: { only?: readonly CapabilityName[] },
  options: MailRunOptions,
): Promise<MailDelivery[]> {
  if (scope.only?.length && !scope.only.includes('registry')) return [];
  const deliveries: MailDelivery[] = [];
  for (const t of result.tenants) {
    const config = inputs.tenants.find((x) => x.config.code === t.tenant)?.config;
    if (!config || config.lifecycle !== 'active' || t.failed.length || t.skipped.length) continue;
    try {
      const delivery = await deliverPendingMail(inputs, services, t.tenant, options);
      if (!delivery.skipped) deliveries.push(delivery);
    } catch (err) {
      services.log.error(`${t.tenant}: the apply succeeded, but its mail did not all go out; what failed stays pending for the next apply or go-live: ${(err as Error).message}`);
    }
  }
  return deliveries;
}

async function deliver(inputs: Inputs, services: Services, code: string, options: MailRunOptions, goLive: boolean): Promise<MailDelivery> {
  const config = inputs.platform.mail;
  if (!config) {
    services.log.warn(`${code}: platform.yaml has no mail section, so no invitation or notification is sent`);
    return { ...empty(code), skipped: 'platform.yaml has no mail section' };
  }
  const registry = await services.registry();
  const record = await getTenant(registry, code);
  if (!record) throw new EnvironmentError(`tenant ${code} is not in the registry: apply it before mailing its super users`);
  const tenant: MailTenant = { code, name: record.name, subdomain: record.subdomain };
  const ctx: MailContext = { registry, keyring: services.keyring(), platform: inputs.platform, mail: config, mailer: () => services.mailer()!, log: services.log };
  return withTenantLock(registry, code, async () => {
    const users: MailRecipient[] = await listUsers(registry, code);
    const queued = { welcome: await enqueueWelcomeMail(ctx, tenant, users), goLive: goLive ? await enqueueGoLiveMail(ctx, tenant, users) : 0 };
    const outcome = await sendPendingMail(ctx, tenant, users);
    const result: MailDelivery = { tenant: code, queued, sent: outcome.sent, reissued: outcome.reissued, cancelled: outcome.cancelled };
    if (queued.welcome || queued.goLive || outcome.sent || outcome.cancelled || outcome.failures.length) {
      await appendAudit(registry, {
        actor: options.actor,
        githubRun: options.githubRun,
        tenant: code,
        action: goLive ? 'mail.go-live' : 'mail.pending',
        target: 'outbox',
        after: { ...queued, sent: outcome.sent, reissued: outcome.reissued, cancelled: outcome.cancelled, failed: outcome.failures.length },
      });
    }
    if (outcome.failures.length) throw new ApplyError(outcome.failures.map((f) => ({ key: `${f.kind} mail to ${f.recipient}`, error: f.error })));
    return result;
  }, { holder: `mail (${options.actor})` });
}

function empty(tenant: string): MailDelivery {
  return { tenant, queued: { welcome: 0, goLive: 0 }, sent: 0, reissued: 0, cancelled: 0 };
}
