// Step outputs and the job summary (@actions/core's summary builder). Outputs are for ids, names
// and counts: a value that looks like a secret is refused here, whatever the caller meant.
import * as core from '@actions/core';
import { InternalError } from '../errors/index.ts';
import { findSecretLike } from '../registry/index.ts';

/** Sets each output; refuses (before setting any) a value that looks like a secret. */
export function setOutputs(outputs: Record<string, string | number | boolean>): void {
  const suspicious = findSecretLike(outputs, 'outputs');
  if (suspicious.length) throw new InternalError(`refusing to set step outputs: ${suspicious.join(', ')} look(s) like a secret`);
  for (const [name, value] of Object.entries(outputs)) core.setOutput(name, String(value));
}

/** Appends markdown to the job summary (a no-op outside GitHub Actions, where there is none). */
export async function writeJobSummary(markdown: string): Promise<void> {
  if (!process.env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown, true).write();
}
