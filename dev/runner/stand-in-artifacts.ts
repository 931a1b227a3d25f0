// Stand-ins for actions/upload-artifact and actions/download-artifact (v4 semantics): files go to
// and come from the GitHubHost's artifacts of the run. Upload keeps paths relative to the least
// common ancestor of the search paths, skips hidden files unless asked, and follows
// `if-no-files-found`; a name can be uploaded once per run. Retention, compression and
// `overwrite` are not reproduced.
// https://github.com/actions/upload-artifact#usage
// https://github.com/actions/download-artifact#usage
import { createHash } from 'node:crypto';
import { existsSync, globSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ArtifactFile } from './host.ts';
import type { StepCall, StepResult } from './step-context.ts';

export async function uploadArtifactStandIn(call: StepCall): Promise<StepResult> {
  const { machine } = call;
  const name = call.inputs.name || 'artifact';
  const lines = (call.inputs.path ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  if (!lines.length) {
    call.annotate({ level: 'error', message: 'Input required and not supplied: path' });
    return { outcome: 'failure' };
  }
  const includeHidden = call.inputs['include-hidden-files'] === 'true';
  const searchPaths = lines.filter((l) => !l.startsWith('!')).map((l) => path.resolve(machine.workspace, l));
  const excluded = new Set(lines.filter((l) => l.startsWith('!')).flatMap((l) => expand(path.resolve(machine.workspace, l.slice(1)))));
  const files = [...new Set(searchPaths.flatMap(expand))]
    .filter((f) => !excluded.has(f) && (includeHidden || !path.relative(machine.workspace, f).split(path.sep).some((s) => s.startsWith('.'))))
    .sort();
  if (!files.length) {
    const mode = call.inputs['if-no-files-found'] || 'warn';
    const message = `No files were found with the provided path: ${lines.join(', ')}. No artifacts will be uploaded.`;
    if (mode === 'error') {
      call.annotate({ level: 'error', message });
      return { outcome: 'failure' };
    }
    if (mode === 'warn') call.annotate({ level: 'warning', message });
    else call.onLine(message);
    return { outcome: 'success' };
  }
  const root = commonAncestor(searchPaths.map(literalPrefix));
  const content: ArtifactFile[] = files.map((f) => ({ path: path.relative(root, f).split(path.sep).join('/'), content: readFileSync(f) }));
  try {
    const artifact = await machine.host.uploadArtifact(machine.runId, name, content);
    const digest = createHash('sha256');
    for (const f of content) digest.update(f.path).update(f.content);
    call.onLine(`Artifact ${name} (${content.length} file(s), ${artifact.size} bytes) uploaded, id ${artifact.id}`);
    return {
      outcome: 'success',
      outputs: {
        'artifact-id': String(artifact.id),
        'artifact-url': `${machine.host.serverUrl}/${machine.host.repository}/actions/runs/${machine.runId}/artifacts/${artifact.id}`,
        'artifact-digest': digest.digest('hex'),
      },
    };
  } catch (err) {
    call.annotate({ level: 'error', message: err instanceof Error ? err.message : String(err) });
    return { outcome: 'failure' };
  }
}

export async function downloadArtifactStandIn(call: StepCall): Promise<StepResult> {
  const { machine } = call;
  const runId = call.inputs['run-id'] ? Number(call.inputs['run-id']) : machine.runId;
  const target = path.resolve(machine.workspace, call.inputs.path || '.');
  const name = call.inputs.name;
  const names = name ? [name] : (await machine.host.listArtifacts(runId)).map((a) => a.name);
  const merge = !name && call.inputs['merge-multiple'] === 'true';
  for (const each of names) {
    const artifact = await machine.host.downloadArtifact(runId, each);
    if (!artifact) {
      call.annotate({ level: 'error', message: `Unable to download artifact(s): Artifact not found for name: ${each}` });
      return { outcome: 'failure' };
    }
    // One artifact by name lands in `path`; every artifact lands in `path/<name>` unless merged.
    const dir = name || merge ? target : path.join(target, each);
    for (const file of artifact.files) {
      const out = path.join(dir, file.path);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, file.content);
    }
    call.onLine(`Artifact ${each} (${artifact.files.length} file(s)) downloaded to ${dir}`);
  }
  return { outcome: 'success', outputs: { 'download-path': target } };
}

/** Files a search path names: the file, every file under a folder, or what a glob matches. */
function expand(searchPath: string): string[] {
  if (existsSync(searchPath)) {
    if (statSync(searchPath).isFile()) return [searchPath];
    return globSync('**/*', { cwd: searchPath }).map((f) => path.join(searchPath, f)).filter((f) => statSync(f).isFile());
  }
  return globSync(searchPath).flatMap((f) => (statSync(f).isFile() ? [f] : expand(f)));
}

/** The folder part of a search path before any wildcard; a file's folder. */
function literalPrefix(searchPath: string): string {
  const parts = searchPath.split(path.sep);
  const wild = parts.findIndex((p) => /[*?[\]{}]/.test(p));
  const literal = wild < 0 ? searchPath : parts.slice(0, wild).join(path.sep) || path.sep;
  return existsSync(literal) && statSync(literal).isFile() ? path.dirname(literal) : literal;
}

function commonAncestor(dirs: string[]): string {
  const split = dirs.map((d) => d.split(path.sep));
  const first = split[0];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep) || path.sep;
}
