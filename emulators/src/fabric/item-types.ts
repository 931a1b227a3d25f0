// What the emulator knows per item type: whether its create answers 201 or 202 (as the trace
// shows each type doing), which typed collection serves it, whether it carries a definition, and
// the SQL endpoint some types bring along.

/** The `ItemType` enum of common/definitions.json ("additional item types may be added over time"). */
export const KNOWN_ITEM_TYPES = [
  'Dashboard', 'Report', 'SemanticModel', 'PaginatedReport', 'Datamart', 'Lakehouse', 'Eventhouse', 'Environment', 'KQLDatabase',
  'KQLQueryset', 'KQLDashboard', 'DataPipeline', 'Notebook', 'SparkJobDefinition', 'MLExperiment', 'MLModel', 'Warehouse', 'Eventstream',
  'SQLEndpoint', 'MirroredWarehouse', 'MirroredDatabase', 'Reflex', 'GraphQLApi', 'MountedDataFactory', 'SQLDatabase', 'CopyJob',
  'VariableLibrary', 'Dataflow', 'ApacheAirflowJob', 'WarehouseSnapshot', 'DigitalTwinBuilder', 'DigitalTwinBuilderFlow',
  'MirroredAzureDatabricksCatalog', 'Map', 'AnomalyDetector', 'UserDataFunction', 'GraphModel', 'GraphQuerySet', 'SnowflakeDatabase',
  'OperationsAgent', 'CosmosDBDatabase', 'Ontology', 'EventSchemaSet', 'DataAgent', 'MirroredCatalog', 'AppBackend', 'OrgApp',
  'OrgAppAudience', 'DataBuildToolJob', 'AzureDatabricksStorage', 'Plan',
] as const;

/**
 * Types whose create answered 201 in the trace: the service does the work inside the call.
 * Every other type answers 202 and runs an operation (VariableLibrary, Warehouse, SQLDatabase,
 * Environment, Eventhouse, SparkJobDefinition, Notebook, SemanticModel, Report, KQLDatabase,
 * Eventstream, MLExperiment, Ontology and Map did in the trace; untraced types are assumed to).
 */
const SYNC_CREATE = new Set(['Lakehouse', 'MirroredDatabase', 'PaginatedReport', 'DataBuildToolJob', 'KQLQueryset', 'Reflex', 'Dataflow', 'DataPipeline']);

/** Types the service gives an SQL endpoint item of the same name (the trace's item lists show them). */
const WITH_SQL_ENDPOINT = new Set(['Lakehouse', 'MirroredDatabase', 'SQLDatabase']);

/** Types whose definition goes through an operation (202) on getDefinition / updateDefinition. */
const ASYNC_DEFINITION = new Set(['SemanticModel', 'Report']);

/** Types that cannot be created without a definition (their typed create requests require one). */
const DEFINITION_REQUIRED = new Set(['SemanticModel', 'Report']);

/** Types created without a definition that still have no definition API (getDefinition refuses). */
const NO_DEFINITION = new Set(['Warehouse', 'SQLEndpoint', 'MLExperiment', 'MLModel', 'Dashboard', 'Datamart', 'MirroredWarehouse', 'SQLDatabase']);

export function isKnownItemType(type: string): boolean {
  return (KNOWN_ITEM_TYPES as readonly string[]).includes(type);
}

/** The canonical spelling of a type name given in any case, or undefined. */
export function canonicalItemType(type: string): string | undefined {
  return KNOWN_ITEM_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
}

export const createsSynchronously = (type: string) => SYNC_CREATE.has(type);
export const hasSqlEndpoint = (type: string) => WITH_SQL_ENDPOINT.has(type);
export const definitionIsAsync = (type: string) => ASYNC_DEFINITION.has(type);
export const definitionRequired = (type: string) => DEFINITION_REQUIRED.has(type);
export const hasNoDefinitionApi = (type: string) => NO_DEFINITION.has(type);

/**
 * A typed collection (`/v1/workspaces/{id}/<segment>`): the four workloads whose specs we hold,
 * and the typed reads the trace makes of other types (fabric-cicd polls them after creating).
 * `operations` lists what the collection serves.
 */
export interface TypedCollection {
  segment: string;
  type: string;
  operations: readonly ('list' | 'create' | 'get' | 'update' | 'delete' | 'getDefinition' | 'updateDefinition')[];
}

const FULL = ['list', 'create', 'get', 'update', 'delete', 'getDefinition', 'updateDefinition'] as const;

export const TYPED_COLLECTIONS: readonly TypedCollection[] = [
  { segment: 'semanticModels', type: 'SemanticModel', operations: FULL },
  { segment: 'reports', type: 'Report', operations: FULL },
  { segment: 'lakehouses', type: 'Lakehouse', operations: FULL },
  { segment: 'warehouses', type: 'Warehouse', operations: ['list', 'create', 'get', 'update', 'delete'] },
  // Typed reads the trace makes (no spec among ours; witnessed by the replay only).
  { segment: 'sqlDatabases', type: 'SQLDatabase', operations: ['get'] },
  { segment: 'eventhouses', type: 'Eventhouse', operations: ['get'] },
  { segment: 'kqlDatabases', type: 'KQLDatabase', operations: ['get'] },
  { segment: 'mirroredDatabases', type: 'MirroredDatabase', operations: ['get'] },
  { segment: 'variableLibraries', type: 'VariableLibrary', operations: ['get', 'update'] },
  { segment: 'environments', type: 'Environment', operations: ['list', 'get'] },
];
