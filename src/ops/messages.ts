// Every message an operations finding or run can carry: one line, `what is wrong; what is allowed`.
import { didYouMean, formatList } from '../yaml/index.ts';

const known = (value: string, names: readonly string[]) => `${didYouMean(value, names)}; known: ${names.length ? formatList(names) : 'none'}`;

export function nameMismatch(name: string, fileName: string): string {
  return `name "${name}" does not match the file name ${fileName}; name the file ${name}.yaml or set name: ${fileName.replace(/\.ya?ml$/, '')}`;
}

export function duplicateStep(id: string, firstLine: number): string {
  return `step id "${id}" is already used on line ${firstLine}; each step needs its own id`;
}

export function unknownNeed(path: string, need: string, earlier: readonly string[]): string {
  return `${path} "${need}" is not an earlier step${didYouMean(need, earlier)}; allowed: ${earlier.length ? formatList(earlier) : 'no step (this is the first one)'}`;
}

export function selfNeed(path: string, id: string): string {
  return `${path} names the step itself ("${id}"); a step can only need earlier steps`;
}

export function modelsWithoutDataflows(step: string, dataflows: string): string {
  return `step "${step}" refreshes models after step "${dataflows}" refreshed dataflows without needing it; add needs: [${dataflows}] so the models read the refreshed dataflows`;
}

export function badCron(value: string, reason: string): string {
  return `schedule "${value}" is not a valid cron (${reason}); allowed: five fields, minute hour day-of-month month day-of-week, in UTC, e.g. "0 5 * * *"`;
}

export function unknownTenant(path: string, code: string, codes: readonly string[]): string {
  return `${path} "${code}" is not a tenant in tenants/${known(code, codes)}`;
}

export function unknownReference(path: string, value: string, kind: 'capacity' | 'cluster' | 'module', names: readonly string[]): string {
  const where = kind === 'module' ? 'the report catalog (templates/providers.yaml)' : `platform.yaml (${kind === 'capacity' ? 'capacities' : 'clusters'})`;
  return `${path} "${value}" is not a ${kind} of ${where}${known(value, names)}`;
}

export function unknownSequence(name: string, names: readonly string[]): string {
  return `no sequence "${name}" in operations/${known(name, names)}`;
}

export function tenantNotTargeted(code: string, name: string): string {
  return `tenant "${code}" is not a target of any step of ${name}; nothing would run`;
}

export function notRegularFile(file: string): string {
  return `${file} is a symbolic link or not a regular file; allowed: a regular file in operations/ (a link is never followed)`;
}
