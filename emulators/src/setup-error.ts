// The machine cannot host an emulator as asked: binaries missing, a directory in the way, a
// cluster held by another live run. Kept apart from the errors an emulated service answers with,
// so a caller can tell "fix your machine" from "the service said no".

export class EmulatorSetupError extends Error {
  override name = 'EmulatorSetupError';
}
