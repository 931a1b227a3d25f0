// The blob container exports go to, through @azure/storage-blob (the sandbox's is azurite). Only
// the calls offboarding needs: upload a stream, read a blob back, list what is there.
import { Readable } from 'node:stream';
import { BlobServiceClient, RestError } from '@azure/storage-blob';
import { RemoteApiError } from '../errors/index.ts';

export interface BlobContainer {
  /** `<account url>/<container>`: where the blobs are, without any credential. */
  readonly url: string;
  readonly name: string;
  /** Creates the container when it is missing. */
  ensure(): Promise<void>;
  /** Uploads `data` (streamed) as `blob`; returns its size in bytes. */
  upload(blob: string, data: AsyncIterable<Buffer>, contentType?: string): Promise<number>;
  download(blob: string): Promise<Buffer>;
  list(prefix: string): Promise<string[]>;
}

export interface BlobCallContext {
  tenant: string;
  step: string;
}

/** The container `name` of the account a connection string names (a secret: never logged). */
export function openBlobContainer(connectionString: string, name: string, context: BlobCallContext): BlobContainer {
  const service = BlobServiceClient.fromConnectionString(connectionString);
  const container = service.getContainerClient(name);
  const url = container.url;
  const wrap = async <T>(call: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw blobError(err, call, context);
    }
  };
  return {
    url,
    name,
    ensure: () => wrap(`PUT ${name}?restype=container`, async () => void (await container.createIfNotExists())),
    upload: (blob, data, contentType = 'application/octet-stream') =>
      wrap(`PUT ${name}/${blob}`, async () => {
        let bytes = 0;
        const counted = Readable.from(
          (async function* () {
            for await (const chunk of data) {
              bytes += chunk.length;
              yield chunk;
            }
          })(),
        );
        await container.getBlockBlobClient(blob).uploadStream(counted, 4 * 1024 * 1024, 4, { blobHTTPHeaders: { blobContentType: contentType } });
        return bytes;
      }),
    download: (blob) => wrap(`GET ${name}/${blob}`, () => container.getBlobClient(blob).downloadToBuffer()),
    list: (prefix) =>
      wrap(`GET ${name}?restype=container&comp=list`, async () => {
        const names: string[] = [];
        for await (const item of container.listBlobsFlat({ prefix })) names.push(item.name);
        return names;
      }),
  };
}

function blobError(err: unknown, call: string, context: BlobCallContext): Error {
  const rest = err instanceof RestError ? err : undefined;
  const status = rest?.statusCode;
  const requestId = rest?.response?.headers.get('x-ms-request-id') ?? undefined;
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  return new RemoteApiError({ service: 'blob', call, status, code: rest?.code, requestId, tenant: context.tenant, step: context.step }, message);
}
