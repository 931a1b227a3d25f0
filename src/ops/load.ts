// Reading operations/*.yaml from a repository and validating every file; a run names one of them.
// Only regular files directly in operations/ are read (a link is a finding, as in tenants/).
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, EnvironmentError, sortFindings, type Finding } from '../errors/index.ts';
import type { LoadedOperation } from './types.ts';
import { validateOperationText, type OperationContext } from './validate.ts';
import * as msg from './messages.ts';

export const OPERATIONS_DIR = 'operations';

export async function loadOperations(root: string, context: OperationContext): Promise<{ operations: LoadedOperation[]; findings: Finding[] }> {
  const entries = (await readdir(path.join(root, OPERATIONS_DIR), { withFileTypes: true }).catch(() => [])).filter((e) => /\.ya?ml$/.test(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
  const operations: LoadedOperation[] = [];
  const findings: Finding[] = [];
  for (const entry of entries) {
    const file = `${OPERATIONS_DIR}/${entry.name}`;
    if (!entry.isFile()) {
      findings.push({ file, line: 1, col: 1, message: msg.notRegularFile(file) });
      continue;
    }
    const result = validateOperationText(await readFile(path.join(root, file), 'utf8'), file, context);
    findings.push(...result.findings);
    if (result.sequence) operations.push({ file, sequence: result.sequence });
  }
  return { operations, findings: sortFindings(findings) };
}

/** One sequence by name: a ConfigurationError with its file's findings, an EnvironmentError when unknown. */
export async function loadOperation(root: string, name: string, context: OperationContext): Promise<LoadedOperation> {
  const { operations, findings } = await loadOperations(root, context);
  const file = findings.find((f) => path.basename(f.file).replace(/\.ya?ml$/, '') === name);
  if (file) throw new ConfigurationError(findings.filter((f) => f.file === file.file));
  const found = operations.find((o) => o.sequence.name === name);
  if (!found) throw new EnvironmentError(msg.unknownSequence(name, operations.map((o) => o.sequence.name)));
  return found;
}
