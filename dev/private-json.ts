// The sandbox's files that hold its throwaway secrets (sandbox.json, the saved world): written to
// a temporary file and renamed, so a reader never sees half a document, and readable by the owner only.
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function writePrivateJson(file: string, value: unknown): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  await writeFile(tmp, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}
