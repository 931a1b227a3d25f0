// What the emulators say about themselves (a crashed handler, a failed observer, a cluster's
// progress): three levels, so any logger with these methods can be passed in, and a default that
// writes warnings and errors to stderr.

export interface EmulatorLogger {
  debug(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** The default: debug lines dropped, warnings and errors on stderr. */
export const stderrLogger: EmulatorLogger = {
  debug: () => {},
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
  error: (message) => process.stderr.write(`error: ${message}\n`),
};
