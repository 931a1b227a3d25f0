// fabric: the Fabric REST client (`/v1/...`) with its long-running-operation helper, item
// definitions from PBIP folders in git, and the resource for optional Fabric items.
export { createFabricClient, isNameInUse, ITEM_COLLECTIONS, type DefinitionPart, type FabricClient, type FabricItem, type FabricItemType, type ItemDefinition } from './client.ts';
export { awaitOperation, OperationTimeoutError, type LroOptions, type OperationState } from './lro.ts';
export { loadItemFolder, readParameters, writeParameters, type LoadedDefinition } from './definition.ts';
export { createOrRediscover, mayHaveSucceeded } from './adopt.ts';
export { isTokenExpiry, renewTokenOnExpiry } from './renew.ts';
export { fabricItemResource, type FabricItemActual, type FabricItemDesired, type FabricItemResourceOptions } from './item-resource.ts';
