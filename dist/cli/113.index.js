export const id = 113;
export const ids = [113];
export const modules = {

/***/ 56113:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  exportTenant: () => (/* binding */ exportTenant),
  offboardingSettings: () => (/* binding */ offboardingSettings)
});

// UNUSED EXPORTS: EXPORT_MANIFEST_VERSION

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 153 modules
var esm = __webpack_require__(70728);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
;// CONCATENATED MODULE: ./src/blob/store.ts
// The blob container exports go to, through @azure/storage-blob (the sandbox's is azurite). Only
// the calls offboarding needs: upload a stream, read a blob back, list what is there.



/** The container `name` of the account a connection string names (a secret: never logged). */
function openBlobContainer(connectionString, name, context) {
    const service = esm/* BlobServiceClient */.wS.fromConnectionString(connectionString);
    const container = service.getContainerClient(name);
    const url = container.url;
    const wrap = async (call, fn) => {
        try {
            return await fn();
        }
        catch (err) {
            throw blobError(err, call, context);
        }
    };
    return {
        url,
        name,
        ensure: () => wrap(`PUT ${name}?restype=container`, async () => void (await container.createIfNotExists())),
        upload: (blob, data, contentType = 'application/octet-stream') => wrap(`PUT ${name}/${blob}`, async () => {
            let bytes = 0;
            const counted = external_node_stream_.Readable.from((async function* () {
                for await (const chunk of data) {
                    bytes += chunk.length;
                    yield chunk;
                }
            })());
            await container.getBlockBlobClient(blob).uploadStream(counted, 4 * 1024 * 1024, 4, { blobHTTPHeaders: { blobContentType: contentType } });
            return bytes;
        }),
        download: (blob) => wrap(`GET ${name}/${blob}`, () => container.getBlobClient(blob).downloadToBuffer()),
        list: (prefix) => wrap(`GET ${name}?restype=container&comp=list`, async () => {
            const names = [];
            for await (const item of container.listBlobsFlat({ prefix }))
                names.push(item.name);
            return names;
        }),
    };
}
function blobError(err, call, context) {
    const rest = err instanceof esm/* RestError */.pj ? err : undefined;
    const status = rest?.statusCode;
    const requestId = rest?.response?.headers.get('x-ms-request-id') ?? undefined;
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    return new errors/* RemoteApiError */.F4({ service: 'blob', call, status, code: rest?.code, requestId, tenant: context.tenant, step: context.step }, message);
}

;// CONCATENATED MODULE: ./src/blob/sealed.ts
// Exports at rest: AES-256-GCM over a stream, so a tenant's tables are encrypted as they are read
// and never held whole in memory. One blob is
//
//   "TOX1" | key id length (1 byte) | key id | IV (12 bytes) | ciphertext | GCM tag (16 bytes)
//
// and its name is the additional authenticated data: a blob copied under another name (another
// table, another tenant's export) fails to open instead of passing for it.


