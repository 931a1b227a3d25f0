// The operations file's JSON Schema, compiled once with the same ajv settings as the tenant and
// platform schemas (strict, all errors, defaults filled in), imported so bundles carry it.
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { createAjv } from '../config/index.ts';
import operationSchema from '../../operations/operation.schema.json' with { type: 'json' };

let cached: ValidateFunction | undefined;

export function getOperationValidator(): ValidateFunction {
  cached ??= createAjv().compile(operationSchema);
  return cached;
}

export const OPERATION_REQUIRED: readonly string[] = operationSchema.required;
