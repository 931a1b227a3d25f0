// dispatchWorkflow against a small GitHub REST server on loopback: a dispatch whose connection is
// reset before any answer is sent once more and arrives once; an answered failure is not repeated.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOctokit, dispatchWorkflow } from '../../src/github/index.ts';

const repo = { owner: 'o', repo: 'r' };
let server: Server;
let baseUrl = '';
/** What the next POSTs get: `reset` closes the connection unanswered. */
let answers: ('reset' | number)[] = [];
let delivered: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const answer = answers.shift() ?? 204;
      if (answer === 'reset') return req.socket.destroy();
      if (answer === 204) delivered.push(JSON.parse(body));
      res.writeHead(answer, { 'content-type': 'application/json' }).end(answer === 204 ? '' : JSON.stringify({ message: 'Unexpected inputs provided' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  answers = [];
  delivered = [];
});

describe('dispatchWorkflow', () => {
  it('sends a dispatch whose connection was reset before any answer once more: it arrives once', async () => {
    answers = ['reset'];
    await dispatchWorkflow(createOctokit({ token: 't', baseUrl }), repo, 'tenant-provision.yml', 'main', { tenant: 'acme-training' });
    expect(delivered).toEqual([{ ref: 'main', inputs: { tenant: 'acme-training' } }]);
  });

  it('does not repeat a dispatch GitHub answered, nor one reset twice', async () => {
    answers = [422];
    await expect(dispatchWorkflow(createOctokit({ token: 't', baseUrl }), repo, 'tenant-provision.yml', 'main', { x: '1' })).rejects.toMatchObject({ status: 422 });
    answers = ['reset', 'reset'];
    await expect(dispatchWorkflow(createOctokit({ token: 't', baseUrl }), repo, 'tenant-provision.yml', 'main', { x: '1' })).rejects.toThrow();
    expect(delivered).toEqual([]);
    expect(answers).toEqual([]);
  });
});
