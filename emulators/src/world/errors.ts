// The one error the world throws. Its codes are neutral facts ("not found", "not the owner");
// each emulator maps them onto its own service's status codes and envelopes, so the rules live
// here once while Power BI and Fabric keep their own wire vocabularies.

export type WorldErrorCode =
  | 'PrincipalNotFound'
  | 'ProfileNotFound'
  | 'ProfileNameInUse'
  | 'WorkspaceNotFound'
  | 'WorkspaceNameInUse'
  | 'WorkspaceLimitReached'
  | 'InsufficientAccess'
  | 'MemberNotFound'
  | 'MemberAlreadyExists'
  | 'CapacityNotFound'
  | 'ItemNotFound'
  | 'ItemDisplayNameAlreadyInUse'
  | 'ItemDisplayNameNotAvailableYet'
  | 'InvalidDefinition'
  | 'NotOwner'
  | 'ParameterNotFound'
  | 'InvalidParameterValue'
  | 'RefreshInProgress'
  | 'RefreshLimitReached'
  | 'GatewayNotFound'
  | 'DatasourceNotFound'
  | 'InvalidRequest';

/** A default HTTP status per code; emulators may answer differently where their service does. */
export const worldErrorStatus: Record<WorldErrorCode, number> = {
  PrincipalNotFound: 401,
  ProfileNotFound: 404,
  ProfileNameInUse: 409,
  WorkspaceNotFound: 404,
  WorkspaceNameInUse: 409,
  WorkspaceLimitReached: 403,
  InsufficientAccess: 403,
  MemberNotFound: 404,
  MemberAlreadyExists: 409,
  CapacityNotFound: 404,
  ItemNotFound: 404,
  ItemDisplayNameAlreadyInUse: 409,
  ItemDisplayNameNotAvailableYet: 409,
  InvalidDefinition: 400,
  NotOwner: 403,
  ParameterNotFound: 400,
  InvalidParameterValue: 400,
  RefreshInProgress: 409,
  RefreshLimitReached: 429,
  GatewayNotFound: 404,
  DatasourceNotFound: 404,
  InvalidRequest: 400,
};

export class WorldError extends Error {
  override name = 'WorldError';
  readonly code: WorldErrorCode;
  constructor(code: WorldErrorCode, message: string) {
    super(message);
    this.code = code;
  }
  get status(): number {
    return worldErrorStatus[this.code];
  }
}
