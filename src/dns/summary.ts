// What the dns action shows a reviewer: the tenant's two record sets before and after the run,
// and what verification heard from the authoritative server. Markdown for the job summary.
import type { TenantContext } from '../config/index.ts';
import { tenantRecordNames } from './names.ts';
import { describeSet, toFqdn } from './normalize.ts';
import type { DnsService, VerificationReport } from './service.ts';
import type { RecordSetState } from './types.ts';

export interface TenantRecords {
  fqdn: string;
  type: string;
  set?: RecordSetState;
}

/** Reads the tenant's record and ownership sets as they are now (two reads). */
export async function readTenantRecords(service: DnsService, tenant: Pick<TenantContext, 'config' | 'platform' | 'hostname'>): Promise<TenantRecords[]> {
  const { zone, name, ownershipName } = tenantRecordNames(tenant);
  const code = tenant.config.code;
  const wanted = [
    { name, type: tenant.platform.dns.recordType },
    { name: ownershipName, type: 'TXT' },
  ];
  await service.provider.probe({ tenant: code });
  const out: TenantRecords[] = [];
  for (const w of wanted) out.push({ fqdn: toFqdn(w.name, zone), type: w.type, set: await service.provider.readRecordSet(w.name, w.type, { tenant: code }) });
  return out;
}

export interface DnsSummaryInput {
  tenant: string;
  mode: 'plan' | 'apply';
  provider: string;
  planHash: string;
  /** Planned changes, one line each (the plan's summaries). */
  changes: string[];
  before: TenantRecords[];
  /** Absent in plan mode. */
  after?: TenantRecords[];
  verifications?: readonly VerificationReport[];
}

export function renderDnsSummary(input: DnsSummaryInput): string {
  const cell = (r: TenantRecords | undefined) => (r?.set ? `\`${escapeCell(describeSet(r.set))}\`` : '_absent_');
  const lines = [
    `### DNS for ${input.tenant} (${input.provider}, ${input.mode})`,
    '',
    `Plan \`${input.planHash.slice(0, 12)}\`: ${input.changes.length ? `${input.changes.length} change(s)` : 'no changes'}`,
    ...input.changes.map((c) => `- ${c}`),
    '',
    input.after ? '| record | type | before | after |' : '| record | type | now |',
    input.after ? '|---|---|---|---|' : '|---|---|---|',
    ...input.before.map((b, i) => `| \`${b.fqdn}\` | ${b.type} | ${cell(b)}${input.after ? ` | ${cell(input.after[i])}` : ''} |`),
  ];
  if (input.verifications?.length) {
    lines.push('', '**Verification**', '');
    for (const v of input.verifications) {
      lines.push(v.answer ? `- \`${v.fqdn}\` ${v.type}: ${v.server} answers ${v.answer.join(', ') || 'nothing'}` : `- \`${v.fqdn}\` ${v.type}: ${v.readBack.join(', ')} (${v.note ?? 'read back through the API'})`);
    }
  }
  return lines.join('\n') + '\n';
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}
