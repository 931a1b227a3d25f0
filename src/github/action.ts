// The one shape every action entry point has (after codeql-action): read typed inputs, call one
// library function, and turn any escaping error into annotations plus `core.setFailed`, which
// sets process.exitCode rather than exiting so pending output is flushed.
import * as core from '@actions/core';
import { ConfigurationError, EnvironmentError, type Finding } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';

export function getRequiredInput(name: string): string {
  const value = core.getInput(name);
  if (!value) throw new EnvironmentError(`input "${name}" is required`);
  return value;
}

export function getOptionalInput(name: string): string | undefined {
  const value = core.getInput(name);
  return value === '' ? undefined : value;
}

/** One of `allowed`, or an EnvironmentError naming the input and what it accepts. */
export function getChoiceInput<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = getOptionalInput(name) ?? fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new EnvironmentError(`input "${name}" is "${value}"; allowed: ${allowed.join(', ')}`);
  }
  return value as T;
}

/**
 * A true/false input (YAML 1.2 core booleans, as core.getBooleanInput reads them); an input left
 * empty, as when a step runs outside a workflow that applies action.yml's defaults, is false.
 */
export function getBooleanInput(name: string): boolean {
  if (getOptionalInput(name) === undefined) return false;
  try {
    return core.getBooleanInput(name);
  } catch {
    throw new EnvironmentError(`input "${name}" is "${core.getInput(name)}"; allowed: true, false`);
  }
}

/** A positive whole number, or `fallback` when the input is empty. */
export function getCountInput(name: string, fallback: number): number {
  const value = getOptionalInput(name);
  const count = value === undefined ? fallback : Number(value);
  if (!Number.isInteger(count) || count < 1) throw new EnvironmentError(`input "${name}" must be a positive whole number`);
  return count;
}

/** A comma-separated input as its non-empty items; undefined when the input is empty. */
export function getListInput(name: string): string[] | undefined {
  return getOptionalInput(name)?.split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The workflow's OIDC ID token for `audience` (needs `permissions: id-token: write`), masked:
 * what a github-oidc credential profile exchanges for an Entra token.
 */
export async function getIdToken(audience: string): Promise<string> {
  const token = await core.getIDToken(audience);
  core.setSecret(token);
  return token;
}

/** The library's Logger over @actions/core: masking goes through `core.setSecret`. */
export function createActionsLogger(): Logger {
  return {
    info: (m) => core.info(m),
    warn: (m) => core.warning(m),
    error: (m) => core.error(m),
    debug: (m) => core.debug(m),
    mask: (s) => core.setSecret(s),
  };
}

/** Findings become annotations on the PR diff. */
export function annotateFindings(findings: readonly Finding[]): void {
  for (const f of findings) {
    const props = { file: f.file, startLine: f.line, startColumn: f.col, title: 'tenantops' };
    if (f.severity === 'warning') core.warning(f.message, props);
    else core.error(f.message, props);
  }
}

export async function runAction(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ConfigurationError) annotateFindings(err.findings);
    core.setFailed(err instanceof Error ? err.message : String(err));
  }
}
