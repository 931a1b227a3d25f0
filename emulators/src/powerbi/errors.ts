// Power BI's two error envelopes and the mapping of the world's neutral errors onto them.
// The service answers some failures as `{"error":{"code","message"}}` and others (entity and
// authorization failures from the backend) as `{"error":{"code","pbi.error":{...}}}` with no
// message; which one a code uses is data here, so handlers only throw.

import { EmulatorRequestError, type EmulatorResponse, type ErrorDetails } from '../http/index.ts';
import { WorldError } from '../world/index.ts';

/** Codes the service sends in the `pbi.error` form (no top-level `message`). */
const PBI_ERROR_CODES = new Set([
  'PowerBIEntityNotFound', 'PowerBINotAuthorizedException', 'PowerBIEntityAlreadyExists', 'PowerBIProfileNotFound',
  'AddingAlreadyExistsGroupUserNotSupportedError', 'DMTS_DatasourceNotFoundError', 'DatasetExecuteQueriesError',
]);

export function renderPowerBiError(e: ErrorDetails): EmulatorResponse {
  const headers: Record<string, string> = {};
  if (e.retryAfter !== undefined) headers['Retry-After'] = String(e.retryAfter);
  if (e.status === 401) headers['WWW-Authenticate'] = 'Bearer authorization_uri=https://login.windows.net/common/oauth2/authorize, error="invalid_token"';
  if (PBI_ERROR_CODES.has(e.code)) {
    return {
      status: e.status, headers,
      body: { error: { code: e.code, 'pbi.error': { code: e.code, parameters: {}, details: [{ code: 'DetailsMessage', detail: { type: 1, value: e.message } }], exceptionCulprit: 1 } } },
    };
  }
  return { status: e.status, headers, body: { error: { code: e.code, message: e.message } } };
}

/** What the world said, in the words of a Power BI operation (`what` names the entity, e.g. `Dataset`). */
export function toPowerBiError(e: WorldError, what: 'Dataset' | 'Report' | 'Group' | 'Dataflow' | 'Import' | 'Profile' | 'Datasource', id?: string): EmulatorRequestError {
  switch (e.code) {
    case 'WorkspaceNotFound':
    case 'ProfileNotFound':
    case 'CapacityNotFound':
    case 'MemberNotFound':
      return new EmulatorRequestError(404, 'PowerBIEntityNotFound', e.message);
    case 'ItemNotFound':
      return what === 'Dataset'
        ? new EmulatorRequestError(404, 'ItemNotFound', `Dataset ${id ?? ''} is not found! please verify datasetId is correct and user have sufficient permissions.`)
        : new EmulatorRequestError(404, 'PowerBIEntityNotFound', e.message);
    case 'InsufficientAccess':
    case 'PrincipalNotFound':
      return new EmulatorRequestError(401, 'PowerBINotAuthorizedException', e.message);
    case 'NotOwner':
      return what === 'Datasource'
        ? new EmulatorRequestError(401, 'PowerBINotAuthorizedException', e.message)
        : new EmulatorRequestError(400, 'InvalidRequest', 'This operation is only supported for the dataset owner');
    case 'WorkspaceNameInUse':
    case 'ProfileNameInUse':
      return new EmulatorRequestError(409, 'PowerBIEntityAlreadyExists', e.message);
    case 'MemberAlreadyExists':
      return new EmulatorRequestError(400, 'AddingAlreadyExistsGroupUserNotSupportedError', e.message);
    case 'WorkspaceLimitReached':
      return new EmulatorRequestError(403, 'WorkspaceLimitExceeded', e.message);
    case 'RefreshInProgress':
      return new EmulatorRequestError(400, 'InvalidRequest', 'Invalid dataset refresh request. Another refresh request is already executing');
    case 'RefreshLimitReached':
      return new EmulatorRequestError(400, 'InvalidRequest', `Invalid dataset refresh request. ${e.message}`);
    case 'GatewayNotFound':
    case 'DatasourceNotFound':
      return new EmulatorRequestError(404, 'DMTS_DatasourceNotFoundError', e.message);
    default:
      return new EmulatorRequestError(e.status >= 400 && e.status < 500 ? 400 : e.status, 'InvalidRequest', e.message);
  }
}

/** Runs `fn`, turning a WorldError into the operation's Power BI error. */
export function inPowerBiTerms<T>(what: Parameters<typeof toPowerBiError>[1], id: string | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof WorldError) throw toPowerBiError(e, what, id);
    throw e;
  }
}

export function badRequest(message: string, code = 'InvalidRequest'): EmulatorRequestError {
  return new EmulatorRequestError(400, code, message);
}
