// The two REST endpoints a step uses to start other runs, served on loopback by the in-memory
// host: repository_dispatch and workflow_dispatch. Requests need a token the host issued, as
// GitHub needs the run's GITHUB_TOKEN (or another token) for them.
// https://docs.github.com/en/rest/repos/repos#create-a-repository-dispatch-event
// https://docs.github.com/en/rest/actions/workflows#create-a-workflow-dispatch-event
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventSink } from './host.ts';

export interface DispatchApiOptions {
  repository: string;
  isToken(token: string): boolean;
  sink(): EventSink | undefined;
}

export interface DispatchApi {
  url: string;
  close(): Promise<void>;
}

export async function startDispatchApi(options: DispatchApiOptions): Promise<DispatchApi> {
  const server = http.createServer((req, res) => {
    handleRequest(options, req).then(
      ({ status, body }) => sendJson(res, status, body),
      (err: unknown) => sendJson(res, 500, { message: err instanceof Error ? err.message : String(err) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Reply { status: number; body?: unknown }

async function handleRequest(options: DispatchApiOptions, req: http.IncomingMessage): Promise<Reply> {
  const token = /^(?:bearer|token)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token || !options.isToken(token)) return { status: 401, body: { message: 'Bad credentials' } };
  const url = new URL(req.url ?? '/', 'http://localhost');
  const repoPrefix = `/repos/${options.repository}`;
  if (req.method !== 'POST' || !url.pathname.toLowerCase().startsWith(repoPrefix.toLowerCase())) return { status: 404, body: { message: 'Not Found' } };
  const route = url.pathname.slice(repoPrefix.length);
  const body = await readJson(req);
  const sink = options.sink();
  if (!sink) return { status: 503, body: { message: 'no runner attached to this host' } };

  if (route === '/dispatches') {
    if (typeof body.event_type !== 'string' || !body.event_type) return { status: 422, body: { message: 'event_type is required' } };
    return deliver(() => sink.dispatch({
      name: 'repository_dispatch',
      payload: { action: body.event_type, client_payload: body.client_payload ?? {} },
    }));
  }
  const workflow = /^\/actions\/workflows\/([^/]+)\/dispatches$/.exec(route)?.[1];
  if (workflow) {
    if (typeof body.ref !== 'string' || !body.ref) return { status: 422, body: { message: 'ref is required' } };
    return deliver(() => sink.dispatch({
      name: 'workflow_dispatch',
      workflow: decodeURIComponent(workflow),
      ref: body.ref as string,
      payload: { inputs: body.inputs ?? {} },
    }));
  }
  return { status: 404, body: { message: 'Not Found' } };
}

/** GitHub answers 204 once the event is accepted, 422 with the reason when the runner refuses it. */
async function deliver(dispatch: () => Promise<unknown>): Promise<Reply> {
  try {
    await dispatch();
    return { status: 204 };
  } catch (err) {
    return { status: 422, body: { message: err instanceof Error ? err.message : String(err) } };
  }
}

async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return {};
  const value: unknown = JSON.parse(text);
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