const MAGIC = Buffer.from('TOX1');
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** `source` encrypted under `key` for the blob `name`, chunk by chunk. */
async function* sealStream(key, name, source) {
    const iv = (0,external_node_crypto_.randomBytes)(IV_BYTES);
    const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(name));
    const id = Buffer.from(key.id);
    yield Buffer.concat([MAGIC, Buffer.from([id.length]), id, iv]);
    for await (const chunk of source) {
        const out = cipher.update(chunk);
        if (out.length)
            yield out;
    }
    const last = cipher.final();
    yield Buffer.concat([last, cipher.getAuthTag()]);
}
/** The plaintext of a sealed blob; throws when the key, the name or a single byte is wrong. */
function openSealed(keys, name, blob) {
    if (blob.length < MAGIC.length + 1 || !blob.subarray(0, MAGIC.length).equals(MAGIC))
        throw new EnvironmentError(`${name} is not a sealed tenantops export`);
    const idLength = blob[MAGIC.length];
    const idEnd = MAGIC.length + 1 + idLength;
    const id = blob.subarray(MAGIC.length + 1, idEnd).toString();
    const key = 'key' in keys ? (keys.id === id ? keys : undefined) : keys.get(id);
    if (!key)
        throw new EnvironmentError(`${name} is sealed under key "${id}", which is not the key given`);
    const iv = blob.subarray(idEnd, idEnd + IV_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', key.key, iv);
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(blob.subarray(blob.length - TAG_BYTES));
    try {
        return Buffer.concat([decipher.update(blob.subarray(idEnd + IV_BYTES, blob.length - TAG_BYTES)), decipher.final()]);
    }
    catch {
        throw new EnvironmentError(`${name} does not open under key "${id}": it was altered, renamed or sealed under another key with that id`);
    }
}

;// CONCATENATED MODULE: ./src/blob/index.ts
// blob: where offboarded tenants' exports go. The Azure Blob Storage container (through
// @azure/storage-blob) and the AES-256-GCM sealing of what is uploaded there.



// EXTERNAL MODULE: ./src/config/index.ts + 14 modules
var config = __webpack_require__(46932);
// EXTERNAL MODULE: ./src/db/index.ts + 29 modules
var db = __webpack_require__(40919);
// EXTERNAL MODULE: ./src/plan/index.ts + 18 modules
var plan = __webpack_require__(61716);
// EXTERNAL MODULE: ./src/registry/index.ts + 24 modules
var registry = __webpack_require__(25470);
;// CONCATENATED MODULE: ./src/run/lifecycle/export.ts
// The export offboarding makes before it deletes anything: every table of the tenant's store as
// CSV, sealed (AES-256-GCM) under the key platform.yaml names, uploaded blob by blob, then a
// manifest (tables, row counts, SHA-256 of each plaintext CSV, blob names) beside them and in the
// registry. Any failure throws before the manifest is recorded: the caller deletes nothing then.







const EXPORT_MANIFEST_VERSION = 1;
function offboardingSettings(inputs) {
    const settings = inputs.platform.offboarding;
    if (!settings) {
        throw new errors/* EnvironmentError */.eG('platform.yaml has no offboarding section: a tenant with deletionPolicy delete is exported before anything is deleted; set offboarding.exportKeySecret and offboarding.blob.connectionSecret');
    }
    return settings;
}
async function exportTenant(inputs, services, tenant, run) {
    const settings = offboardingSettings(inputs);
    const keyText = (0,config/* resolveSecret */.J5)(settings.exportKeySecret, services.env, 'offboarding.exportKeySecret of platform.yaml');
    services.log.mask(keyText);
    const key = (0,registry/* parseEncryptionKey */._8)(keyText, settings.exportKeySecret);
    services.log.mask(key.key.toString('base64'));
    const connection = (0,config/* resolveSecret */.J5)(settings.blob.connectionSecret, services.env, 'offboarding.blob.connectionSecret of platform.yaml');
    services.log.mask(connection);
    for (const part of connection.split(';'))
        if (/^(AccountKey|SharedAccessSignature)=/i.test(part))
            services.log.mask(part.slice(part.indexOf('=') + 1));
    const container = openBlobContainer(connection, settings.blob.container, { tenant: tenant.code, step: 'offboard export' });
    await container.ensure();
    const createdAt = new Date();
    // A new prefix per attempt: a retried export never mixes with a half-uploaded one. Lowercase
    // throughout, like tenant codes: names that read as names, not tokens, in the audit log.
    const stamp = createdAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const prefix = `${tenant.code}/${stamp}-${(0,external_node_crypto_.randomBytes)(3).toString('hex')}`;
    const blobOf = (table) => `${prefix}/${table}.csv.sealed`;
    const tables = await (0,db/* exportTenantData */.f2)(services, tenant, inputs.platform, async (table, csv) => {
        await container.upload(blobOf(table), sealStream(key, blobOf(table), csv));
    });
    const manifest = {
        version: EXPORT_MANIFEST_VERSION,
        tenant: tenant.code,
        createdAt: createdAt.toISOString(),
        container: container.url,
        prefix,
        encryption: { algorithm: 'AES-256-GCM', keyId: key.id, keySecret: settings.exportKeySecret, format: 'TOX1', aad: 'blob name' },
        tables: tables.map((t) => ({ ...t, blob: blobOf(t.table) })),
    };
    const text = (0,plan/* canonicalJson */.dj)(manifest);
    const manifestSha256 = (0,external_node_crypto_.createHash)('sha256').update(text).digest('hex');
    const manifestBlob = `${prefix}/manifest.json`;
    await container.upload(manifestBlob, (async function* () {
        yield Buffer.from(text);
    })(), 'application/json');
    const location = `${container.url}/${prefix}`;
    await (0,registry/* recordExport */.uV)(await services.registry(), { tenant: tenant.code, location, manifest, manifestSha256, createdBy: run.actor, githubRun: run.githubRun });
    return { manifest, manifestBlob, manifestSha256, location };
}


/***/ })

};
