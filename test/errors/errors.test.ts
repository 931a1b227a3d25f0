import { describe, expect, it } from 'vitest';
import { ConfigurationError, EnvironmentError, RemoteApiError, exitCodeFor, formatFinding } from '../../src/errors/index.ts';

describe('errors', () => {
  it('formats findings as file:line:col and sorts them', () => {
    const err = new ConfigurationError([
      { file: 'tenants/b.yaml', line: 2, col: 1, message: 'b' },
      { file: 'tenants/a.yaml', line: 9, col: 3, message: 'a' },
    ]);
    expect(err.message).toBe('tenants/a.yaml:9:3: a\ntenants/b.yaml:2:1: b');
    expect(formatFinding(err.findings[0])).toBe('tenants/a.yaml:9:3: a');
  });
  it('maps errors to exit codes', () => {
    expect(exitCodeFor(new ConfigurationError([]))).toBe(1);
    expect(exitCodeFor(new EnvironmentError('x'))).toBe(2);
    expect(exitCodeFor(new Error('x'))).toBe(3);
  });
  it('names tenant, step, call, status and request id of a remote failure', () => {
    const err = new RemoteApiError({ service: 'powerbi', call: 'POST /v1.0/myorg/groups', status: 429, code: 'TooManyRequests', requestId: 'r-1', tenant: 'acme', step: 'workspace' });
    expect(err.message).toBe('tenant acme, step workspace: powerbi POST /v1.0/myorg/groups failed with HTTP 429 TooManyRequests (request id r-1)');
  });
});
