// The loggers' masking, line by line: every registered secret is replaced wherever it appears,
// on every level, in every logger the library hands out; short values are not masked (they would
// blank out ordinary words), and nothing is printed that was not asked for.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createConsoleLogger, createMemoryLogger } from '../../src/log/index.ts';

function consoleLines(verbose = false) {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const log = createConsoleLogger({ verbose, stream });
  return { log, lines: () => text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== '') };
}

describe('the console logger', () => {
  it('writes each level with its prefix, one line each', () => {
    const { log, lines } = consoleLines();
    log.info('one');
    log.warn('two');
    log.error('three');
    log.debug('hidden');
    expect(lines()).toEqual(['one', 'warning: two', 'error: three']);
  });

  it('prints debug lines only when verbose', () => {
    const { log, lines } = consoleLines(true);
    log.debug('shown');
    expect(lines()).toEqual(['debug: shown']);
  });

  it('masks every registered secret, every occurrence, on every level, prefix included', () => {
    const { log, lines } = consoleLines(true);
    log.mask('s3cr3t-value');
    log.mask('other-secret');
    log.info('a s3cr3t-value and s3cr3t-value again');
    log.warn('other-secret');
    log.error('x other-secret y s3cr3t-value');
    log.debug('s3cr3t-value');
    expect(lines()).toEqual(['a *** and *** again', 'warning: ***', 'error: x *** y ***', 'debug: ***']);
  });

  it('masks values of four characters or more, and leaves shorter ones (they would blank words)', () => {
    const { log, lines } = consoleLines();
    log.mask('abc');
    log.mask('abcd');
    log.info('abc abcd');
    expect(lines()).toEqual(['abc ***']);
  });

  it('masks a secret registered after earlier lines in every later line', () => {
    const { log, lines } = consoleLines();
    log.info('before');
    log.mask('late-secret');
    log.info('late-secret');
    expect(lines()).toEqual(['before', '***']);
  });

  it('writes to stderr by default', () => {
    const write = process.stderr.write;
    const seen: string[] = [];
    process.stderr.write = ((chunk: string) => (seen.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      const log = createConsoleLogger();
      log.mask('to-stderr-secret');
      log.info('x to-stderr-secret');
    } finally {
      process.stderr.write = write;
    }
    expect(seen).toEqual(['x ***\n']);
  });
});

describe('the memory logger', () => {
  it('keeps every level, masked like the console', () => {
    const log = createMemoryLogger();
    log.mask('m3m0ry-secret');
    log.mask('no');
    log.info('i m3m0ry-secret');
    log.warn('w m3m0ry-secret m3m0ry-secret');
    log.error('e no');
    log.debug('d');
    expect(log.lines).toEqual(['info: i ***', 'warn: w *** ***', 'error: e no', 'debug: d']);
  });

  it('masks a value of exactly four characters (the shortest it masks)', () => {
    const log = createMemoryLogger();
    log.mask('abcd');
    log.info('x abcd');
    expect(log.lines).toEqual(['info: x ***']);
  });
});

describe('maskConnectionString', () => {
  it("masks a URL's password as written and decoded, and a string that is not a URL whole", async () => {
    const { maskConnectionString } = await import('../../src/run/index.ts');
    const log = createMemoryLogger();
    const url = 'postgres://admin:p%40ss%2Fw0rd-synthetic@db.example:5432/tenants';
    maskConnectionString(url, log);
    maskConnectionString('host=db.example password=kv-synthetic-secret', log);
    maskConnectionString('postgres://nopassword@db.example/tenants', log);
    log.info(`cannot reach ${url}`);
    log.info('the password p@ss/w0rd-synthetic was refused');
    log.info('connecting with host=db.example password=kv-synthetic-secret');
    log.info('user nopassword at db.example/tenants');
    // A URL without a password carries no secret: it stays readable.
    log.info('connecting to postgres://nopassword@db.example/tenants');
    expect(log.lines).toEqual([
      'info: cannot reach postgres://admin:***@db.example:5432/tenants',
      'info: the password *** was refused',
      'info: connecting with ***',
      'info: user nopassword at db.example/tenants',
      'info: connecting to postgres://nopassword@db.example/tenants',
    ]);
  });
});
