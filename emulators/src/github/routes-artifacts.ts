// Workflow artifacts over REST: listed for a run or a repository (with `name`), read, and
// downloaded as GitHub does it — `GET .../artifacts/{id}/zip` answers 302 with a `Location` that
// works for one minute without credentials, where the zip's bytes are served. Uploads are not
// REST: the runner's upload-artifact stand-in stores them in-process (`storeArtifact`).
// https://docs.github.com/en/rest/actions/artifacts

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { EmulatorResponse, Route } from '../http/index.ts';
import { GithubError, notFound } from './errors.ts';
import type { ArtifactRecord, GithubStore, RepoRecord } from './model.ts';
import { renderArtifact } from './render-actions.ts';
import { idParam, ok, type Call, type GithubRoute } from './routing.ts';

/** "This URL expires after 1 minute." */
export const DOWNLOAD_URL_TTL_MS = 60_000;

const BLOB_PATH = '/_blobs/artifacts';

export interface ArtifactRoutes {
  routes: GithubRoute[];
  /** The credential-free download the redirect points at (the blob store of the real service). */
  blob: Route;
}

export function artifactRoutes(store: GithubStore): ArtifactRoutes {
  const key = randomBytes(32);
  const sign = (id: number, expires: number) => createHmac('sha256', key).update(`${id}:${expires}`).digest('base64url');
  const artifactOf = (call: Call): ArtifactRecord => {
    const artifact = call.repo.artifacts.get(idParam(call, 'artifact_id'));
    if (!artifact) throw notFound();
    return artifact;
  };
  const list = (call: Call, all: ArtifactRecord[]) => {
    const named = call.req.query.name === undefined ? all : all.filter((a) => a.name === call.req.query.name);
    const page = call.page(named.sort((a, b) => b.id - a.id));
    return ok({ total_count: named.length, artifacts: page.items.map((a) => renderArtifact(call.site, call.repo, a)) }, 200, page.headers);
  };
  const find = (id: number): { repo: RepoRecord; artifact: ArtifactRecord } | undefined => {
    for (const repo of store.repos.values()) {
      const artifact = repo.artifacts.get(id);
      if (artifact) return { repo, artifact };
    }
    return undefined;
  };

  return {
    routes: [
      {
        name: 'artifacts.listForRun', method: 'GET', path: '/repos/{owner}/{repo}/actions/runs/{run_id}/artifacts', paged: true,
        handler(call) {
          const runId = idParam(call, 'run_id');
          if (!call.repo.runs.has(runId)) throw notFound();
          return list(call, [...call.repo.artifacts.values()].filter((a) => a.runId === runId));
        },
      },
      { name: 'artifacts.list', method: 'GET', path: '/repos/{owner}/{repo}/actions/artifacts', paged: true, handler: (call) => list(call, [...call.repo.artifacts.values()]) },
      { name: 'artifacts.get', method: 'GET', path: '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}', handler: (call) => ok(renderArtifact(call.site, call.repo, artifactOf(call))) },
      {
        name: 'artifacts.download', method: 'GET', path: '/repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}',
        handler(call) {
          const artifact = artifactOf(call);
          // "The :archive_format must be zip"; GitHub answers any other as an unknown route.
          if (call.req.params.archive_format !== 'zip') throw notFound();
          if (artifact.expiresAt <= store.now()) throw new GithubError(410, 'Artifact has expired');
          const expires = store.now() + DOWNLOAD_URL_TTL_MS;
          return { status: 302, headers: { Location: `${call.req.origin}${BLOB_PATH}/${artifact.id}.zip?expires=${expires}&sig=${sign(artifact.id, expires)}` } };
        },
      },
    ],
    blob: {
      name: 'artifacts.blob', method: 'GET', path: `${BLOB_PATH}/{file}`, anonymous: true,
      handler(req): EmulatorResponse {
        const id = Number(/^(\d+)\.zip$/.exec(req.params.file)?.[1]);
        const expires = Number(req.query.expires);
        const given = Buffer.from(req.query.sig ?? '');
        const wanted = Buffer.from(Number.isFinite(id) && Number.isFinite(expires) ? sign(id, expires) : '');
        const found = find(id);
        // The storage service's refusal is XML, not GitHub's JSON.
        if (!found || given.length !== wanted.length || !timingSafeEqual(given, wanted) || expires < store.now()) {
          return { status: 403, headers: { 'Content-Type': 'application/xml' }, body: '<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>The signature is invalid or has expired.</Message></Error>' };
        }
        const { artifact } = found;
        return {
          status: 200,
          headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename=${artifact.name}.zip; filename*=UTF-8''${encodeURIComponent(artifact.name)}.zip` },
          body: artifact.zip,
        };
      },
    },
  };
}
