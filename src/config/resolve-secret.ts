// The one way a secret NAME becomes its value: the environment variable of that name, which is how
// GitHub hands environment secrets to a step. A missing one is the operator's to fix (exit 2).

import { EnvironmentError } from '../errors/index.ts';
import * as msg from './messages.ts';

/**
 * The value of the secret `name`, read from `env`. Throws EnvironmentError naming the variable
 * (never a value) when it is unset or empty. `usedBy` says where the name came from, e.g.
 * `database.connectionSecret of tenants/gamma-skills.yaml`.
 */
export function resolveSecret(name: string, env: NodeJS.ProcessEnv = process.env, usedBy?: string): string {
  const value = Object.hasOwn(env, name) ? env[name] : undefined;
  if (value === undefined || value === '') throw new EnvironmentError(msg.secretNotSet(name, usedBy));
  return value;
}
