// Opening and closing a run, the one way every command, action step and the sandbox does it:
// load the repository's inputs (a bad file is a ConfigurationError carrying every finding),
// create the run's services, hand both to the body, and close the services whatever happens.
import { ConfigurationError } from '../errors/index.ts';
import type { Logger } from '../log/index.ts';
import { loadInputs, type Inputs, type LoadInputsOptions } from './inputs.ts';
import { runOnNamedSandbox } from './sandbox-target.ts';
import { createServices, type CreateServicesOptions, type Services } from './services.ts';

export interface Run {
  readonly inputs: Inputs;
  /** Created lazily: a run that only reads its inputs contacts nothing. */
  readonly services: Services;
  readonly log: Logger;
}

/** The services' options; platform and root come from the run's inputs. */
export type WithRunOptions = Omit<CreateServicesOptions, 'platform' | 'root'>;

/** The repository's inputs, or a ConfigurationError with every finding of every file. */
export async function loadValidInputs(root: string, options: LoadInputsOptions = {}): Promise<Inputs> {
  const { inputs, findings } = await loadInputs(root, options);
  if (!inputs) throw new ConfigurationError(findings);
  return inputs;
}

/**
 * Runs `body` with the inputs of `from` (a repository root, or inputs already loaded, e.g. with
 * the sandbox's platform in place of platform.yaml's) and services over them, then closes them.
 * TENANTOPS_SANDBOX in the environment points the run at that sandbox (sandbox-target.ts).
 */
export async function withRun<T>(from: string | Inputs, given: WithRunOptions, body: (run: Run) => Promise<T>): Promise<T> {
  const { inputs, options } = await runOnNamedSandbox(typeof from === 'string' ? await loadValidInputs(from) : from, given);
  const services = createServices({ ...options, platform: inputs.platform, root: inputs.root });
  try {
    return await body({ inputs, services, log: options.log });
  } finally {
    await services.close();
  }
}
