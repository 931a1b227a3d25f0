// The two JSON Schemas (draft 2020-12), compiled once in ajv's full strict mode. The schema files
// are the published contract editors use through the `# yaml-language-server: $schema=` line;
// they are imported, not read at run time, so the action bundles carry them.

import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import tenantSchema from '../../tenants/tenant.schema.json' with { type: 'json' };
import platformSchema from '../../platform.schema.json' with { type: 'json' };

export interface Validators {
  tenant: ValidateFunction;
  platform: ValidateFunction;
}

let cached: Validators | undefined;

/**
 * `allErrors` so one run reports every fault; `useDefaults` fills in documented defaults on the
 * data being validated; `verbose` hands each error its schema, which the messages need (allowed
 * keys, limits, patterns).
 */
export function createAjv(): Ajv2020 {
  return new Ajv2020({ strict: true, allErrors: true, useDefaults: true, verbose: true });
}

export function getValidators(): Validators {
  if (!cached) {
    const ajv = createAjv();
    cached = { tenant: ajv.compile(tenantSchema), platform: ajv.compile(platformSchema) };
  }
  return cached;
}

/** The schema documents themselves, for tests and for messages that list required keys. */
export const schemas = { tenant: tenantSchema as SchemaDoc, platform: platformSchema as SchemaDoc };

export interface SchemaDoc {
  $id: string;
  required: string[];
  properties: Record<string, unknown>;
  [key: string]: unknown;
}
