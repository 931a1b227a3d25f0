// The logger the library writes through. Only src/github/ knows @actions/core; the CLI and the
// sandbox pass a console logger, the actions one that maps to core.info/warning/error/group.

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
  /** Registers a value that must never be printed; every later line has it replaced by `***`. */
  mask(secret: string): void;
}

/** A logger that writes to stderr/stdout and masks registered secrets itself. */
export function createConsoleLogger(options: { verbose?: boolean; stream?: NodeJS.WritableStream } = {}): Logger {
  const out = options.stream ?? process.stderr;
  const secrets = new Set<string>();
  const redact = (line: string) => {
    let text = line;
    for (const s of secrets) text = text.split(s).join('***');
    return text;
  };
  const write = (prefix: string, message: string) => out.write(redact(prefix + message) + '\n');
  return {
    info: (m) => write('', m),
    warn: (m) => write('warning: ', m),
    error: (m) => write('error: ', m),
    debug: (m) => {
      if (options.verbose) write('debug: ', m);
    },
    mask: (s) => {
      if (s.length >= 4) secrets.add(s);
    },
  };
}

/** A logger that keeps lines in memory; for tests. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const secrets = new Set<string>();
  const push = (level: string, m: string) => {
    let text = m;
    for (const s of secrets) text = text.split(s).join('***');
    lines.push(`${level}: ${text}`);
  };
  return {
    lines,
    info: (m) => push('info', m),
    warn: (m) => push('warn', m),
    error: (m) => push('error', m),
    debug: (m) => push('debug', m),
    mask: (s) => {
      if (s.length >= 4) secrets.add(s);
    },
  };
}

/**
 * Masks a connection URL's password in both forms a message may quote it: as written
 * (percent-encoded, inside the URL) and decoded. False when the value is not a URL.
 */
export function maskUrlPassword(url: string, log: Pick<Logger, 'mask'>): boolean {
  let password: string;
  try {
    password = new URL(url).password;
  } catch {
    return false;
  }
  if (password) {
    log.mask(password);
    log.mask(decodeURIComponent(password));
  }
  return true;
}
