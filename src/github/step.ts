// The one step runner every action's main.ts goes through (codeql-action's runInActions): the
// inputs all three actions share, read once and typed; the body's outputs set and its job summary
// written; failures it reports raised after both, so a failed step still shows what it did.
import path from 'node:path';
import { ApplyError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { readGitHubRun } from './api.ts';
import { createActionsLogger, getBooleanInput, getChoiceInput, getOptionalInput, getRequiredInput, runAction } from './action.ts';
import { setOutputs, writeJobSummary } from './summary.ts';

export interface ActionStepSpec<Mode extends string, TenantRequired extends boolean> {
  /** What the `mode` input accepts; the first is its default. */
  modes: readonly [Mode, ...Mode[]];
  /** The `tenant` input must be given (dns runs for one tenant); default: empty means every tenant. */
  tenantRequired?: TenantRequired;
}

/** The inputs every action has (see any action.yml), plus who runs it and a logger. */
export interface ActionStepInputs<Mode extends string, TenantRequired extends boolean> {
  /** The folder of the `platform-config` input (default platform.yaml) in the workspace. */
  root: string;
  tenant: TenantRequired extends true ? string : string | undefined;
  mode: Mode;
  planHash: string | undefined;
  force: boolean;
  /** `github:<GITHUB_ACTOR>`. */
  actor: string;
  githubRun: string | undefined;
  /** The run's page, recorded with every deployment it applies. */
  githubRunUrl: string | undefined;
  log: Logger;
}

export interface ActionStepOutcome {
  /** Step outputs: ids, names and counts (a value that looks like a secret is refused). */
  outputs: Record<string, string | number | boolean>;
  /** Markdown for the job summary. */
  summary: string;
  /** What failed; the step fails with them once its outputs and summary are written. */
  failures?: readonly { key: string; error: Error }[];
}

export function readActionStepInputs<const Mode extends string, TenantRequired extends boolean = false>(spec: ActionStepSpec<Mode, TenantRequired>): ActionStepInputs<Mode, TenantRequired> {
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const run = readGitHubRun(process.env);
  return {
    root: path.dirname(path.resolve(workspace, getOptionalInput('platform-config') ?? 'platform.yaml')),
    tenant: (spec.tenantRequired ? getRequiredInput('tenant') : getOptionalInput('tenant')) as ActionStepInputs<Mode, TenantRequired>['tenant'],
    mode: getChoiceInput('mode', spec.modes, spec.modes[0]),
    planHash: getOptionalInput('plan-hash'),
    force: getBooleanInput('force'),
    actor: run?.actor ?? `github:${process.env.GITHUB_ACTOR ?? 'unknown'}`,
    githubRun: run?.runId ?? process.env.GITHUB_RUN_ID,
    githubRunUrl: run?.runUrl,
    log: createActionsLogger(),
  };
}

export async function runActionStep<const Mode extends string, TenantRequired extends boolean = false>(
  spec: ActionStepSpec<Mode, TenantRequired>,
  body: (inputs: ActionStepInputs<Mode, TenantRequired>) => Promise<ActionStepOutcome>,
): Promise<void> {
  await runAction(async () => {
    let outcome: ActionStepOutcome;
    try {
      outcome = await body(readActionStepInputs(spec));
    } catch (err) {
      // A refusal that carries its own summary (the new plan, how to accept it) shows it before failing.
      const summary = (err as { summary?: unknown } | null)?.summary;
      if (typeof summary === 'string') await writeJobSummary(summary);
      throw err;
    }
    setOutputs(outcome.outputs);
    await writeJobSummary(outcome.summary);
    if (outcome.failures?.length) throw new ApplyError([...outcome.failures]);
  });
}
