// Rules for platform.yaml beyond its schema: references between its own sections. Like the tenant
// rules they read the data defensively, so they also run when the schema failed.

import type { Issue } from './issues.ts';
import type { PlatformView } from './tenant-rules.ts';
import * as msg from './messages.ts';
import { checkRolloutRules } from './rollout-rules.ts';

export function checkPlatformRules(data: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  const powerbi = asRecord(data.powerbi);
  const profiles = asRecord(data.credentialProfiles);
  const profile = powerbi?.credentialProfile;
  if (typeof profile === 'string' && profiles && !Object.hasOwn(profiles, profile)) {
    issues.push({ path: ['powerbi', 'credentialProfile'], target: 'value', message: msg.undefinedProfile(profile, Object.keys(profiles).sort()) });
  }
  const mailProfile = asRecord(asRecord(data.mail)?.auth)?.credentialProfile;
  if (typeof mailProfile === 'string' && profiles && !Object.hasOwn(profiles, mailProfile)) {
    issues.push({ path: ['mail', 'auth', 'credentialProfile'], target: 'value', message: msg.undefinedProfile(mailProfile, Object.keys(profiles).sort(), 'mail.auth.credentialProfile') });
  }
  issues.push(...checkRolloutRules(asRecord(data.rollout)));
  const dns = asRecord(data.dns);
  if (asRecord(data.suspend)?.dns === 'maintenance' && dns && dns.maintenanceTarget === undefined) {
    issues.push({ path: ['suspend', 'dns'], target: 'value', message: msg.maintenanceTargetMissing() });
  }
  return issues;
}

/** The parts of (possibly invalid) platform data tenant rules rely on; undefined if unusable. */
export function toPlatformView(data: Record<string, unknown> | undefined, file: string): PlatformView | undefined {
  if (!data) return undefined;
  const clusters = entriesOf(data.clusters);
  const capacities = entriesOf(data.capacities);
  return { file, clusters, capacities };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function entriesOf(value: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, entry] of Object.entries(asRecord(value) ?? {})) out[name] = asRecord(entry) ?? {};
  return out;
}
