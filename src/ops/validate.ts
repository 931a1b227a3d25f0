// Validation of an operations file from its text: YAML faults through the one loader, the JSON
// Schema through ajv, then the rules across files (steps, needs, cron, known tenants, capacities,
// clusters and modules), all as positioned findings `file:line:col` (nothing throws). Pure.
import { Cron } from 'croner';
import { collectSchemaIssues, checkText, positionIssues, type Issue } from '../config/index.ts';
import { sortFindings, type Finding } from '../errors/index.ts';
import { formatPath, locatePath, parseYamlSource, toPlainData } from '../yaml/index.ts';
import { getOperationValidator, OPERATION_REQUIRED } from './schema.ts';
import type { OperationSequence } from './types.ts';
import * as msg from './messages.ts';

/** What the rules check references against: the repository's tenants, platform.yaml and the catalog. */
export interface OperationContext {
  tenants: readonly string[];
  capacities: readonly string[];
  clusters: readonly string[];
  modules: readonly string[];
}

export function validateOperationText(text: string, file: string, context: OperationContext): { sequence?: OperationSequence; findings: Finding[] } {
  const parsed = parseYamlSource(text, file, { what: 'an operations file', required: OPERATION_REQUIRED });
  const data = toPlainData(parsed);
  if (!parsed.source || !data) return { findings: parsed.findings };
  const validate = getOperationValidator();
  const valid = validate(data);
  const issues: Issue[] = [...collectSchemaIssues(validate.errors ?? [], data), ...checkText(data)];
  // Rules read well-formed data only: on a schema fault they would mostly repeat it.
  const source = parsed.source;
  const lineOfStep = (i: number) => locatePath(source, ['steps', i, 'id'], 'value').line;
  if (valid) issues.push(...checkRules(data as unknown as OperationSequence, file, context, lineOfStep));
  const findings = sortFindings([...parsed.findings, ...positionIssues(source, issues)]);
  return findings.length ? { findings } : { sequence: data as unknown as OperationSequence, findings };
}

function checkRules(seq: OperationSequence, file: string, context: OperationContext, lineOfStep: (index: number) => number): Issue[] {
  const issues: Issue[] = [];
  const fileName = file.split('/').pop()!;
  if (fileName.replace(/\.ya?ml$/, '') !== seq.name) issues.push({ path: ['name'], target: 'value', message: msg.nameMismatch(seq.name, fileName) });
  if (seq.schedule !== undefined) {
    const reason = cronProblem(seq.schedule);
    if (reason) issues.push({ path: ['schedule'], target: 'value', message: msg.badCron(seq.schedule, reason) });
  }
  const seen = new Map<string, number>();
  let dataflowStep: string | undefined;
  const upstream = new Map<string, Set<string>>();
  seq.steps.forEach((step, i) => {
    const at = (...rest: (string | number)[]) => ['steps', i, ...rest];
    const first = seen.get(step.id);
    if (first !== undefined) issues.push({ path: at('id'), target: 'value', message: msg.duplicateStep(step.id, lineOfStep(first)) });
    else seen.set(step.id, i);
    const earlier = seq.steps.slice(0, i).map((s) => s.id);
    let needsFault = false;
    (step.needs ?? []).forEach((need, j) => {
      const path = formatPath(at('needs', j));
      needsFault ||= need === step.id || !earlier.includes(need);
      if (need === step.id) issues.push({ path: at('needs', j), target: 'value', message: msg.selfNeed(path, need) });
      else if (!earlier.includes(need)) issues.push({ path: at('needs', j), target: 'value', message: msg.unknownNeed(path, need, earlier) });
    });
    // Everything a step waits for, directly or through the steps it needs.
    const before = new Set((step.needs ?? []).flatMap((n) => [n, ...(upstream.get(n) ?? [])]));
    upstream.set(step.id, before);
    if (step.action === 'refresh-models' && dataflowStep && !needsFault && !before.has(dataflowStep)) {
      issues.push({ path: at('action'), target: 'value', message: msg.modelsWithoutDataflows(step.id, dataflowStep) });
    }
    if (step.action === 'refresh-dataflows') dataflowStep = step.id;
    const t = step.targets ?? {};
    (t.tenants ?? []).forEach((code, j) => {
      if (!context.tenants.includes(code)) issues.push({ path: at('targets', 'tenants', j), target: 'value', message: msg.unknownTenant(formatPath(at('targets', 'tenants', j)), code, context.tenants) });
    });
    const refs = [['capacity', context.capacities], ['cluster', context.clusters], ['module', context.modules]] as const;
    for (const [kind, names] of refs) {
      const value = t[kind];
      if (value !== undefined && !names.includes(value)) issues.push({ path: at('targets', kind), target: 'value', message: msg.unknownReference(formatPath(at('targets', kind)), value, kind, names) });
    }
  });
  return issues;
}

/** Why croner refuses a cron, or undefined when it parses (five fields: GitHub has no seconds). */
function cronProblem(expression: string): string | undefined {
  try {
    new Cron(expression, { paused: true, timezone: 'UTC' }).stop();
    return undefined;
  } catch (err) {
    return (err as Error).message.replace(/^CronPattern: /, '');
  }
}
