// Fabric's error envelope: `{ requestId, errorCode, message, moreDetails?, relatedResource?,
// isRetriable? }` with the code repeated in the `x-ms-public-api-error-code` header (trace #3518,
// a 400 from POST .../shortcuts), and the request id in the `RequestId` header. Handlers throw
// `FabricError`; a `WorldError` from the shared world is mapped onto Fabric's codes here.

import { EmulatorRequestError, type EmulatorRequest, type EmulatorResponse, type ErrorDetails, type Handler } from '../http/index.ts';
import { WorldError } from '../world/index.ts';

export interface ErrorDetail {
  errorCode: string;
  message: string;
  relatedResource?: { resourceId: string; resourceType: string };
}

export interface FabricErrorExtra {
  moreDetails?: ErrorDetail[];
  relatedResource?: { resourceId: string; resourceType: string };
  isRetriable?: boolean;
  retryAfter?: number;
}

/** An error answered in Fabric's envelope. */
export class FabricError extends EmulatorRequestError {
  override name = 'FabricError';
  readonly extra: FabricErrorExtra;
  constructor(status: number, errorCode: string, message: string, extra: FabricErrorExtra = {}) {
    super(status, errorCode, message, { retryAfter: extra.retryAfter });
    this.extra = extra;
  }
}

export function errorResponse(requestId: string, status: number, errorCode: string, message: string, extra: FabricErrorExtra = {}): EmulatorResponse {
  const headers: Record<string, string> = { 'x-ms-public-api-error-code': errorCode };
  if (extra.retryAfter !== undefined) headers['Retry-After'] = String(extra.retryAfter);
  return {
    status,
    headers,
    body: {
      requestId, errorCode, message,
      ...(extra.moreDetails ? { moreDetails: extra.moreDetails } : {}),
      ...(extra.relatedResource ? { relatedResource: extra.relatedResource } : {}),
      ...(extra.isRetriable !== undefined ? { isRetriable: extra.isRetriable } : {}),
    },
  };
}

/** The framework's errors (unknown route, 405, 429, injected faults) in Fabric's envelope. */
export function renderFrameworkError(e: ErrorDetails): EmulatorResponse {
  const retriable = e.status === 429 || e.status >= 500;
  return errorResponse(e.requestId, e.status, e.code, e.message, { isRetriable: retriable || undefined, retryAfter: e.retryAfter });
}

/** World rule violations as the Fabric service reports them. */
export function fromWorldError(e: WorldError): FabricError {
  switch (e.code) {
    case 'WorkspaceNotFound':
      return new FabricError(404, 'WorkspaceNotFound', e.message);
    case 'ItemNotFound':
      return new FabricError(404, 'ItemNotFound', 'The requested item was not found.');
    case 'ItemDisplayNameAlreadyInUse':
      return new FabricError(409, 'ItemDisplayNameAlreadyInUse', e.message, { isRetriable: false });
    case 'ItemDisplayNameNotAvailableYet':
      return new FabricError(409, 'ItemDisplayNameNotAvailableYet', e.message, { isRetriable: true });
    case 'WorkspaceNameInUse':
      return new FabricError(409, 'WorkspaceNameAlreadyExists', e.message);
    case 'InsufficientAccess':
      return new FabricError(403, 'InsufficientWorkspaceRole', e.message);
    case 'CapacityNotFound':
      return new FabricError(404, 'CapacityNotFound', e.message);
    case 'WorkspaceLimitReached':
      return new FabricError(403, 'WorkspacesLimitExceeded', e.message);
    case 'PrincipalNotFound':
      return new FabricError(401, 'Unauthorized', e.message);
    case 'InvalidDefinition':
      return new FabricError(400, 'InvalidDefinition', e.message);
    default:
      return new FabricError(e.status, e.code, e.message);
  }
}

/** Wraps a handler so `FabricError` and `WorldError` answer in Fabric's envelope. */
export function withErrors(handler: Handler): Handler {
  return async (req: EmulatorRequest) => {
    try {
      return await handler(req);
    } catch (e) {
      return toResponse(req, e);
    }
  };
}

function toResponse(req: EmulatorRequest, e: unknown): EmulatorResponse {
  if (e instanceof WorldError) e = fromWorldError(e);
  if (e instanceof FabricError) return errorResponse(req.requestId, e.status, e.code, e.message, e.extra);
  if (e instanceof EmulatorRequestError) return errorResponse(req.requestId, e.status, e.code, e.message, { retryAfter: e.retryAfter });
  throw e;
}

export const notFound = {
  item: () => new FabricError(404, 'ItemNotFound', 'The requested item was not found.'),
  operation: (id: string) => new FabricError(404, 'EntityNotFound', `The requested operation ${id} could not be found.`),
  folder: () => new FabricError(404, 'FolderNotFound', 'The requested folder was not found in the workspace.'),
};
