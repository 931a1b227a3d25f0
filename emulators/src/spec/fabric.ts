// The Fabric REST specs the emulator is checked against, and the short list of places where the
// service (as the recorded fabric-cicd trace shows it) differs from them. Every override says
// why, with the trace exchange that proves it (`#n` = index in fabric-trace/http_trace.json.gz).

import { join } from 'node:path';
import type { SpecOverride } from './overrides.ts';
import { loadOpenApiSpec, type OpenApiSpec } from './validator.ts';

/** The Fabric workloads the emulator serves, relative to `<specs>/fabric`. */
export const FABRIC_SPEC_FILES = [
  'platform/swagger.json',
  'semanticModel/swagger.json',
  'report/swagger.json',
  'lakehouse/swagger.json',
  'warehouse/swagger.json',
] as const;

/** .NET's round-trip format without a zone: `2026-06-25T11:15:43.5469603`. */
const SERVICE_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?(Z|[+-]\d{2}:\d{2})?$/i;

export const FABRIC_SPEC_OVERRIDES: readonly SpecOverride[] = [
  {
    kind: 'schema',
    target: 'platform/definitions/platform.json#/definitions/OperationState/properties/percentComplete',
    nullable: true,
    why: 'A running operation answers "percentComplete": null (trace #525, GET /v1/operations/{id} → Running).',
  },
  {
    kind: 'schema',
    target: 'platform/definitions/platform.json#/definitions/OperationState/properties/error',
    nullable: true,
    why: 'Running and succeeded operations answer "error": null (trace #525 and #610).',
  },
  {
    kind: 'format',
    format: 'date-time',
    pattern: SERVICE_DATE_TIME,
    why:
      'The service writes .NET round-trip times with seven fractional digits and no zone, e.g. ' +
      'createdTimeUtc "2026-06-25T11:15:43.5469603" (trace #525) and a warehouse createdDate ' +
      '"2026-06-25T11:15:54.1154393" (trace #5699); RFC 3339 requires a zone.',
  },
  {
    kind: 'schema',
    target: 'lakehouse/definitions.json#/definitions/SqlEndpointProperties/properties/id',
    nullable: true,
    why: 'While a new lakehouse\'s SQL endpoint provisions, reads answer "id": null with "provisioningStatus": "InProgress" (trace #2731).',
  },
  {
    kind: 'schema',
    target: 'lakehouse/definitions.json#/definitions/SqlEndpointProperties/properties/connectionString',
    nullable: true,
    why: 'Likewise "connectionString": null while the SQL endpoint is InProgress (trace #2731).',
  },
  {
    kind: 'schema',
    target: 'platform/definitions/platform.json#/definitions/CreateItemRequest/properties/folderId',
    replace: { type: 'string', pattern: '^(|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$' },
    why: 'fabric-cicd sends "folderId": "" for the workspace root and the service accepts it (trace #440, #1860: 202 and 201).',
  },
];

/** The Fabric specs (`<specsDir>/fabric`) with the overrides above. */
export function loadFabricSpec(specsDir: string, options: { overrides?: readonly SpecOverride[] } = {}): OpenApiSpec {
  return loadOpenApiSpec({
    root: join(specsDir, 'fabric'),
    files: FABRIC_SPEC_FILES,
    overrides: options.overrides ?? FABRIC_SPEC_OVERRIDES,
  });
}
