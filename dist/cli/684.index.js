export const id = 684;
export const ids = [684];
export const modules = {

/***/ 59862:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  iW: () => (/* reexport */ SCOPES),
  GO: () => (/* reexport */ createCredential),
  Zx: () => (/* reexport */ tokenSource)
});

// UNUSED EXPORTS: TOKEN_EXCHANGE_AUDIENCE, requestGithubIdToken

// EXTERNAL MODULE: ./src/config/index.ts + 14 modules
var config = __webpack_require__(46932);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
;// CONCATENATED MODULE: ./src/auth/credentials.ts


const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
/** Scopes of the APIs tenantops calls. */
const SCOPES = {
    powerbi: 'https://analysis.windows.net/powerbi/api/.default',
    fabric: 'https://api.fabric.microsoft.com/.default',
    arm: 'https://management.azure.com/.default',
};
function createCredential(name, profile, options) {
    const env = options.env ?? process.env;
    const authorityHost = options.authorityHost ?? profile.authorityHost;
    const common = {
        ...(authorityHost ? { authorityHost, disableInstanceDiscovery: true } : {}),
        ...(options.ca ? { tlsOptions: { ca: options.ca } } : {}),
    };
    switch (profile.type) {
        case 'client-secret': {
            // Resolved now, so a missing secret is reported before any work starts.
            const secret = (0,config/* resolveSecret */.J5)(profile.clientSecretSecret, env, `credentialProfiles.${name}.clientSecretSecret of platform.yaml`);
            options.log.mask(secret);
            return lazyCredential((identity) => new identity.ClientSecretCredential(profile.tenantId, profile.clientId, secret, common), options.log);
        }
        case 'github-oidc': {
            const getIdToken = options.getIdToken ?? ((audience) => requestGithubIdToken(audience, env, options.ca));
            const assertion = async () => {
                const token = await getIdToken(TOKEN_EXCHANGE_AUDIENCE);
                options.log.mask(token);
                return token;
            };
            return lazyCredential((identity) => new identity.ClientAssertionCredential(profile.tenantId, profile.clientId, assertion, common), options.log);
        }
        case 'workload-identity':
            // AZURE_FEDERATED_TOKEN_FILE is set by the platform (AKS workload identity) and read by the class.
            return lazyCredential((identity) => new identity.WorkloadIdentityCredential({ tenantId: profile.tenantId, clientId: profile.clientId, ...common }), options.log);
    }
}
/**
 * The credential, built on first use: @azure/identity (and MSAL) cost about 18 MB and a good part
 * of start-up, which validation and offline plans never need. One instance is made, so its token
 * cache serves every later call. Every access token it hands out is masked the moment it arrives
 * (the leak scan found them printable: an error quoting a request's headers would have shown one).
 */
function lazyCredential(make, log) {
    let credential;
    return {
        async getToken(scopes, options) {
            credential ??= Promise.all(/* import() */[__webpack_require__.e(738), __webpack_require__.e(16)]).then(__webpack_require__.bind(__webpack_require__, 73016)).then(make);
            const token = await (await credential).getToken(scopes, options);
            if (token)
                log.mask(token.token);
            return token;
        },
    };
}
/**
 * The GitHub Actions ID-token request, as the runner documents it: GET the request URL with
 * `&audience=` and the request token as bearer; the answer is `{"value": "<jwt>"}`. Needs the job
 * permission `id-token: write`, which is what sets the two variables.
 */
async function requestGithubIdToken(audience, env, ca) {
    const url = env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    if (!url || !token) {
        throw new errors/* EnvironmentError */.eG('a github-oidc credential profile needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN: give the job `permissions: id-token: write`');
    }
    const { Agent, request } = await __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 24371, 19));
    const res = await request(`${url}&audience=${encodeURIComponent(audience)}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        dispatcher: ca ? new Agent({ connect: { ca } }) : undefined,
    });
    const body = (await res.body.json().catch(() => ({})));
    if (res.statusCode !== 200 || !body.value)
        throw new errors/* EnvironmentError */.eG(`the GitHub OIDC token request failed with HTTP ${res.statusCode}`);
    return body.value;
}
/** A bearer-token source for one scope, for the HTTP client. */
function tokenSource(credential, scope) {
    return async () => {
        const token = await credential.getToken(scope);
        if (!token)
            throw new errors/* EnvironmentError */.eG(`no token for ${scope}`);
        return token.token;
    };
}

;// CONCATENATED MODULE: ./src/auth/index.ts
// auth: credential profiles → @azure/identity TokenCredentials (client secret, GitHub OIDC
// federation, workload identity), and bearer-token sources per API scope.



/***/ }),

/***/ 46932:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  qW: () => (/* reexport */ checkText),
  ow: () => (/* reexport */ collectSchemaIssues),
  gr: () => (/* reexport */ createAjv),
  rV: () => (/* reexport */ loadRepository),
  qN: () => (/* reexport */ positionIssues),
  J5: () => (/* reexport */ resolveSecret)
});

// UNUSED EXPORTS: PLATFORM_FILE, RESERVED_NAMES, TENANTS_DIR, detectSecret, validatePlatformText, validateSources, validateTenantText

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/plan/index.ts + 18 modules
var plan = __webpack_require__(61716);
// EXTERNAL MODULE: ./src/yaml/index.ts + 9 modules
var yaml = __webpack_require__(99619);
;// CONCATENATED MODULE: ./src/config/issues.ts
// A problem found on a file's plain data before it has a position: the path of the key or value and
// what is wrong. Schema and rule checks work on data; positionIssues maps their issues back to the
// file's line:col through the tree, once, while the tree is still at hand.

/** Turns issues into findings, dropping those a secret finding at the same place replaces. */
function positionIssues(source, issues) {
    const secretPlaces = new Set(issues.filter((i) => i.secret).map((i) => placeKey(i)));
    return issues
        .filter((i) => i.secret || !secretPlaces.has(placeKey(i)))
        .map((i) => ({ file: source.file, ...(0,yaml/* locatePath */.oV)(source, i.path, i.target), message: i.message }));
}
function placeKey(issue) {
    return `${issue.target}:${JSON.stringify(issue.path)}`;
}

// EXTERNAL MODULE: ./node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(52210);
;// CONCATENATED MODULE: ./tenants/tenant.schema.json
const tenant_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://tenantops.example/schemas/tenant.schema.json","title":"tenantops tenant","description":"One customer organisation (tenant) of the analytics platform: tenants/<code>.yaml. Names and secret NAMES only; a tenant file never contains a secret value. Cross-file rules (unique code and subdomain, known providers and modules, clusters and capacities defined in platform.yaml, no secret-like values) are checked by `tenantops validate`, not by this schema.","type":"object","additionalProperties":false,"required":["code","name","subdomain","providers","database","powerbi","modules","superUsers"],"properties":{"code":{"description":"Immutable tenant id, also the file name (<code>.yaml). 3-40 characters: lowercase letters, digits and hyphens, starting with a letter; not a reserved name (www, api, admin, platform, app, ...). Every derived name (schema, database, roles, workspace) comes from it.","type":"string","minLength":3,"maxLength":40,"pattern":"^[a-z][a-z0-9-]*$"},"name":{"description":"Display name of the organisation, at most 100 characters.","type":"string","minLength":1,"maxLength":100},"subdomain":{"description":"The tenant\'s subdomain in the platform\'s DNS zone: one lowercase DNS label, 1-63 letters, digits and hyphens, not starting or ending with a hyphen, not a reserved name. Unique across tenants.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"},"providers":{"description":"The tenant\'s source systems, as provider codes known to the report catalog (templates/providers.yaml). They select the report templates whose provider code is LMS-ENGLISHMATHS-CRM[-HR].","type":"object","additionalProperties":false,"required":["lms","englishMaths","crm"],"properties":{"lms":{"description":"Learning management system code, e.g. APTEM, BUD, ONEFILE.","type":"string","minLength":1},"englishMaths":{"description":"English & maths assessment tool code, e.g. BKSB, FUNC.","type":"string","minLength":1},"crm":{"description":"CRM code, e.g. HUBSPOT, SF, DYNAMICS.","type":"string","minLength":1},"hr":{"description":"Optional HR system code, e.g. BREATHE, CIPHR. Adds -HR to the provider code of the matched templates.","type":"string","minLength":1}}},"database":{"description":"Where the tenant\'s data lives and how it is isolated.","type":"object","additionalProperties":false,"required":["isolation"],"properties":{"isolation":{"description":"schema: an own schema in the cluster\'s shared database; database: an own database on the cluster; byod: the customer\'s own database, reached through connectionSecret. Changing it on a live tenant forces replacement.","enum":["schema","database","byod"]},"cluster":{"description":"Name of a cluster defined in platform.yaml (clusters). Required for schema and database isolation, not used with byod. A cluster dedicated to another tenant cannot be used.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"connectionSecret":{"description":"byod only, required there: the NAME of the secret (an environment variable, e.g. GAMMA_SKILLS_DATABASE_URL) holding the connection string of the customer\'s database. Never the connection string itself.","type":"string","minLength":1,"maxLength":128,"pattern":"^[A-Z][A-Z0-9_]*$"},"biConnectionSecret":{"description":"byod only, optional: the NAME of the secret holding a separate read-only connection string for Power BI. Defaults to connectionSecret.","type":"string","minLength":1,"maxLength":128,"pattern":"^[A-Z][A-Z0-9_]*$"}},"if":{"properties":{"isolation":{"const":"byod"}},"required":["isolation"]},"then":{"required":["connectionSecret"],"properties":{"connectionSecret":true,"cluster":false}},"else":{"required":["cluster"],"properties":{"cluster":true,"connectionSecret":false,"biConnectionSecret":false}}},"powerbi":{"description":"The tenant\'s Power BI workspace: which capacity it runs on and, optionally, Fabric items.","type":"object","additionalProperties":false,"required":["capacity"],"properties":{"capacity":{"description":"Name of a capacity defined in platform.yaml (capacities).","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"fabric":{"description":"Optional Fabric items created in the tenant\'s workspace; they need a Fabric (F) or Premium (P) capacity.","type":"object","additionalProperties":false,"properties":{"lakehouse":{"$ref":"#/$defs/fabricItem","description":"A lakehouse for the tenant. {} uses the derived name."},"warehouse":{"$ref":"#/$defs/fabricItem","description":"A warehouse for the tenant. {} uses the derived name."}}}}},"dns":{"description":"DNS options for the tenant\'s record <subdomain>.<zone>.","type":"object","additionalProperties":false,"default":{},"properties":{"takeover":{"description":"Adopt an existing record of that name that tenantops did not create (no ownership record). Default false: such a record stops the plan.","type":"boolean","default":false}}},"modules":{"description":"Report modules enabled for the tenant (known to the catalog, e.g. operations, quality, finance). Each at most once.","type":"array","minItems":1,"uniqueItems":true,"items":{"description":"A module name known to the catalog.","type":"string","minLength":1}},"superUsers":{"description":"The tenant\'s first administrators, invited to the workspace and the app. Emails unique (case-insensitively).","type":"array","minItems":1,"items":{"description":"One super user.","type":"object","additionalProperties":false,"required":["email","firstName","lastName"],"properties":{"email":{"description":"Email address, unique within the tenant (case-insensitively).","type":"string","minLength":3,"maxLength":254},"firstName":{"description":"First name, at most 100 characters.","type":"string","minLength":1,"maxLength":100},"lastName":{"description":"Last name, at most 100 characters.","type":"string","minLength":1,"maxLength":100}}}},"lifecycle":{"description":"active: provisioned and live; suspended: access removed, data kept; decommissioned: torn down according to deletionPolicy.","enum":["active","suspended","decommissioned"],"default":"active"},"deletionPolicy":{"description":"What decommissioning does with the tenant\'s data: retain (default) keeps database and workspace content, delete removes them.","enum":["retain","delete"],"default":"retain"}},"$defs":{"fabricItem":{"type":"object","additionalProperties":false,"properties":{"name":{"description":"Item name: a letter, then letters, digits and underscores, at most 123 characters. Defaults to a name derived from the tenant code.","type":"string","minLength":1,"maxLength":123,"pattern":"^[A-Za-z][A-Za-z0-9_]*$"}}}}}');
;// CONCATENATED MODULE: ./platform.schema.json
const platform_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://tenantops.example/schemas/platform.schema.json","title":"tenantops platform","description":"The platform every tenant runs on: platform.yaml at the repository root. Names and secret NAMES only (a secret name is an environment variable that holds the value at run time). Later features add fields here; unknown keys stay errors so typos never pass silently.","type":"object","additionalProperties":false,"required":["name","clusters","capacities","dns","powerbi","credentialProfiles"],"properties":{"name":{"description":"Platform name, e.g. tenantops-sandbox: lowercase letters, digits and hyphens, starting with a letter.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"clusters":{"description":"PostgreSQL clusters tenants can be placed on, by name (the name tenants use in database.cluster).","type":"object","minProperties":1,"propertyNames":{"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"additionalProperties":{"$ref":"#/$defs/cluster"}},"capacities":{"description":"Power BI / Fabric capacities tenants\' workspaces can be assigned to, by name (the name tenants use in powerbi.capacity).","type":"object","minProperties":1,"propertyNames":{"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"additionalProperties":{"$ref":"#/$defs/capacity"}},"dns":{"$ref":"#/$defs/dns","description":"The DNS zone tenant subdomains live in (<subdomain>.<zone>), the provider serving it, and what tenant records point at."},"powerbi":{"description":"Power BI settings shared by all tenants.","type":"object","additionalProperties":false,"required":["templateWorkspace","credentialProfile"],"properties":{"templateWorkspace":{"description":"Name of the workspace holding the report templates (resolved by name at plan time).","type":"string","minLength":1,"maxLength":256},"adminGroupId":{"description":"Optional object id (GUID) of an Entra ID group given admin access to every tenant workspace.","type":"string","pattern":"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"},"credentialProfile":{"description":"Name of the credential profile (credentialProfiles) tenantops signs in to Power BI and Fabric with.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"tenantProfiles":{"description":"Give each tenant its own service principal profile (X-PowerBI-Profile-Id). Default true: profiles isolate data-source credentials and lift the 1,000-workspace cap of one principal.","type":"boolean","default":true},"fleetReads":{"description":"How a plan of many tenants (20 or more in one pass) reads Power BI. `auto` (default): the scanner, or per tenant (with one warning) when the admin APIs refuse the principal (401/403 on the first admin call). `scanner`: one fleet snapshot through the admin scanner API (admin/workspaces/modified, getInfo, scanStatus, scanResult), about 0.03 reads per tenant; the principal must be allowed the read-only admin APIs (tenant setting for service principals, no admin-consent Power BI permissions). `per-tenant`: each tenant\'s workspace, users, models, reports and parameters read with its own identity (5 reads per tenant). Smaller plans and every re-read under a tenant\'s lock at apply read per tenant either way.","type":"string","enum":["auto","scanner","per-tenant"],"default":"auto"}}},"credentialProfiles":{"description":"Entra ID identities tenantops can sign in as, by name.","type":"object","minProperties":1,"propertyNames":{"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"additionalProperties":{"$ref":"#/$defs/credentialProfile"}},"rollout":{"description":"How fleet-wide changes (schema_changed, templates, platform.yaml) roll out: the canary tenants first, then waves of `batch` tenants; a wave whose failed tenants pass `haltAfter` halts the rollout (tenantops rollout resume / retry).","type":"object","additionalProperties":false,"default":{},"properties":{"canary":{"description":"Codes of the tenants that form the first wave. Default none: the first wave is a batch.","type":"array","uniqueItems":true,"default":[],"items":{"type":"string","minLength":3,"maxLength":40,"pattern":"^[a-z][a-z0-9-]*$"}},"batch":{"description":"Tenants per wave after the canary: a count (e.g. 50) or a percent of the tenants after the canary (e.g. 25%, rounded up). Default 25%.","default":"25%"},"haltAfter":{"description":"A wave halts the rollout when its failed tenants pass this: a count (0: the first failure halts) or a percent of the wave (e.g. 10%). A tenant fails when its apply or its post-apply verify fails. Default 0.","default":0}}},"mail":{"$ref":"#/$defs/mail","description":"Outgoing mail: super users\' invitations and go-live notifications, sent through SMTP with STARTTLS. Without it nothing is mailed (a warning says so)."},"registry":{"description":"The platform\'s application database (tenants, resources, deployments, audit log).","type":"object","additionalProperties":false,"default":{},"properties":{"urlSecret":{"description":"Name of the secret (environment variable) holding the registry\'s PostgreSQL connection string. Default TENANTOPS_REGISTRY_URL.","$ref":"#/$defs/secretName","default":"TENANTOPS_REGISTRY_URL"}}},"suspend":{"description":"What suspending a tenant (lifecycle: suspended) does beyond disabling its logins and its scheduled refresh.","type":"object","additionalProperties":false,"default":{},"properties":{"dns":{"description":"maintenance: point the tenant\'s record at dns.maintenanceTarget while suspended (the default when one is set); keep: leave it pointing at dns.target.","enum":["maintenance","keep"]}}},"offboarding":{"description":"How a decommissioned tenant with deletionPolicy delete is exported before anything is deleted: every table as CSV, encrypted (AES-256-GCM), uploaded to Azure Blob Storage.","type":"object","additionalProperties":false,"required":["exportKeySecret","blob"],"properties":{"exportKeySecret":{"description":"Name of the secret holding the export key: `<keyId>:<base64 of 32 bytes>`.","$ref":"#/$defs/secretName"},"blob":{"description":"Where exports are uploaded.","type":"object","additionalProperties":false,"required":["connectionSecret"],"properties":{"connectionSecret":{"description":"Name of the secret holding the storage account\'s connection string.","$ref":"#/$defs/secretName"},"container":{"description":"The container exports go to. Default tenant-exports.","type":"string","pattern":"^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$","default":"tenant-exports"}}}}}},"$defs":{"secretName":{"description":"The NAME of a secret: an environment variable name (uppercase letters, digits and underscores, starting with a letter), never the value.","type":"string","minLength":1,"maxLength":128,"pattern":"^[A-Z][A-Z0-9_]*$"},"hostname":{"type":"string","minLength":1,"maxLength":253,"pattern":"^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\\\.?$"},"guid":{"type":"string","pattern":"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"},"cluster":{"description":"One PostgreSQL cluster.","type":"object","additionalProperties":false,"required":["host","adminSecret","maxConnections"],"properties":{"host":{"$ref":"#/$defs/hostname","description":"Host name or IP address of the cluster."},"port":{"description":"TCP port. Default 5432.","type":"integer","minimum":1,"maximum":65535,"default":5432},"adminSecret":{"$ref":"#/$defs/secretName","description":"Name of the secret holding the admin connection string (a role that may create databases and roles)."},"maxConnections":{"description":"Connection budget of the cluster: the most connections tenantops lets all tenants\' roles hold together (per-role CONNECTION LIMITs are carved from it).","type":"integer","minimum":1,"maximum":100000},"database":{"description":"The shared database holding one schema per tenant (schema isolation). Required for tenants with schema isolation on this cluster.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z_][a-z0-9_]*$"},"dedicatedTo":{"description":"Code of the one tenant this cluster is dedicated to; no other tenant may use it.","type":"string","minLength":3,"maxLength":40,"pattern":"^[a-z][a-z0-9-]*$"},"sslmode":{"description":"libpq sslmode for connections to the cluster. Default require.","enum":["disable","allow","prefer","require","verify-ca","verify-full"],"default":"require"}}},"capacity":{"description":"One Power BI / Fabric capacity.","type":"object","additionalProperties":false,"required":["sku"],"properties":{"id":{"$ref":"#/$defs/guid","description":"Capacity id (GUID). Optional: resolved by display name when absent; not used for shared."},"sku":{"description":"SKU: A1-A8 (Embedded), EM1-EM3, F2-F2048 (Fabric), P1-P5 (Premium), PPU, or shared (no capacity).","type":"string","pattern":"^(A[1-8]|EM[1-3]|F(2|4|8|16|32|64|128|256|512|1024|2048)|P[1-5]|PPU|shared)$"},"region":{"description":"Azure region of the capacity, e.g. uksouth (informational; checked against the capacity when given).","type":"string","minLength":1,"maxLength":64}}},"dns":{"description":"The DNS zone tenant subdomains live in and the provider that serves it.","type":"object","additionalProperties":false,"required":["zone","provider","target"],"properties":{"zone":{"$ref":"#/$defs/hostname","description":"The zone, e.g. tenants.example.com. Each tenant gets <subdomain>.<zone>."},"provider":{"description":"DNS provider serving the zone.","enum":["godaddy","powerdns","cloudflare","azure"]},"credentials":{"description":"Secret NAMES of the provider\'s credentials, by role: godaddy apiKeySecret + apiSecretSecret; cloudflare apiTokenSecret; powerdns apiKeySecret; azure uses the credential profile.","type":"object","propertyNames":{"maxLength":64,"pattern":"^[a-z][A-Za-z0-9]*Secret$"},"additionalProperties":{"$ref":"#/$defs/secretName"}},"recordType":{"description":"Record type of tenant records: CNAME (default) to target, or A / AAAA to an address.","enum":["CNAME","A","AAAA"],"default":"CNAME"},"target":{"description":"What tenant records point at: the app\'s host name for CNAME, an IPv4 address for A, an IPv6 address for AAAA.","type":"string","minLength":1,"maxLength":253},"ttl":{"description":"TTL of tenant records in seconds. Default 600.","type":"integer","minimum":60,"maximum":604800,"default":600},"maintenanceTarget":{"description":"Where a suspended tenant\'s record points (a maintenance page): a host name for CNAME, an address for A / AAAA, as target.","type":"string","minLength":1,"maxLength":253},"ownerId":{"description":"Value of the ownership TXT records (_tenantops.<subdomain>) that mark records as tenantops\'. Defaults to the platform name.","type":"string","minLength":1,"maxLength":255},"changeThreshold":{"description":"Safety threshold: a plan that updates or deletes more than maxShare of the zone\'s tenant records, once there are at least minRecords, needs --force.","type":"object","additionalProperties":false,"default":{},"properties":{"maxShare":{"description":"Largest share of records one plan may update or delete. Default 0.3.","type":"number","exclusiveMinimum":0,"maximum":1,"default":0.3},"minRecords":{"description":"The threshold applies once the zone holds at least this many tenant records. Default 10.","type":"integer","minimum":0,"default":10}}}},"allOf":[{"if":{"properties":{"provider":{"const":"godaddy"}},"required":["provider"]},"then":{"required":["credentials"],"properties":{"credentials":{"type":"object","properties":{"apiKeySecret":true,"apiSecretSecret":true},"required":["apiKeySecret","apiSecretSecret"]}}}},{"if":{"properties":{"provider":{"const":"cloudflare"}},"required":["provider"]},"then":{"required":["credentials"],"properties":{"credentials":{"type":"object","properties":{"apiTokenSecret":true},"required":["apiTokenSecret"]}}}},{"if":{"properties":{"provider":{"const":"powerdns"}},"required":["provider"]},"then":{"required":["credentials"],"properties":{"credentials":{"type":"object","properties":{"apiKeySecret":true},"required":["apiKeySecret"]}}}},{"if":{"properties":{"recordType":{"const":"A"}},"required":["recordType"]},"then":{"properties":{"target":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"},"maintenanceTarget":{"type":"string","pattern":"^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$"}}}},{"if":{"properties":{"recordType":{"const":"AAAA"}},"required":["recordType"]},"then":{"properties":{"target":{"type":"string","pattern":"^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$"},"maintenanceTarget":{"type":"string","pattern":"^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$"}}}},{"if":{"properties":{"recordType":{"const":"CNAME"}}},"then":{"properties":{"target":{"$ref":"#/$defs/hostname"},"maintenanceTarget":{"$ref":"#/$defs/hostname"}}}}]},"credentialProfile":{"description":"One Entra ID identity.","type":"object","additionalProperties":false,"required":["tenantId","clientId","type"],"properties":{"tenantId":{"description":"Entra ID directory (tenant) id: a GUID or a verified domain such as contoso.onmicrosoft.com.","type":"string","pattern":"^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$"},"clientId":{"$ref":"#/$defs/guid","description":"Application (client) id of the app registration (GUID)."},"type":{"description":"client-secret: secret from clientSecretSecret; github-oidc: GitHub Actions OIDC token federated to the app; workload-identity: Kubernetes / Azure workload identity federation.","enum":["client-secret","github-oidc","workload-identity"]},"clientSecretSecret":{"$ref":"#/$defs/secretName","description":"client-secret only, required there: name of the secret holding the client secret."},"authorityHost":{"description":"Optional Entra authority, https only, e.g. https://login.microsoftonline.com (the sandbox points this at its emulator).","type":"string","maxLength":2048,"pattern":"^https://[^\\\\s/?#]+(/[^\\\\s]*)?$"}},"if":{"properties":{"type":{"const":"client-secret"}},"required":["type"]},"then":{"required":["clientSecretSecret"],"properties":{"clientSecretSecret":true}},"else":{"properties":{"clientSecretSecret":false}}},"mail":{"description":"The SMTP server tenantops sends invitations and notifications through. STARTTLS is always required.","type":"object","additionalProperties":false,"required":["host","sender","auth"],"properties":{"host":{"$ref":"#/$defs/hostname","description":"SMTP server, e.g. smtp.office365.com."},"port":{"description":"Submission port, upgraded with STARTTLS. Default 587.","type":"integer","minimum":1,"maximum":65535,"default":587},"sender":{"description":"The From address of every mail, e.g. noreply@example.com (the mailbox signed in must be allowed to send as it).","type":"string","maxLength":254,"pattern":"^[^\\\\s@<>\\"]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"},"senderName":{"description":"Display name of the sender, e.g. Analytics Platform. Default: the platform name.","type":"string","minLength":1,"maxLength":100,"pattern":"^[^\\\\r\\\\n<>\\"]+$"},"auth":{"description":"How tenantops signs in: password (SMTP AUTH PLAIN/LOGIN) or oauth2 (XOAUTH2 with an access token of a credential profile; Exchange Online is switching Basic SMTP AUTH off).","type":"object","additionalProperties":false,"required":["type","user"],"properties":{"type":{"description":"password or oauth2.","enum":["password","oauth2"]},"user":{"description":"The mailbox tenantops signs in as, e.g. noreply@example.com.","type":"string","minLength":1,"maxLength":254,"pattern":"^\\\\S+$"},"passwordSecret":{"$ref":"#/$defs/secretName","description":"password only, required there: name of the secret holding the mailbox\'s password."},"credentialProfile":{"description":"oauth2 only, required there: the credential profile (credentialProfiles) whose access token signs in.","type":"string","minLength":1,"maxLength":63,"pattern":"^[a-z][a-z0-9-]*$"},"scope":{"description":"oauth2 only: the token\'s scope. Default https://outlook.office365.com/.default (Exchange Online).","type":"string","maxLength":2048,"pattern":"^https://\\\\S+$"}},"if":{"properties":{"type":{"const":"password"}},"required":["type"]},"then":{"required":["passwordSecret"],"properties":{"passwordSecret":true,"credentialProfile":false,"scope":false}},"else":{"required":["credentialProfile"],"properties":{"passwordSecret":false}}},"invitationTtl":{"description":"How long an invitation link stays redeemable: a number and a unit, m (minutes), h (hours) or d (days), e.g. 7d. Default 7d.","type":"string","pattern":"^[1-9][0-9]{0,4}[mhd]$","default":"7d"}}}}}');
;// CONCATENATED MODULE: ./src/config/schemas.ts
// The two JSON Schemas (draft 2020-12), compiled once in ajv's full strict mode. The schema files
// are the published contract editors use through the `# yaml-language-server: $schema=` line;
// they are imported, not read at run time, so the action bundles carry them.



let cached;
/**
 * `allErrors` so one run reports every fault; `useDefaults` fills in documented defaults on the
 * data being validated; `verbose` hands each error its schema, which the messages need (allowed
 * keys, limits, patterns).
 */
function createAjv() {
    return new _2020.Ajv2020({ strict: true, allErrors: true, useDefaults: true, verbose: true });
}
function getValidators() {
    if (!cached) {
        const ajv = createAjv();
        cached = { tenant: ajv.compile(tenant_schema_namespaceObject), platform: ajv.compile(platform_schema_namespaceObject) };
    }
    return cached;
}
/** The schema documents themselves, for tests and for messages that list required keys. */
const schemas = { tenant: tenant_schema_namespaceObject, platform: platform_schema_namespaceObject };

;// CONCATENATED MODULE: ./src/config/messages.ts
// Every message a tenant or platform finding can carry, in one place so wording stays uniform:
// one line, `what is wrong; what is allowed`. Paths are shown as `providers.lms` or
// `superUsers[1].email`. Values that may be secrets (secret-name fields, anything the secret scan
// flags) are never quoted back.

// Key messages are shared with every YAML file kind (the loader owns YAML-level faults outright).

const MAX_QUOTED = 60;
/** A value as messages quote it: strings in double quotes (long ones shortened), others plainly. */
function quote(value) {
    if (typeof value === 'string') {
        const shown = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED - 1)}…` : value;
        return JSON.stringify(shown);
    }
    return String(value);
}
/** What a value is, in words: `the text "yes"`, `the number 42`, `a list`. */
function describeValue(value) {
    if (value === null || value === undefined)
        return 'empty';
    if (Array.isArray(value))
        return 'a list';
    switch (typeof value) {
        case 'string':
            return `the text ${quote(value)}`;
        case 'number':
            return `the number ${value}`;
        case 'boolean':
            return `${value}`;
        case 'object':
            return value instanceof Uint8Array ? 'binary data' : 'a mapping';
        default:
            return typeof value;
    }
}
const TYPE_WORDS = {
    string: 'text',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    null: 'nothing',
};
// ---- schema faults -----------------------------------------------------------------------------
function wrongType(path, value, expected) {
    const words = expected.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
    return `${path} is ${describeValue(value)}; expected ${words}`;
}
function notAllowedValue(path, value, allowed) {
    const names = allowed.map(String);
    const hint = typeof value === 'string' ? (0,yaml/* didYouMean */.au)(value, names) : '';
    return `${path} ${quote(value)} is not allowed${hint}; allowed: ${(0,yaml/* formatList */.ki)(names)}`;
}
/** A key the schema forbids under a condition, e.g. `database.cluster` with isolation byod. */
function forbiddenKey(path, condition, branch) {
    if (condition && branch === 'else')
        return `${path} is only allowed ${condition}; remove it`;
    if (condition)
        return `${path} is not allowed ${condition}; remove it`;
    return `${path} is not allowed here; remove it`;
}
/** Length and pattern faults of one string, merged into one message. */
function badString(path, value, rule) {
    const words = PATTERN_WORDS[rule.pattern ?? ''];
    const tooShort = rule.minLength !== undefined && value.length < rule.minLength;
    const tooLong = rule.maxLength !== undefined && value.length > rule.maxLength;
    const badForm = rule.pattern !== undefined && !new RegExp(rule.pattern, 'u').test(value);
    // Limits are worth stating when they were broken or are part of the rule (a 3-40 code).
    const length = tooShort || tooLong || (rule.minLength ?? 0) > 1 ? lengthWords(rule) : '';
    const allowed = [length, words?.words].filter(Boolean).join(': ');
    if (words?.secretName)
        return `${path} is not a secret name; allowed: ${allowed}`;
    if (value.length === 0)
        return `${path} is empty; allowed: ${allowed}`;
    const count = `${value.length} characters`;
    if (!badForm)
        return `${path} ${quote(value)} is too ${tooShort ? 'short' : 'long'} (${count}); allowed: ${allowed}`;
    const problems = [...(tooShort || tooLong ? [count] : []), ...(words?.explain?.(value) ?? [])];
    const why = problems.length ? ` (${problems.join(', ')})` : '';
    return `${path} ${quote(value)} is not ${words?.noun ?? 'in the expected form'}${why}; allowed: ${allowed}`;
}
/** A mapping key that breaks the naming rule of its mapping (`propertyNames`). */
function badKeyName(parent, key, rule) {
    return badString(`${parent} key`, key, rule);
}
function lengthWords(rule) {
    const { minLength: min, maxLength: max } = rule;
    if (min !== undefined && min > 1 && max !== undefined)
        return `${min}-${max} characters`;
    if (max !== undefined)
        return `at most ${max} characters`;
    if (min !== undefined)
        return `at least ${min} characters`;
    return '';
}
function badNumber(path, value, rule) {
    const kind = rule.type === 'integer' ? 'a whole number' : 'a number';
    const bounds = [
        rule.minimum !== undefined && `at least ${rule.minimum}`,
        rule.exclusiveMinimum !== undefined && `more than ${rule.exclusiveMinimum}`,
        rule.maximum !== undefined && `at most ${rule.maximum}`,
        rule.exclusiveMaximum !== undefined && `less than ${rule.exclusiveMaximum}`,
    ].filter(Boolean);
    return `${path} ${value} is out of range; allowed: ${kind} ${bounds.join(' and ')}`;
}
function tooFewItems(path, min) {
    return `${path} is empty; allowed: a list of at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
}
function tooFewProperties(path, min) {
    return `${path} is empty; allowed: a mapping of at least ${min} ${min === 1 ? 'entry' : 'entries'}`;
}
function duplicateItem(path, value, firstPath) {
    return `${path} ${quote(value)} repeats ${firstPath}; each entry may appear only once`;
}
function charProblems(value, allowedChar, rules) {
    const out = [];
    if (/[A-Z]/.test(value) && !allowedChar.test('A'))
        out.push('has uppercase letters');
    const bad = [...new Set([...value].filter((c) => !allowedChar.test(c) && !/[A-Z]/.test(c)))];
    if (bad.length)
        out.push(`contains ${bad.map((c) => JSON.stringify(c)).join(', ')}`);
    if (rules.first && value && !rules.first.test(value[0]) && allowedChar.test(value[0]))
        out.push(`does not start with ${rules.firstWords}`);
    if (rules.noEdgeHyphen && value.startsWith('-'))
        out.push('starts with a hyphen');
    if (rules.noEdgeHyphen && value.endsWith('-') && value.length > 1)
        out.push('ends with a hyphen');
    return out;
}
const HOSTNAME = '^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?$';
const GUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** Keyed by the exact pattern string of the schemas; a test checks every schema pattern is here. */
const PATTERN_WORDS = {
    '^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$': {
        noun: 'a blob container name',
        words: '3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit (Azure Storage rules)',
    },
    '^[a-z][a-z0-9-]*$': {
        noun: 'a valid name',
        words: 'lowercase letters, digits and hyphens, starting with a letter',
        explain: (v) => charProblems(v, /[a-z0-9-]/, { first: /[a-z]/, firstWords: 'a letter' }),
    },
    '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$': {
        noun: 'a DNS label',
        words: 'one DNS label of lowercase letters, digits and hyphens, not starting or ending with a hyphen',
        explain: (v) => charProblems(v, /[a-z0-9-]/, { noEdgeHyphen: true }),
    },
    '^[A-Z][A-Z0-9_]*$': {
        noun: 'a secret name',
        words: 'the NAME of a secret, an environment variable name such as GAMMA_SKILLS_DATABASE_URL (uppercase letters, digits and underscores, starting with a letter)',
        secretName: true,
    },
    '^[A-Za-z][A-Za-z0-9_]*$': {
        noun: 'a valid item name',
        words: 'letters, digits and underscores, starting with a letter',
        explain: (v) => charProblems(v, /[A-Za-z0-9_]/, { first: /[A-Za-z]/, firstWords: 'a letter' }),
    },
    '^[a-z_][a-z0-9_]*$': {
        noun: 'a PostgreSQL name',
        words: 'a PostgreSQL name of lowercase letters, digits and underscores, not starting with a digit',
        explain: (v) => charProblems(v, /[a-z0-9_]/, { first: /[a-z_]/, firstWords: 'a letter or underscore' }),
    },
    [GUID]: { noun: 'a GUID', words: 'a GUID such as 00000000-0000-0000-0000-000000000000' },
    [HOSTNAME]: { noun: 'a host name', words: 'a host name such as app.example.com (dot-separated labels of letters, digits and hyphens)' },
    '^(A[1-8]|EM[1-3]|F(2|4|8|16|32|64|128|256|512|1024|2048)|P[1-5]|PPU|shared)$': {
        noun: 'a capacity SKU',
        words: 'A1-A8, EM1-EM3, F2-F2048 (powers of two), P1-P5, PPU or shared',
    },
    '^[a-z][A-Za-z0-9]*Secret$': { noun: 'a credential role', words: 'a role name in camelCase ending in Secret, such as apiKeySecret' },
    '^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$': {
        noun: 'an IPv4 address',
        words: 'an IPv4 address such as 203.0.113.10 (recordType A)',
    },
    '^[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*$': { noun: 'an IPv6 address', words: 'an IPv6 address such as 2001:db8::10 (recordType AAAA)' },
    '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+)$': {
        noun: 'a directory id or domain',
        words: 'a directory id (GUID) or a domain such as contoso.onmicrosoft.com',
    },
    '^https://[^\\s/?#]+(/[^\\s]*)?$': { noun: 'an https:// URL', words: 'an https:// URL such as https://login.microsoftonline.com' },
    // The mail section.
    '^[^\\s@<>"]+@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$': {
        noun: 'a mail address',
        words: 'a bare mail address such as noreply@example.com (no display name, no angle brackets)',
    },
    '^[^\\r\\n<>"]+$': { noun: 'a display name', words: 'a display name on one line, without <, > or double quotes' },
    '^\\S+$': { noun: 'a user name', words: 'a user name without spaces, usually the mailbox address' },
    '^https://\\S+$': { noun: 'an https:// scope', words: 'an https:// scope such as https://outlook.office365.com/.default' },
    '^[1-9][0-9]{0,4}[mhd]$': { noun: 'a duration', words: 'a number and a unit: m (minutes), h (hours) or d (days), such as 7d or 48h' },
};
// ---- rules across fields and files ---------------------------------------------------------------
/** U+202E (a right-to-left override): the character by code point and kind, never the text around it. */
function forbiddenCharacter(where, ch, index) {
    const code = ch.codePointAt(0);
    const point = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const kind = code === 0 ? 'a NUL' : code === 0x1b ? 'an escape, as in terminal colour codes' : code < 0x20 || (code >= 0x7f && code <= 0x9f) ? 'a control character' : 'a bidirectional override, which makes text read unlike its bytes';
    return `${where} contains ${point} (${kind}) at character ${index + 1}; allowed: printable text, without control characters or bidirectional overrides`;
}
function blankName(where) {
    return `${where} is only blanks; allowed: a name with at least one visible character`;
}
function fileNameMismatch(code, fileName) {
    return `code ${quote(code)} does not match the file name ${JSON.stringify(fileName)}; a tenant file is named <code>.yaml: rename it to ${code}.yaml or change the code`;
}
function alsoUsedBy(field, value, others) {
    const plural = field === 'code' ? 'codes' : 'subdomains';
    return `${field} ${quote(value)} is also used by ${others.join(', ')}; ${plural} are unique across tenants (compared case-insensitively)`;
}
function reservedName(field, value, reserved) {
    return `${field} ${quote(value)} is a reserved name; allowed: any name except ${(0,yaml/* formatList */.ki)(reserved)}`;
}
const CATEGORY_WORDS = { lms: 'LMS', englishMaths: 'English & maths', crm: 'CRM', hr: 'HR' };
function unknownProvider(category, value, known) {
    return `providers.${category} ${quote(value)} is not a known ${CATEGORY_WORDS[category] ?? category} provider; known: ${(0,yaml/* formatList */.ki)(known)}`;
}
function unknownModule(path, value, known) {
    return `${path} ${quote(value)} is not a known module${(0,yaml/* didYouMean */.au)(value, known)}; known: ${(0,yaml/* formatList */.ki)(known)}`;
}
function notDefinedInPlatform(path, value, kind, platformFile, defined) {
    return `${path} ${quote(value)} is not a ${kind} defined in ${platformFile}${(0,yaml/* didYouMean */.au)(value, defined)}; defined: ${(0,yaml/* formatList */.ki)(defined)}`;
}
function clusterDedicated(cluster, owner, tenant, usable) {
    return `database.cluster ${quote(cluster)} is dedicated to tenant ${owner}; allowed for ${tenant}: ${(0,yaml/* formatList */.ki)(usable)}`;
}
function noSharedDatabase(cluster, platformFile, usable) {
    return `database.cluster ${quote(cluster)} has no shared database (clusters.${cluster}.database in ${platformFile}) for schema isolation; clusters with one: ${(0,yaml/* formatList */.ki)(usable)}`;
}
function fabricNeedsCapacity(capacity, sku, usable) {
    return `powerbi.fabric needs a Fabric (F) or Premium (P) capacity, and ${quote(capacity)} is ${sku}; capacities that can hold Fabric items: ${(0,yaml/* formatList */.ki)(usable)}`;
}
function invalidEmail(path, value) {
    return `${path} ${quote(value)} is not an email address; allowed: an address such as name@example.com`;
}
function duplicateEmail(path, value, firstPath) {
    return `${path} ${quote(value)} repeats ${firstPath}; each super user appears once (emails compared case-insensitively)`;
}
function undefinedProfile(value, defined, field = 'powerbi.credentialProfile') {
    return `${field} ${quote(value)} is not defined in credentialProfiles${(0,yaml/* didYouMean */.au)(value, defined)}; defined: ${(0,yaml/* formatList */.ki)(defined)}`;
}
function maintenanceTargetMissing() {
    return 'suspend.dns is maintenance but dns.maintenanceTarget is not set; set dns.maintenanceTarget (where a suspended tenant\'s record points), or use suspend.dns: keep';
}
function platformMissing(file) {
    return `${file} not found; the repository root needs ${file} (clusters, capacities, DNS zone, credential profiles)`;
}
/** Never takes the value: the message must not repeat a secret. `example` is a secret NAME. */
function secretInFile(where, kind, what, example) {
    return `${where} looks like ${kind}; ${what} must name a secret, never contain it: store the value as an environment secret, write its NAME (e.g. ${example}) and rotate the value if it was ever committed`;
}
function secretNotSet(name, usedBy) {
    const by = usedBy ? ` (named by ${usedBy})` : '';
    return `environment variable ${name} is not set${by}; set it to the secret's value (on GitHub: an environment secret of that name, passed to the step as env)`;
}
function pathNotFound(path) {
    return `no such file or directory: ${path}; pass tenant files, directories of them, or platform.yaml`;
}
function pathOutsideRepository(path) {
    return `${path} is outside the repository's tenants/ and platform.yaml; allowed: tenant files or folders under tenants/, and platform.yaml (nothing else is ever read)`;
}
function symbolicLink(file) {
    return `${file} is a symbolic link, which is not read; allowed: a regular file (a link could make validation read a file outside the repository)`;
}

;// CONCATENATED MODULE: ./src/config/schema-issues.ts
// Turns ajv's errors into one friendly issue per fault: missing keys of one mapping are grouped,
// several failed constraints on one value become one message, and conditional (if/then/else)
// failures say which condition applies instead of ajv's "must match then schema".


/** Which value issue wins when several constraints fail on the same value. */
const PRIORITY = ['type', 'false schema', 'enum', 'const', 'string', 'number', 'minItems', 'minProperties', 'uniqueItems'];
/** Keywords whose faults on one value make one message: a string's length and form, a number's range. */
const KEYWORD_GROUP = {
    pattern: 'string',
    minLength: 'string',
    maxLength: 'string',
    minimum: 'number',
    maximum: 'number',
    exclusiveMinimum: 'number',
    exclusiveMaximum: 'number',
};
function collectSchemaIssues(errors, data) {
    const conditions = errors.filter((e) => e.keyword === 'if').map(toCondition);
    const issues = [];
    const valueIssues = new Map();
    const grouped = new Map();
    const seenKeys = new Set();
    /** Misspelt keys by mapping, so a missing key explained by a typo is not reported twice. */
    const typoTargets = new Map();
    const addValueIssue = (path, kind, target, message) => {
        const id = JSON.stringify(path);
        const rank = PRIORITY.indexOf(kind) === -1 ? PRIORITY.length : PRIORITY.indexOf(kind);
        const prior = valueIssues.get(id);
        if (!prior || rank < prior.rank)
            valueIssues.set(id, { rank, issue: { path, target, message } });
    };
    for (const e of errors) {
        if (e.keyword === 'if' || e.keyword === 'propertyNames')
            continue;
        const path = toSegments(e.instancePath, data);
        const shown = (0,yaml/* formatPath */.jV)(path);
        const value = valueAt(data, path);
        const schema = (e.parentSchema ?? {});
        const cond = conditions.find((c) => e.instancePath.startsWith(c.instancePath) && e.schemaPath.startsWith(c.branchPrefix));
        if (e.propertyName !== undefined) {
            // A mapping key breaking its naming rule (propertyNames): one issue per key, at the key.
            const keyPath = [...path, e.propertyName];
            const id = JSON.stringify(keyPath);
            if (!seenKeys.has(id)) {
                seenKeys.add(id);
                issues.push({ path: keyPath, target: 'key', message: badKeyName(shown, e.propertyName, schema) });
            }
            continue;
        }
        switch (KEYWORD_GROUP[e.keyword] ?? e.keyword) {
            case 'required': {
                const id = `${e.instancePath}|${cond?.branchPrefix ?? ''}`;
                const group = grouped.get(id) ?? { path, missing: [], required: schema.required ?? [], condition: cond?.text };
                group.missing.push(e.params.missingProperty);
                grouped.set(id, group);
                break;
            }
            case 'additionalProperties': {
                const key = e.params.additionalProperty;
                const allowed = Object.keys(schema.properties ?? {});
                const target = (0,yaml/* suggestClosest */.y6)(key, allowed);
                if (target)
                    typoTargets.set(e.instancePath, (typoTargets.get(e.instancePath) ?? new Set()).add(target));
                issues.push({ path: [...path, key], target: 'key', message: yaml/* unknownKey */.a(key, shown, allowed) });
                break;
            }
            case 'false schema':
                addValueIssue(path, e.keyword, 'key', forbiddenKey(shown, cond?.text.replace(/^unless /, 'when '), cond?.branch));
                break;
            case 'type':
                addValueIssue(path, e.keyword, 'value', wrongType(shown, value, String(e.params.type).split(',')));
                break;
            case 'enum':
                addValueIssue(path, e.keyword, 'value', notAllowedValue(shown, value, e.params.allowedValues));
                break;
            case 'const':
                addValueIssue(path, e.keyword, 'value', notAllowedValue(shown, value, [e.params.allowedValue]));
                break;
            case 'string':
                addValueIssue(path, 'string', 'value', badString(shown, String(value), schema));
                break;
            case 'number':
                addValueIssue(path, 'number', 'value', badNumber(shown, Number(value), schema));
                break;
            case 'minItems':
                addValueIssue(path, e.keyword, 'value', tooFewItems(shown, Number(schema.minItems)));
                break;
            case 'minProperties':
                addValueIssue(path, e.keyword, 'value', tooFewProperties(shown, Number(schema.minProperties)));
                break;
            case 'uniqueItems': {
                const { i, j } = e.params;
                const [first, again] = i < j ? [i, j] : [j, i];
                const itemPath = [...path, again];
                addValueIssue(itemPath, e.keyword, 'value', duplicateItem((0,yaml/* formatPath */.jV)(itemPath), valueAt(data, itemPath), (0,yaml/* formatPath */.jV)([...path, first])));
                break;
            }
            default:
                addValueIssue(path, e.keyword, 'value', `${shown || 'the file'} ${e.message ?? 'is not valid'}`);
        }
    }
    for (const [id, g] of grouped) {
        const typos = typoTargets.get(id.slice(0, id.indexOf('|')));
        g.missing = g.missing.filter((k) => !typos?.has(k));
        if (g.missing.length === 0)
            continue;
        issues.push({ path: g.path, target: 'key', message: yaml/* missingKeys */.lx((0,yaml/* formatPath */.jV)(g.path), g.missing, g.required, g.condition) });
    }
    return [...issues, ...[...valueIssues.values()].map((v) => v.issue)];
}
function toCondition(e) {
    const branch = e.params.failingKeyword;
    const ifSchema = (e.parentSchema ?? {}).if;
    const parts = Object.entries(ifSchema?.properties ?? {})
        .filter(([, s]) => s && typeof s === 'object' && 'const' in s)
        .map(([k, s]) => `${k} is ${String(s.const)}`);
    const text = parts.length ? `${branch === 'then' ? 'when' : 'unless'} ${parts.join(' and ')}` : '';
    return { instancePath: e.instancePath, branchPrefix: e.schemaPath.replace(/\/if$/, `/${branch}/`), branch, text };
}
/** JSON Pointer → path segments; array positions become numbers. */
function toSegments(pointer, data) {
    if (!pointer)
        return [];
    const out = [];
    let node = data;
    for (const raw of pointer.slice(1).split('/')) {
        const seg = raw.replaceAll('~1', '/').replaceAll('~0', '~');
        if (Array.isArray(node)) {
            out.push(Number(seg));
            node = node[Number(seg)];
        }
        else {
            out.push(seg);
            node = node && typeof node === 'object' ? node[seg] : undefined;
        }
    }
    return out;
}
function valueAt(data, path) {
    let node = data;
    for (const seg of path) {
        if (node === null || typeof node !== 'object')
            return undefined;
        node = node[seg];
    }
    return node;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/config/secret-scan.ts
// Finds values that look like secrets in tenant and platform files, which must only ever NAME
// secrets. Every scalar (keys included) is checked, and comments too, since they are in git as
// well. Callers get the kind of secret, never the value: no message may repeat it.



const TOKEN_CHAR = 'A-Za-z0-9_~.-';
const DETECTORS = [
    { kind: 'a PEM private key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/, inComments: true },
    { kind: 'a JSON Web Token', re: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/, inComments: true },
    { kind: 'a connection string with a password', re: /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s:@/]*:[^\s@/]+@/i, inComments: true },
    {
        kind: 'a connection string with a password',
        re: /(?:^|[\s;?&])(?:password|pwd|passwd)\s*=\s*[^\s;&]{3,}/i,
        inComments: true,
    },
    {
        kind: 'an Azure account or access key',
        re: /(?:^|[\s;?&])(?:AccountKey|SharedAccessKey|SharedAccessSignature|sig)\s*=\s*[^\s;&]{16,}/i,
        inComments: true,
    },
    { kind: 'an Azure client secret', re: new RegExp(`(?<![${TOKEN_CHAR}])[${TOKEN_CHAR}]{3}\\dQ~[${TOKEN_CHAR}]{31,34}(?![${TOKEN_CHAR}])`), inComments: true },
    { kind: 'a GoDaddy API key', re: /sso-key\s+[A-Za-z0-9_]+:[A-Za-z0-9_]+/i, inComments: true },
    {
        // GoDaddy keys: mixed-case letters and digits around one underscore. Env-var style names (all
        // uppercase) never match, which is what secret NAMES look like.
        kind: 'a GoDaddy API key',
        re: /(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]*[a-z])(?=[A-Za-z0-9_]*[A-Z])(?=[A-Za-z0-9_]*\d)[A-Za-z0-9]{8,}_[A-Za-z0-9]{16,}(?![A-Za-z0-9_])/,
        inComments: false,
    },
    { kind: 'an AWS access key', re: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/, inComments: true },
    { kind: 'a GitHub token', re: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/, inComments: true },
];
const MIN_TOKEN = 32;
const MIN_ENTROPY = 4;
const secret_scan_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Shannon entropy in bits per character. */
function shannonEntropy(text) {
    const counts = new Map();
    for (const c of text)
        counts.set(c, (counts.get(c) ?? 0) + 1);
    let bits = 0;
    for (const n of counts.values()) {
        const p = n / text.length;
        bits -= p * Math.log2(p);
    }
    return bits;
}
/**
 * A random-looking token: at least 32 characters without spaces, more than 4 bits of entropy per
 * character, and at least two of uppercase, lowercase and digits (so long lowercase names and
 * UPPER_CASE secret names never count). GUIDs are ids, not secrets.
 */
function isHighEntropyToken(token) {
    if (token.length < MIN_TOKEN || secret_scan_GUID.test(token))
        return false;
    const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(token)).length;
    return classes >= 2 && shannonEntropy(token) > MIN_ENTROPY;
}
/** The kind of secret `text` looks like (`a JSON Web Token`, ...), or undefined. */
function detectSecret(text) {
    for (const d of DETECTORS)
        if (d.re.test(text))
            return d.kind;
    for (const token of text.match(/[A-Za-z0-9+/=_~.-]{32,}/g) ?? []) {
        if (isHighEntropyToken(token))
            return 'a high-entropy token (a key or password)';
    }
    return undefined;
}
/** `what` names the file kind for the message; `example` is a secret NAME to show. */
function scanForSecrets(source, what, example) {
    const scan = { issues: [], commentFindings: [], values: [] };
    const covered = [];
    const check = (node, path, target) => {
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'string')
            return;
        const kind = detectSecret(node.value);
        if (!kind)
            return;
        const where = target === 'key' ? `a key in ${formatWhere(path.slice(0, -1))}` : formatWhere(path);
        scan.issues.push({ path, target, message: secretInFile(where, kind, what, example), secret: true });
        scan.values.push(node.value);
        if (node.range)
            covered.push([node.range[0], node.range[1]]);
    };
    const walk = (node, path) => {
        if ((0,dist/* isMap */.jh)(node)) {
            for (const pair of node.items) {
                if (!(0,dist/* isPair */.tO)(pair))
                    continue;
                const key = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : '?';
                // One path per pair: an issue keeps it, and nothing changes it afterwards.
                const at = [...path, key];
                check(pair.key, at, 'key');
                check(pair.value, at, 'value');
                walk(pair.value, at);
            }
        }
        else if ((0,dist/* isSeq */.oP)(node)) {
            node.items.forEach((item, i) => {
                const at = [...path, i];
                check(item, at, 'value');
                walk(item, at);
            });
        }
    };
    walk(source.doc.contents, []);
    for (const d of DETECTORS.filter((x) => x.inComments)) {
        for (const m of source.text.matchAll(new RegExp(d.re.source, d.re.flags + 'g'))) {
            const at = m.index + (m[0].length - m[0].trimStart().length);
            if (covered.some(([from, to]) => at >= from && at < to))
                continue;
            covered.push([at, at + m[0].length]);
            scan.values.push(m[0].trim());
            scan.commentFindings.push({ file: source.file, ...source.lineCounter.linePos(at), message: secretInFile('a comment', d.kind, what, example) });
        }
    }
    return scan;
}
/** The path without any key that is not a plain name: such a key may be the secret itself. */
function formatWhere(path) {
    return (0,yaml/* formatPath */.jV)(path, () => '…') || 'the top level';
}

// EXTERNAL MODULE: ./src/naming/index.ts + 1 modules
var naming = __webpack_require__(52135);
;// CONCATENATED MODULE: ./src/config/tenant-rules.ts
// Rules a JSON Schema cannot express for one tenant file: its name, reserved names, codes known to
// the catalog, names defined in platform.yaml, dedicated clusters, super users. They run on the
// parsed data even when the schema failed, reading fields defensively, so one run reports
// everything; uniqueness across tenants lives in validate.ts where all files meet.


/** Names no tenant may take as code or subdomain: they collide with platform hosts or records. */
const RESERVED_NAMES = [
    '_tenantops', 'admin', 'api', 'app', 'assets', 'auth', 'autodiscover', 'billing', 'blog', 'cdn', 'dashboard',
    'dev', 'docs', 'ftp', 'help', 'imap', 'internal', 'login', 'mail', 'mx', 'ns', 'ns1', 'ns2', 'platform',
    'pop', 'portal', 'registry', 'smtp', 'sso', 'staging', 'static', 'status', 'support', 'tenantops', 'test',
    'webmail', 'www',
];
const PROVIDER_CATEGORIES = ['lms', 'englishMaths', 'crm', 'hr'];
// The one fact about isolation modes a tenant rule needs: which keep the tenant's schema in its
// cluster's shared database (clusters.<name>.database). config sits below db and cannot ask db's
// isolation strategies; test/db/isolation-strategy.test.ts holds this table to agree with them.
const IN_SHARED_DATABASE = { schema: true, database: false, byod: false };
// The common shape of an address; deliverability is not our concern, typos are.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
function checkTenantRules(data, file, ctx) {
    return [
        ...checkFileName(data, file),
        ...checkReserved(data),
        ...checkProviders(data, ctx.providers),
        ...checkModules(data, ctx.providers),
        ...(ctx.platform ? checkPlatformNames(data, ctx.platform) : []),
        ...checkSuperUsers(data),
    ];
}
function str(value) {
    return typeof value === 'string' ? value : undefined;
}
function obj(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
function checkFileName(data, file) {
    const code = str(data.code);
    const base = file.slice(file.lastIndexOf('/') + 1);
    // An invalid code has its own finding, and quoting it in a file name could break the line.
    if (code === undefined || !(0,naming/* isValidTenantCode */.K6)(code) || base === `${code}.yaml`)
        return [];
    return [{ path: ['code'], target: 'value', message: fileNameMismatch(code, base) }];
}
function checkReserved(data) {
    const issues = [];
    for (const field of ['code', 'subdomain']) {
        const value = str(data[field]);
        if (value !== undefined && RESERVED_NAMES.includes(value.toLowerCase())) {
            issues.push({ path: [field], target: 'value', message: reservedName(field, value, RESERVED_NAMES) });
        }
    }
    return issues;
}
function checkProviders(data, registry) {
    const providers = obj(data.providers);
    if (!providers)
        return [];
    const issues = [];
    for (const category of PROVIDER_CATEGORIES) {
        const value = str(providers[category]);
        if (value === undefined || value === '')
            continue;
        const known = [...registry[category]].sort();
        if (!known.includes(value)) {
            issues.push({ path: ['providers', category], target: 'value', message: unknownProvider(category, value, known) });
        }
    }
    return issues;
}
function checkModules(data, registry) {
    if (!Array.isArray(data.modules))
        return [];
    const known = [...registry.modules].sort();
    const issues = [];
    data.modules.forEach((m, i) => {
        if (typeof m === 'string' && m !== '' && !known.includes(m)) {
            issues.push({ path: ['modules', i], target: 'value', message: unknownModule(`modules[${i}]`, m, known) });
        }
    });
    return issues;
}
function checkPlatformNames(data, platform) {
    const issues = [];
    const code = str(data.code) ?? '';
    const database = obj(data.database);
    const clusterName = str(database?.cluster);
    if (clusterName) {
        const cluster = Object.hasOwn(platform.clusters, clusterName) ? platform.clusters[clusterName] : undefined;
        const usable = Object.entries(platform.clusters)
            .filter(([, c]) => c.dedicatedTo === undefined || c.dedicatedTo === code)
            .map(([n]) => n)
            .sort();
        if (!cluster) {
            issues.push({
                path: ['database', 'cluster'],
                target: 'value',
                message: notDefinedInPlatform('database.cluster', clusterName, 'cluster', platform.file, Object.keys(platform.clusters).sort()),
            });
        }
        else if (typeof cluster.dedicatedTo === 'string' && cluster.dedicatedTo !== code) {
            issues.push({ path: ['database', 'cluster'], target: 'value', message: clusterDedicated(clusterName, cluster.dedicatedTo, code, usable) });
        }
        else if (inSharedDatabase(database?.isolation) && typeof cluster.database !== 'string') {
            const withDatabase = usable.filter((n) => typeof platform.clusters[n].database === 'string');
            issues.push({ path: ['database', 'cluster'], target: 'value', message: noSharedDatabase(clusterName, platform.file, withDatabase) });
        }
    }
    const powerbi = obj(data.powerbi);
    const capacityName = str(powerbi?.capacity);
    if (capacityName) {
        const capacity = Object.hasOwn(platform.capacities, capacityName) ? platform.capacities[capacityName] : undefined;
        if (!capacity) {
            issues.push({
                path: ['powerbi', 'capacity'],
                target: 'value',
                message: notDefinedInPlatform('powerbi.capacity', capacityName, 'capacity', platform.file, Object.keys(platform.capacities).sort()),
            });
        }
        else if (obj(powerbi?.fabric) && typeof capacity.sku === 'string' && !holdsFabricItems(capacity.sku)) {
            const usable = Object.entries(platform.capacities)
                .filter(([, c]) => typeof c.sku === 'string' && holdsFabricItems(c.sku))
                .map(([n]) => n)
                .sort();
            issues.push({ path: ['powerbi', 'fabric'], target: 'key', message: fabricNeedsCapacity(capacityName, capacity.sku, usable) });
        }
    }
    return issues;
}
/** Fabric items (lakehouse, warehouse) need a Fabric F SKU or a Premium P SKU. */
function holdsFabricItems(sku) {
    return /^[FP]\d+$/.test(sku);
}
function inSharedDatabase(isolation) {
    return typeof isolation === 'string' && Object.hasOwn(IN_SHARED_DATABASE, isolation) && IN_SHARED_DATABASE[isolation];
}
function checkSuperUsers(data) {
    if (!Array.isArray(data.superUsers))
        return [];
    const issues = [];
    const seen = new Map();
    data.superUsers.forEach((user, i) => {
        const email = str(obj(user)?.email);
        if (email === undefined || email.length < 3)
            return; // the schema reports those
        const path = ['superUsers', i, 'email'];
        if (!EMAIL.test(email)) {
            issues.push({ path, target: 'value', message: invalidEmail(`superUsers[${i}].email`, email) });
            return;
        }
        const first = seen.get(email.toLowerCase());
        if (first !== undefined) {
            issues.push({ path, target: 'value', message: duplicateEmail(`superUsers[${i}].email`, email, `superUsers[${first}].email`) });
        }
        else {
            seen.set(email.toLowerCase(), i);
        }
    });
    return issues;
}

;// CONCATENATED MODULE: ./src/config/rollout-rules.ts
// platform.yaml's rollout section beyond its schema: `batch` and `haltAfter` are each a count or a
// percent, a union JSON Schema can only say with anyOf, whose failures read as two unrelated
// messages; one rule gives one finding that names both forms.
const PERCENT = /^(\d{1,3})%$/;
function checkRolloutRules(rollout) {
    if (!rollout)
        return [];
    const issues = [];
    const check = (key, min, noun) => {
        if (!(key in rollout))
            return;
        const value = rollout[key];
        if (isCountOrPercent(value, min))
            return;
        const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : `a ${Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value}`;
        issues.push({
            path: ['rollout', key],
            target: 'value',
            message: `rollout.${key} ${shown} is not a count or a percent; allowed: a whole number of ${noun} from ${min}, or a percent from ${min}% to 100% such as 25%`,
        });
    };
    check('batch', 1, 'tenants');
    check('haltAfter', 0, 'failed tenants');
    return issues;
}
function isCountOrPercent(value, min) {
    if (typeof value === 'number')
        return Number.isInteger(value) && value >= min;
    if (typeof value !== 'string')
        return false;
    const m = PERCENT.exec(value);
    return !!m && Number(m[1]) >= min && Number(m[1]) <= 100;
}

;// CONCATENATED MODULE: ./src/config/platform-rules.ts
// Rules for platform.yaml beyond its schema: references between its own sections. Like the tenant
// rules they read the data defensively, so they also run when the schema failed.


function checkPlatformRules(data) {
    const issues = [];
    const powerbi = asRecord(data.powerbi);
    const profiles = asRecord(data.credentialProfiles);
    const profile = powerbi?.credentialProfile;
    if (typeof profile === 'string' && profiles && !Object.hasOwn(profiles, profile)) {
        issues.push({ path: ['powerbi', 'credentialProfile'], target: 'value', message: undefinedProfile(profile, Object.keys(profiles).sort()) });
    }
    const mailProfile = asRecord(asRecord(data.mail)?.auth)?.credentialProfile;
    if (typeof mailProfile === 'string' && profiles && !Object.hasOwn(profiles, mailProfile)) {
        issues.push({ path: ['mail', 'auth', 'credentialProfile'], target: 'value', message: undefinedProfile(mailProfile, Object.keys(profiles).sort(), 'mail.auth.credentialProfile') });
    }
    issues.push(...checkRolloutRules(asRecord(data.rollout)));
    const dns = asRecord(data.dns);
    if (asRecord(data.suspend)?.dns === 'maintenance' && dns && dns.maintenanceTarget === undefined) {
        issues.push({ path: ['suspend', 'dns'], target: 'value', message: maintenanceTargetMissing() });
    }
    return issues;
}
/** The parts of (possibly invalid) platform data tenant rules rely on; undefined if unusable. */
function toPlatformView(data, file) {
    if (!data)
        return undefined;
    const clusters = entriesOf(data.clusters);
    const capacities = entriesOf(data.capacities);
    return { file, clusters, capacities };
}
function asRecord(value) {
    return value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
function entriesOf(value) {
    const out = {};
    for (const [name, entry] of Object.entries(asRecord(value) ?? {}))
        out[name] = asRecord(entry) ?? {};
    return out;
}

;// CONCATENATED MODULE: ./src/config/text-rules.ts
// What no text value of a tenant file or platform.yaml may hold, whatever its schema says: control
// characters (a NUL reaches PostgreSQL as "invalid byte sequence" mid-apply; ANSI escapes repaint
// a reviewer's terminal), bidirectional overrides that make a name read unlike its bytes, and
// names of nothing but blanks. Messages name the character by code point, never the text around it.


/** C0 and C1 controls, DEL, and the bidirectional embedding, override and isolate marks. */
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]/u;
/** Fields shown to people as names: they must have something visible in them. */
const NAME_FIELDS = new Set(['name', 'firstName', 'lastName']);
/**
 * A message as one safe line: any forbidden character a message quotes (through a key name or a
 * value) is written as its escape, so a finding stays `file:line:col: message` on one line.
 */
function escapeForbidden(message) {
    return message.replace(new RegExp(FORBIDDEN.source, 'gu'), (ch) => `\\u${ch.codePointAt(0).toString(16).padStart(4, '0')}`);
}
function checkText(data) {
    const issues = [];
    walk(data, [], issues);
    return issues;
}
function walk(value, path, issues) {
    if (typeof value === 'string') {
        const bad = FORBIDDEN.exec(value);
        if (bad)
            issues.push({ path, target: 'value', message: forbiddenCharacter((0,yaml/* formatPath */.jV)(path), bad[0], bad.index) });
        else if (NAME_FIELDS.has(String(path.at(-1))) && value.length > 0 && value.trim() === '') {
            issues.push({ path, target: 'value', message: blankName((0,yaml/* formatPath */.jV)(path)) });
        }
        return;
    }
    if (Array.isArray(value))
        value.forEach((v, i) => walk(v, [...path, i], issues));
    else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
            const bad = FORBIDDEN.exec(k);
            if (bad)
                issues.push({ path: [...path, k], target: 'key', message: forbiddenCharacter(path.length ? `a key in ${(0,yaml/* formatPath */.jV)(path)}` : 'a top-level key', bad[0], bad.index) });
            else
                walk(v, [...path, k], issues);
        }
    }
}

;// CONCATENATED MODULE: ./src/config/validate.ts
// Validation of tenant files and platform.yaml from their text: YAML faults, schema, rules,
// secrets, and uniqueness across tenants, all gathered into findings (nothing throws). Pure: no
// file system, so tests and the benchmark feed it text directly.










const TENANT_WORDS = { what: 'a tenant file', example: 'GAMMA_SKILLS_DATABASE_URL' };
const PLATFORM_WORDS = { what: 'platform.yaml', example: 'TENANTOPS_DEPLOYER_SECRET' };
function validateSources(input, options) {
    const validators = getValidators();
    let platformChecked;
    let platformView;
    if (input.platform) {
        platformChecked = checkFile(input.platform, PLATFORM_WORDS, schemas.platform.required, (data) => {
            validators.platform(data);
            return [...collectSchemaIssues(validators.platform.errors ?? [], data), ...checkPlatformRules(data)];
        });
        platformView = toPlatformView(platformChecked.data, input.platform.file);
    }
    const tenants = input.tenants.map((t) => checkFile(t, TENANT_WORDS, schemas.tenant.required, (data) => {
        validators.tenant(data);
        return [
            ...collectSchemaIssues(validators.tenant.errors ?? [], data),
            ...checkTenantRules(data, t.file, { providers: options.providers, platform: platformView }),
        ];
    }));
    addUniquenessFindings(tenants);
    if (platformChecked?.findings.length === 0 && platformChecked.data) {
        addRuleFindings(tenants, platformChecked.data, options.rules ?? []);
    }
    for (const t of tenants)
        t.findings = redact(t.findings, t.secrets);
    const report = options.report ?? (() => true);
    const all = [...(platformChecked ? [platformChecked] : []), ...tenants];
    return {
        tenants: tenants
            .filter((t) => t.findings.length === 0 && t.data && report(t.file))
            .map((t) => ({ file: t.file, config: t.data }))
            .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)),
        platform: platformChecked && platformChecked.findings.length === 0 ? platformChecked.data : undefined,
        findings: (0,errors/* sortFindings */.Tc)(all.filter((f) => report(f.file)).flatMap((f) => f.findings)),
    };
}
/** One tenant file (with an optional platform.yaml as context): for tests and editors. */
function validateTenantText(text, file, options) {
    const result = validateSources({ tenants: [{ file, text }], platform: options.platform }, { providers: options.providers, report: (f) => f === file });
    return { config: result.tenants[0]?.config, findings: result.findings };
}
function validatePlatformText(text, file = 'platform.yaml') {
    const none = { lms: [], englishMaths: [], crm: [], hr: [], modules: [] };
    const result = validateSources({ tenants: [], platform: { file, text } }, { providers: none });
    return { config: result.platform, findings: result.findings };
}
function checkFile(input, words, required, validate) {
    const parsed = (0,yaml/* parseYamlSource */.WF)(input.text, input.file, { what: words.what, required });
    const data = (0,yaml/* toPlainData */.C6)(parsed);
    if (!parsed.source)
        return { file: input.file, findings: parsed.findings, secrets: [] };
    // Secrets are looked for even when the YAML is broken: a pasted key must never pass silently.
    const secrets = scanForSecrets(parsed.source, words.what, words.example);
    const issues = data ? withTextIssues(validate(data), checkText(data)) : [];
    const all = [...parsed.findings, ...positionIssues(parsed.source, [...issues, ...secrets.issues]), ...secrets.commentFindings];
    const at = {
        code: (0,yaml/* locatePath */.oV)(parsed.source, ['code'], 'value'),
        subdomain: (0,yaml/* locatePath */.oV)(parsed.source, ['subdomain'], 'value'),
    };
    return { file: input.file, at, data, findings: redact(all, secrets.values), secrets: secrets.values };
}
/**
 * Text issues where no other issue stands: a code with a newline breaks its pattern and holds a
 * control character, one fault that should read as one finding.
 */
function withTextIssues(issues, text) {
    const place = (i) => `${i.target}:${JSON.stringify(i.path)}`;
    const taken = new Set(issues.map(place));
    return [...issues, ...text.filter((i) => !taken.has(place(i)))];
}
/**
 * Belt and braces: whatever a message quotes, a flagged secret never reaches output, and nothing
 * it quotes can break its line or steer a terminal.
 */
function redact(findings, secrets) {
    const values = secrets.filter((s) => s.length >= 4);
    return findings.map((f) => {
        let message = escapeForbidden(f.message);
        for (const v of values)
            message = message.split(v).join('***');
        // quote() shortens long values to a prefix and "…": a prefix of a secret is a secret too.
        message = message.replace(/"([^"]{8,})…"/g, (m, head) => (values.some((v) => v.startsWith(head)) ? '"***"' : m));
        return message === f.message ? f : { ...f, message };
    });
}
function addRuleFindings(tenants, platform, rules) {
    if (!rules.length)
        return;
    const valid = tenants.filter((t) => t.findings.length === 0 && t.data && t.at);
    const byFile = new Map(valid.map((t) => [t.file, t]));
    const loaded = valid.map((t) => ({ file: t.file, config: t.data }));
    for (const rule of rules) {
        for (const f of rule(loaded, platform)) {
            const t = byFile.get(f.file);
            if (t)
                t.findings.push({ file: t.file, ...t.at[f.field], message: f.message });
        }
    }
}
function addUniquenessFindings(tenants) {
    for (const field of ['code', 'subdomain']) {
        const byValue = new Map();
        for (const t of tenants) {
            const value = t.data?.[field];
            if (typeof value !== 'string' || !t.at)
                continue;
            const key = value.toLowerCase();
            const group = byValue.get(key);
            if (group)
                group.push(t);
            else
                byValue.set(key, [t]);
        }
        for (const group of byValue.values()) {
            if (group.length < 2)
                continue;
            for (const t of group) {
                const others = group.filter((o) => o !== t).map((o) => `${o.file}:${o.at[field].line}:${o.at[field].col}`);
                t.findings.push({ file: t.file, ...t.at[field], message: alsoUsedBy(field, String(t.data?.[field]), others) });
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/config/load.ts
// Reading a repository's tenant files and platform.yaml from disk and validating them together.
// All tenant files are always read, so uniqueness holds even when only some files are asked for;
// findings are reported for the files asked for (and platform.yaml, which every tenant depends on).
// Only tenants/ and platform.yaml are ever read: a path elsewhere is a usage error and a symbolic
// link is a finding, so validation cannot be pointed at /etc/shadow and echo its lines back.






const PLATFORM_FILE = 'platform.yaml';
const TENANTS_DIR = 'tenants';
const READS_IN_FLIGHT = 16;
/**
 * Loads and validates `tenants/*.yaml` and `platform.yaml` under `root`. Findings never throw;
 * an unreadable path given in `paths` is an EnvironmentError (a usage mistake, exit 2).
 */
async function loadRepository(root, options) {
    const base = (0,external_node_path_.resolve)(root);
    const toRelative = (abs) => (0,external_node_path_.relative)(base, abs).split(external_node_path_.sep).join('/');
    const tenantsDir = (0,external_node_path_.join)(base, TENANTS_DIR);
    const links = [];
    const contextFiles = await listYamlFiles(tenantsDir, false, links);
    const requested = new Set();
    for (const p of options.paths ?? []) {
        const abs = (0,external_node_path_.resolve)(base, p);
        if (!isInside(toRelative(abs)))
            throw new errors/* EnvironmentError */.eG(pathOutsideRepository(p));
        const info = await (0,promises_.lstat)(abs).catch(() => undefined);
        if (!info)
            throw new errors/* EnvironmentError */.eG(pathNotFound(p));
        // A folder reached through a link could lead anywhere: where it really is must be inside too.
        if (info.isDirectory() && !isInside((0,external_node_path_.relative)(await (0,promises_.realpath)(base), await (0,promises_.realpath)(abs)).split(external_node_path_.sep).join('/'))) {
            throw new errors/* EnvironmentError */.eG(pathOutsideRepository(p));
        }
        if (info.isSymbolicLink()) {
            links.push(abs);
            requested.add(toRelative(abs));
        }
        for (const file of info.isDirectory() ? await listYamlFiles(abs, true, links) : info.isFile() ? [abs] : [])
            requested.add(toRelative(file));
    }
    const platformInfo = await (0,promises_.lstat)((0,external_node_path_.join)(base, PLATFORM_FILE)).catch(() => undefined);
    if (platformInfo?.isSymbolicLink())
        links.push((0,external_node_path_.join)(base, PLATFORM_FILE));
    const linked = new Set(links.map(toRelative));
    const tenantFiles = new Set([...contextFiles.map(toRelative), ...[...requested].filter((f) => f !== PLATFORM_FILE && !linked.has(f))]);
    // A few reads in flight, not every file at once: 10,000 reads started together hold all their
    // buffers and promises at the same time (over 100 MB) for no gain in speed.
    const tenants = await (0,plan/* mapLimit */.sf)([...tenantFiles].sort(), READS_IN_FLIGHT, async (file) => ({ file, text: await (0,promises_.readFile)((0,external_node_path_.join)(base, file), 'utf8') }));
    const platformText = linked.has(PLATFORM_FILE) ? undefined : await (0,promises_.readFile)((0,external_node_path_.join)(base, PLATFORM_FILE), 'utf8').catch(() => undefined);
    const report = requested.size ? (file) => requested.has(file) || file === PLATFORM_FILE : undefined;
    const result = validateSources({ tenants, platform: platformText === undefined ? undefined : { file: PLATFORM_FILE, text: platformText } }, { providers: options.providers, report, rules: options.rules });
    if (platformText === undefined && !linked.has(PLATFORM_FILE)) {
        result.findings.unshift({ file: PLATFORM_FILE, line: 1, col: 1, message: platformMissing(PLATFORM_FILE) });
    }
    for (const file of [...linked].sort().reverse()) {
        if (!report || report(file))
            result.findings.unshift({ file, line: 1, col: 1, message: symbolicLink(file) });
    }
    return result;
}
/** Regular YAML files under `dir`; links to YAML files go to `links` (never followed, never read). */
async function listYamlFiles(dir, recursive, links) {
    const entries = (await (0,promises_.readdir)(dir, { withFileTypes: true, recursive }).catch(() => [])).filter((e) => /\.ya?ml$/.test(e.name));
    for (const e of entries)
        if (e.isSymbolicLink())
            links.push((0,external_node_path_.join)(e.parentPath, e.name));
    return entries
        .filter((e) => e.isFile())
        .map((e) => (0,external_node_path_.join)(e.parentPath, e.name))
        .sort();
}
/** Whether a repository-relative path is platform.yaml or inside tenants/. */
function isInside(rel) {
    return rel === PLATFORM_FILE || rel === TENANTS_DIR || rel.startsWith(`${TENANTS_DIR}/`);
}

;// CONCATENATED MODULE: ./src/config/resolve-secret.ts
// The one way a secret NAME becomes its value: the environment variable of that name, which is how
// GitHub hands environment secrets to a step. A missing one is the operator's to fix (exit 2).


/**
 * The value of the secret `name`, read from `env`. Throws EnvironmentError naming the variable
 * (never a value) when it is unset or empty. `usedBy` says where the name came from, e.g.
 * `database.connectionSecret of tenants/gamma-skills.yaml`.
 */
function resolveSecret(name, env = process.env, usedBy) {
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value === undefined || value === '')
        throw new errors/* EnvironmentError */.eG(secretNotSet(name, usedBy));
    return value;
}

;// CONCATENATED MODULE: ./src/config/index.ts
// config: tenant files and platform.yaml — reading them from a repository, JSON Schema validation,
// rules across files, and findings as `file:line:col: what is wrong; what is allowed`. Parsing with
// source positions is the shared YAML loader's (src/yaml).





// The positioned-findings machinery other YAML file kinds (operations/*.yaml) reuse.






/***/ }),

/***/ 40919:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  I1: () => (/* reexport */ chooseIsolation),
  t3: () => (/* reexport */ dataStoreOf),
  bP: () => (/* reexport */ dbCapability),
  f2: () => (/* reexport */ exportTenantData),
  Sw: () => (/* reexport */ locateDataStore),
  Ly: () => (/* reexport */ migrateTenants),
  Fn: () => (/* reexport */ secret_names_passwordSecretName),
  Sk: () => (/* reexport */ readTenantMigrations),
  Ff: () => (/* reexport */ readTenantStatus),
  Q4: () => (/* reexport */ renderMigrationMarkdown),
  LW: () => (/* reexport */ renderTenantStatus)
});

// UNUSED EXPORTS: BYOD_SECRETS, CHAOS_KILL_AFTER_VARIABLE, CONNECTION_LIMITS, LARGE_OBJECT_WRITERS, MIGRATIONS_TABLE, MIGRATION_LOCK_NAMESPACE, MIN_SERVER_VERSION, SUPPORTED_POSTGRES_MAJORS, TENANT_MIGRATIONS_DIR, clusterParallelism, csvLine, dbSpecOf, desiredDbResources, findCrossTenantPrivileges, migrateTenant, readDbCredentials, recordTenantSql, targetFor, writeCount

// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/plan/index.ts + 18 modules
var plan = __webpack_require__(61716);
// EXTERNAL MODULE: ./src/pg/index.ts + 5 modules
var pg = __webpack_require__(22541);
;// CONCATENATED MODULE: ./src/db/migration-files.ts
// The tenant data model as ordered SQL files in templates/tenant-migrations (NNNN_lowercase_words.sql),
// read and checked by pg's migration files, the same as the registry's.


const TENANT_MIGRATIONS_DIR = 'templates/tenant-migrations';
/** The per-tenant table recording applied migrations, in the tenant's schema, owned by its owner. */
const MIGRATIONS_TABLE = 'tenantops_migrations';
/** How plans name a migration: the file and the start of its checksum, so a reviewed plan pins the SQL. */
function migrationId(m) {
    return `${m.name}#${m.checksum.slice(0, 12)}`;
}
/** The migrations under `root`, in version order; at least one, or the tenant data model is missing. */
function readTenantMigrations(root) {
    const migrations = (0,pg/* readMigrationFiles */.IE)(root, TENANT_MIGRATIONS_DIR, 'tenant migration');
    if (migrations.length === 0) {
        throw new errors/* ConfigurationError */.j1([{ file: TENANT_MIGRATIONS_DIR, line: 1, col: 1, message: 'no tenant migrations found; the tenant data model lives here as NNNN_name.sql files' }]);
    }
    return migrations;
}

;// CONCATENATED MODULE: ./src/db/database-acl.ts
// One database's privileges changed by one transaction at a time, whichever tenant's run sends it.
//
// A database's ACL is one row of the cluster-wide pg_database, and PUBLIC's grants on what every
// tenant of a shared database shares (schema public, the large-object functions) are one row each
// there. GRANT and REVOKE rewrite that row; when two transactions rewrite it at once the later
// one does not merge, it fails with `tuple concurrently updated` (SQLSTATE XX000) once the first
// commits. Since each tenant's roles get CONNECT explicitly (db/grants), tenants applied at once
// on one shared database (a fleet rollout, migrate --all) did exactly that.
//
// Serialised with a transaction-scoped advisory lock rather than retried: a bounded retry fails a
// large enough fleet, the lock only makes it queue for milliseconds. The lock is held in the
// registry, not on the cluster: advisory locks belong to the database the session is in, and these
// statements are sent from different databases of a cluster (schema tenants from the shared
// database, database tenants from the admin one, the `postgres` database's from either), while
// every run of the platform reaches the one registry. The key space `tenantops.database-acl`
// (cluster/database) is its own: the tenant locks (`tenantops.tenant`) and the migration runners'
// locks use other namespaces of advisoryKey.

const DATABASE_ACL_LOCK_NAMESPACE = 'tenantops.database-acl';
/** The lock key of `database`'s privileges on the tenant's server. */
function databaseAclKey(target, database) {
    return (0,pg/* advisoryKey */.TB)(DATABASE_ACL_LOCK_NAMESPACE, `${target.spec.cluster}/${database}`);
}
/**
 * Runs `fn` — transactions that GRANT or REVOKE on `database`, or on what its tenants share — while
 * no other run changes that database's privileges. Never nest two: each holds a registry connection.
 */
async function withDatabaseAclLock(target, database, fn) {
    const registry = await target.services.registry();
    return (0,pg/* withClient */.SV)(registry, async (client) => {
        await client.query('BEGIN');
        try {
            await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [databaseAclKey(target, database)]);
            return await fn();
        }
        finally {
            // The lock's transaction changed nothing: ending it releases the lock (so does a lost connection).
            await client.query('ROLLBACK').catch((e) => (0,pg/* discardClient */._3)(client, e));
        }
    });
}

// EXTERNAL MODULE: ./src/registry/index.ts + 24 modules
var src_registry = __webpack_require__(25470);
;// CONCATENATED MODULE: ./src/db/services.ts
// What db resources need from the run's live services. The pipeline's Services provides it; this
// interface is declared here, not imported, so db never depends on the pipeline (the pipeline
// builds its resource graphs from db).


/** The services a db resource runs with. */
function dbServicesOf(ctx) {
    const services = ctx.services.tenantops;
    if (!services)
        throw new errors/* EnvironmentError */.eG(`db resources of tenant ${ctx.tenant} need live services, but the run is offline`);
    return services;
}
/** Who is acting, for audit rows: the GitHub actor in a workflow, the local user otherwise. */
function actorOf(services) {
    return (0,src_registry/* actorFromEnv */.zh)(services.env);
}

;// CONCATENATED MODULE: ./src/db/sql.ts

const CHAOS_KILL_AFTER_VARIABLE = 'TENANTOPS_CHAOS_KILL_AFTER';
/** A grantee: a role name quoted, or the PUBLIC keyword. */
function grantee(role) {
    return role === 'PUBLIC' ? 'PUBLIC' : (0,pg/* ident */.bD)(role);
}
let writes = 0;
let recorder;
/**
 * Records every SQL text `execute` sends to a tenant database (not the registry's writes), with
 * the session (pool or client) it went to, for the bench's psql replay. Undefined stops it.
 */
function recordTenantSql(fn) {
    recorder = fn;
}
/** Writes so far in this process. */
function writeCount() {
    return writes;
}
/**
 * Counts one completed write and honours the chaos kill point. Called by `execute`, and after
 * registry writes made through the registry module's own functions.
 */
function countWrite() {
    writes++;
    const killAfter = process.env[CHAOS_KILL_AFTER_VARIABLE];
    if (killAfter && writes === Number(killAfter))
        process.kill(process.pid, 'SIGKILL');
}
/** Runs one write on a tenant database (recorded and counted). */
async function execute(db, sql) {
    const result = await db.query(sql);
    recorder?.(sql, db);
    countWrite();
    return result;
}
/** pg's transactions on a tenant database: BEGIN, COMMIT and whole batches go through `execute`. */
const TENANT_WRITES = { send: (client, sql) => execute(client, sql) };
/** Runs one write on the registry (counted, never recorded: psql replays tenant SQL only). */
async function executeRegistry(db, sql, values) {
    const result = await db.query(sql, values);
    countWrite();
    return result;
}

;// CONCATENATED MODULE: ./src/db/types.ts
const PURPOSES = ['owner', 'app', 'bi'];

;// CONCATENATED MODULE: ./src/db/postgres-versions.ts
// The PostgreSQL majors tenantops provisions on. The oldest is the floor a byod server is held to
// (14 has the SQL-standard function bodies the migrations use); the newest is the one the test
// suite's embedded servers run. Defaults differ between majors (PUBLIC's CREATE on schema public
// went in 15), so db/public reads what PUBLIC may do instead of assuming a major's defaults.
const SUPPORTED_POSTGRES_MAJORS = { oldest: 14, newest: 18 };
/** server_version_num of the oldest supported major's first release. */
const MIN_SERVER_VERSION = SUPPORTED_POSTGRES_MAJORS.oldest * 10000;

;// CONCATENATED MODULE: ./src/db/target.ts


const targets = new WeakMap();
function targetFor(services, spec) {
    let byTenant = targets.get(services);
    if (!byTenant)
        targets.set(services, (byTenant = new Map()));
    let target = byTenant.get(spec.tenant);
    if (!target) {
        target = spec.strategy.open(services, spec);
        byTenant.set(spec.tenant, target);
        // A failed check is not remembered: the next run (or a test fixing the cause) tries again.
        target.catch(() => byTenant.delete(spec.tenant));
    }
    return target;
}
/** Who tenantops is on the server, and what the server is. */
async function serverInfo(pool) {
    const { rows } = await pool.query(`SELECT current_user AS "user", current_database() AS database, current_setting('server_version_num')::int AS version,
            r.rolsuper AS superuser, r.rolcreaterole AS "createRole"
       FROM pg_roles r WHERE r.rolname = current_user`);
    return rows[0];
}
function labeller(spec, roles) {
    const byName = new Map();
    // Reverse order so that, when the app role is the owner (byod without CREATEROLE), the owner's label wins.
    for (const purpose of [...PURPOSES].reverse())
        byName.set(roles[purpose], spec.labels[purpose]);
    return (role) => byName.get(role) ?? role;
}
/** host:port/database as user, from a connection string, without its password. */
function describeUrl(url) {
    try {
        const u = new URL(url);
        return `${u.hostname}:${u.port || 5432}${u.pathname}${u.username ? ` as ${decodeURIComponent(u.username)}` : ''}`;
    }
    catch {
        return 'a connection string that is not a URL';
    }
}
/** A connection string for `role` to the tenant's database, from the run's own. */
function roleUrl(target, role, password) {
    const url = new URL(target.baseUrl);
    url.username = encodeURIComponent(role);
    url.password = encodeURIComponent(password);
    url.pathname = `/${encodeURIComponent(target.databaseName)}`;
    return url.toString();
}

;// CONCATENATED MODULE: ./src/db/resource.ts
// The shape every db resource shares: verbs that take the tenant's resolved target, and an audit row
// for every change applied (the registry's audit log is append-only; states hold no secrets).





function defineDbResource(def) {
    const target = (ctx) => targetFor(dbServicesOf(ctx), def.spec);
    const diff = typeof def.diff === 'function' ? def.diff : (d, a) => (0,plan/* diffFields */.p5)(d, a, def.diff);
    const resource = {
        key: def.key,
        kind: def.kind,
        dependsOn: def.dependsOn ?? [],
        desired: def.desired,
        async read(ctx) {
            return def.read(await target(ctx), ctx);
        },
        diff,
        async apply(ctx, change, actual) {
            const t = await target(ctx);
            const after = await def.apply(t, change, actual, ctx);
            const registry = await t.services.registry();
            await (0,src_registry/* appendAudit */.u0)(registry, {
                ...actorOf(t.services),
                tenant: def.spec.tenant,
                action: `${def.kind}.${change.action}`,
                target: def.key,
                before: actual ?? null,
                after: after ?? null,
            });
            countWrite();
            return after;
        },
    };
    if (def.verify) {
        const verify = def.verify;
        resource.verify = async (ctx, actual) => verify(await target(ctx), actual, ctx);
    }
    return resource;
}

// EXTERNAL MODULE: ./src/naming/index.ts + 1 modules
var naming = __webpack_require__(52135);
// EXTERNAL MODULE: ./src/config/index.ts + 14 modules
var src_config = __webpack_require__(46932);
;// CONCATENATED MODULE: ./src/db/secret-names.ts
/** The registry secret holding a login role's password. */
function secret_names_passwordSecretName(purpose) {
    return `db.${purpose}.password`;
}
/** Registry secret names of a byod tenant's connection strings. */
const BYOD_SECRETS = { connection: 'db.byod.connection', biConnection: 'db.byod.bi-connection' };

;// CONCATENATED MODULE: ./src/db/isolation/byod.ts
// byod: the tenant's schema in the customer's own database, reached through the connection string
// the secret database.connectionSecret holds. The connection's role owns the schema; the app and
// BI roles are created when that role may (CREATEROLE), or are the customer's own when the tenant
// names a BI connection (database.biConnectionSecret). The customer's data is never dropped.





const byodIsolation = {
    isolation: 'byod',
    sharedDatabase: false,
    onCustomerServer: true,
    locate(tenant, _platform, names) {
        // The customer's server and database are named by the connection string, read only when applying.
        const secret = tenant.database.connectionSecret;
        return { isolation: 'byod', cluster: `byod:${secret}`, database: `secret:${secret}`, schema: names.schema, host: `secret:${secret}`, port: 5432, address: `secret:${secret}` };
    },
    roles(tenant, names) {
        const secret = tenant.database.connectionSecret;
        const external = Boolean(tenant.database.biConnectionSecret);
        const labels = { ...names.roles, owner: `login role of ${secret}` };
        if (external) {
            labels.app = labels.owner;
            labels.bi = `login role of ${tenant.database.biConnectionSecret}`;
        }
        return { managed: { owner: false, app: !external, bi: !external }, labels };
    },
    mayDropData: false,
    parts: ['schema', 'migration table'],
    describe: (spec) => ({ kind: 'schema', what: `schema ${spec.schema}`, where: `the byod database of ${spec.connectionSecret}` }),
    sealedSecrets,
    open: openByod,
    async drop(target) {
        throw new errors/* InternalError */.Gd(`tenant ${target.spec.tenant}: a byod store is never dropped`);
    },
};
/**
 * The customer's connection strings, sealed in the registry. When the customer brings its own
 * roles, their passwords are sealed under the same names as the roles tenantops creates
 * (db.app.password, db.bi.password): one contract for the next action.
 */
function sealedSecrets(spec, env) {
    const url = (secret) => (0,src_config/* resolveSecret */.J5)(secret, env);
    const password = (secret) => decodeURIComponent(new URL(url(secret)).password);
    const list = [{ name: BYOD_SECRETS.connection, value: () => url(spec.connectionSecret) }];
    if (spec.biConnectionSecret) {
        list.push({ name: BYOD_SECRETS.biConnection, value: () => url(spec.biConnectionSecret) }, { name: secret_names_passwordSecretName('app'), value: () => password(spec.connectionSecret) }, { name: secret_names_passwordSecretName('bi'), value: () => password(spec.biConnectionSecret) });
    }
    return list;
}
/**
 * The customer's database: reachable, new enough, and its role allowed to create the tenant's schema
 * and (unless the tenant brings its own BI role) the app and BI roles. Every shortfall is named in
 * one message, with the statement that would fix it; nothing is changed there before it passes.
 */
async function openByod(services, spec) {
    const secret = spec.connectionSecret;
    const file = `tenants/${spec.tenant}.yaml`;
    const baseUrl = (0,src_config/* resolveSecret */.J5)(secret, services.env, `database.connectionSecret of ${file}`);
    const where = describeUrl(baseUrl);
    const pool = await services.secretPool(secret, `database.connectionSecret of ${file}`);
    const info = await serverInfo(pool).catch((err) => {
        throw new errors/* EnvironmentError */.eG(`tenant ${spec.tenant}: cannot connect to its byod database (secret ${secret}: ${where}): ${(0,pg/* describePgError */.Ry)(err)}; check the connection string and that the server accepts connections from this runner. Nothing was changed.`);
    });
    const missing = [];
    if (info.version < MIN_SERVER_VERSION) {
        missing.push(`PostgreSQL ${MIN_SERVER_VERSION / 10000} or later (the server runs ${Math.floor(info.version / 10000)}.${info.version % 100})`);
    }
    const { rows } = await pool.query(`SELECT has_database_privilege(current_database(), 'CREATE') AS "canCreate",
            (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1) AS "schemaOwner",
            coalesce((SELECT pg_has_role(current_user, nspowner, 'USAGE') FROM pg_namespace WHERE nspname = $1), false) AS "ownsSchema"`, [spec.schema]);
    const found = rows[0];
    if (found.schemaOwner !== null && !found.ownsSchema) {
        missing.push(`ownership of the existing schema ${spec.schema} (it belongs to "${found.schemaOwner}")`);
    }
    else if (found.schemaOwner === null && !found.canCreate) {
        missing.push(`CREATE on database "${info.database}" to create schema ${spec.schema} (GRANT CREATE ON DATABASE ${(0,pg/* ident */.bD)(info.database)} TO ${(0,pg/* ident */.bD)(info.user)})`);
    }
    const roles = { ...spec.roles, owner: info.user };
    if (spec.managed.app && !info.createRole && !info.superuser) {
        missing.push(`CREATEROLE to create the app and BI roles (ALTER ROLE ${(0,pg/* ident */.bD)(info.user)} CREATEROLE), or database.biConnectionSecret in ${file} naming a secret that holds a read-only BI role's connection string`);
    }
    if (!spec.managed.app) {
        roles.app = info.user;
        roles.bi = await discoverBiRole(services, spec, info.user, missing);
    }
    if (missing.length) {
        throw new errors/* EnvironmentError */.eG(`tenant ${spec.tenant}: its byod database (secret ${secret}: ${where}, role "${info.user}") lacks what tenantops needs: ${missing.join('; ')}. Nothing was changed.`);
    }
    const url = new URL(baseUrl);
    return {
        spec,
        services,
        cluster: pool,
        data: async () => pool,
        roles,
        databaseName: info.database,
        host: url.hostname,
        port: Number(url.port || 5432),
        serverVersion: info.version,
        currentUser: info.user,
        superuser: info.superuser,
        baseUrl,
        label: labeller(spec, roles),
    };
}
async function discoverBiRole(services, spec, owner, missing) {
    const secret = spec.biConnectionSecret;
    const pool = await services.secretPool(secret, `database.biConnectionSecret of tenants/${spec.tenant}.yaml`);
    try {
        const { rows } = await pool.query('SELECT current_user AS "user"');
        const user = rows[0].user;
        if (user === owner)
            missing.push(`a BI role other than "${owner}" in ${secret} (the BI role must be read-only, so it cannot be the role that owns the schema)`);
        return user;
    }
    catch (err) {
        // The role exists without its login (a suspension took it, roles.ts; resuming gives it
        // back): it is the connection string's user.
        if (err.code === '28000' && /not permitted to log in/.test(String(err.message))) {
            return decodeURIComponent(new URL((0,src_config/* resolveSecret */.J5)(secret, services.env)).username);
        }
        missing.push(`a working BI connection in ${secret} (${describeUrl((0,src_config/* resolveSecret */.J5)(secret, services.env))}: ${(0,pg/* describePgError */.Ry)(err)})`);
        return spec.roles.bi;
    }
}

;// CONCATENATED MODULE: ./src/db/isolation/cluster.ts
// What schema and database isolation share: the store is on a platform cluster from platform.yaml,
// managed through the cluster's admin connection string, with roles tenantops creates itself.




/** The store on the tenant's cluster, in `database` there. */
function locateOnCluster(isolation, tenant, platform, database, names) {
    const cluster = tenant.database.cluster;
    const config = platform.clusters[cluster];
    const host = config?.host ?? `unknown cluster ${cluster}`;
    const port = config?.port ?? 5432;
    return { isolation, cluster, clusterName: cluster, database, schema: names.schema, host, port, address: `${host}:${port}` };
}
/** On a platform cluster every role is tenantops' own, named as derived. */
const clusterRoles = (_tenant, names) => ({
    managed: { owner: true, app: true, bi: true },
    labels: { ...names.roles },
});
/** Opens the tenant's platform cluster; an undefined or unreachable cluster is named. */
async function openCluster(services, spec, access) {
    const name = spec.clusterName;
    const config = services.platform.clusters[name];
    if (!config) {
        const defined = Object.keys(services.platform.clusters).join(', ') || 'none';
        throw new errors/* EnvironmentError */.eG(`tenant ${spec.tenant}: database.cluster "${name}" is not defined in platform.yaml; defined: ${defined}`);
    }
    const baseUrl = (0,src_config/* resolveSecret */.J5)(config.adminSecret, services.env, `clusters.${name}.adminSecret of platform.yaml`);
    const cluster = await access.admin(services, name);
    const info = await serverInfo(cluster).catch((err) => {
        throw new errors/* EnvironmentError */.eG(`tenant ${spec.tenant}: cannot reach cluster ${name} (${config.host}:${config.port}, database ${access.adminDatabase}): ${(0,pg/* describePgError */.Ry)(err)}`);
    });
    return {
        spec,
        services,
        cluster,
        data: access.data(services, name, cluster),
        roles: { ...spec.roles },
        databaseName: spec.database,
        host: config.host,
        port: config.port,
        serverVersion: info.version,
        currentUser: info.user,
        superuser: info.superuser,
        baseUrl,
        label: labeller(spec, spec.roles),
    };
}

;// CONCATENATED MODULE: ./src/db/isolation/database.ts
// Database isolation: the tenant's own database on its cluster, owned by its owner role, which
// PUBLIC may not even connect to. Roles and the database are managed from the cluster's admin
// database, the schema inside the tenant's own; dropping the store drops the database.




const ownDatabase = {
    async read(target) {
        const { rows } = await target.cluster.query(`SELECT pg_get_userbyid(d.datdba) AS owner,
              array(SELECT 'database: ' || a.privilege_type FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
                     WHERE a.grantee = 0 ORDER BY 1) AS public
         FROM pg_database d WHERE d.datname = $1`, [target.spec.database]);
        if (!rows[0])
            return undefined;
        const found = [...rows[0].public];
        if (rows[0].owner !== target.roles.owner)
            found.push(`database owned by ${rows[0].owner}`);
        // PUBLIC's default CREATE/USAGE on schema public: in a database of the tenant's alone, nobody's.
        const data = (await target.data());
        const { rows: schema } = await data.query(`SELECT array(SELECT 'schema public: ' || a.privilege_type FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                     WHERE n.nspname = 'public' AND a.grantee = 0 ORDER BY 1) AS public`);
        return [...found, ...schema[0].public];
    },
    async ensure(target, found) {
        const database = (0,pg/* ident */.bD)(target.spec.database);
        const owner = (0,pg/* ident */.bD)(target.roles.owner);
        // CREATE DATABASE cannot run in a transaction; the REVOKE right after closes the door PUBLIC
        // has by default, and a run killed between the two finds `database: CONNECT` and revokes it.
        if (!found)
            await execute(target.cluster, `CREATE DATABASE ${database} OWNER ${owner} TEMPLATE template0`);
        const access = found ?? ['database: CONNECT'];
        const onDatabase = [];
        if (access.some((a) => a.startsWith('database owned by')))
            onDatabase.push(`ALTER DATABASE ${database} OWNER TO ${owner}`);
        if (access.some((a) => a.startsWith('database: ')))
            onDatabase.push(`REVOKE ALL ON DATABASE ${database} FROM PUBLIC`);
        if (onDatabase.length)
            await withDatabaseAclLock(target, target.spec.database, () => (0,pg/* sendTransaction */.vD)(target.cluster, onDatabase, TENANT_WRITES));
        return !found || access.some((a) => a.startsWith('schema public: ')) ? ['REVOKE ALL ON SCHEMA public FROM PUBLIC'] : [];
    },
};
const databaseIsolation = {
    isolation: 'database',
    sharedDatabase: false,
    onCustomerServer: false,
    locate: (tenant, platform, names) => locateOnCluster('database', tenant, platform, names.database, names),
    roles: clusterRoles,
    mayDropData: true,
    parts: ['database', 'schema', 'migration table'],
    describe: (spec) => ({ kind: 'database', what: `database ${spec.database}`, where: `cluster ${spec.cluster}` }),
    sealedSecrets: () => [],
    open: (services, spec) => openCluster(services, spec, {
        admin: (s, cluster) => s.clusterAdmin(cluster),
        adminDatabase: 'of its admin connection',
        data: (s, cluster, admin) => async () => {
            const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [spec.database]);
            return rows.length ? s.clusterDatabase(cluster, spec.database) : undefined;
        },
    }),
    ownDatabase,
    async drop(target) {
        const { spec } = target;
        await target.services.releaseClusterDatabase(spec.clusterName, spec.database);
        await execute(target.cluster, `DROP DATABASE IF EXISTS ${(0,pg/* ident */.bD)(spec.database)} WITH (FORCE)`);
    },
};

;// CONCATENATED MODULE: ./src/db/isolation/schema.ts
// Schema isolation: the tenant's own schema in its cluster's shared database (platform.yaml
// clusters.<name>.database). Roles and schema are managed from that database; dropping the store
// drops the schema with everything in it.



const schemaIsolation = {
    isolation: 'schema',
    sharedDatabase: true,
    onCustomerServer: false,
    locate: (tenant, platform, names) => locateOnCluster('schema', tenant, platform, platform.clusters[tenant.database.cluster]?.database ?? 'postgres', names),
    roles: clusterRoles,
    mayDropData: true,
    parts: ['schema', 'migration table'],
    describe: (spec) => ({ kind: 'schema', what: `schema ${spec.schema}`, where: `cluster ${spec.cluster}` }),
    sealedSecrets: () => [],
    open: (services, spec) => openCluster(services, spec, {
        // Everything happens in the shared database: roles are cluster-wide, the schema is there.
        admin: (s, cluster) => s.clusterDatabase(cluster, spec.database),
        adminDatabase: spec.database,
        data: (_s, _cluster, admin) => async () => admin,
    }),
    async drop(target) {
        await execute(target.cluster, `DROP SCHEMA IF EXISTS ${(0,pg/* ident */.bD)(target.spec.schema)} CASCADE`);
    },
};

;// CONCATENATED MODULE: ./src/db/isolation/index.ts




const STRATEGIES = {
    schema: schemaIsolation,
    database: databaseIsolation,
    byod: byodIsolation,
};
/** The strategy for the tenant's `database.isolation`. */
function chooseIsolation(tenant) {
    const strategy = Object.hasOwn(STRATEGIES, tenant.database.isolation) ? STRATEGIES[tenant.database.isolation] : undefined;
    // The tenant file's schema allows only these modes, so another one is a bug of ours.
    if (!strategy)
        throw new errors/* InternalError */.Gd(`unknown database.isolation ${JSON.stringify(tenant.database.isolation)}`);
    return strategy;
}
/** Every strategy, for tests that hold them to their contract. */
const ISOLATION_STRATEGIES = Object.values(STRATEGIES);

;// CONCATENATED MODULE: ./src/db/spec.ts



/**
 * Per-role connection limits (`ALTER ROLE ... CONNECTION LIMIT`): the application pools, Power BI
 * refreshes a model at a time. The owner never logs in; its 0 keeps it that way should someone
 * grant it LOGIN.
 */
const CONNECTION_LIMITS = { owner: 0, app: 20, bi: 5 };
const DERIVED = /^[a-z_][a-z0-9_]{0,62}$/;
/**
 * Where the tenant's store lives, with its server: what the semantic model's parameters point at.
 * `names` are the run's (deriveNames of the tenant's code), derived here only when not given.
 */
function locateDataStore(tenant, platform, names = (0,naming/* deriveNames */.On)(tenant.code)) {
    return chooseIsolation(tenant).locate(tenant, platform, names);
}
/** The data store a tenant file asks for, as plans and the registry's tenants row show it. */
function dataStoreOf(tenant, platform, names) {
    const { isolation, cluster, database, schema } = locateDataStore(tenant, platform, names);
    return { isolation, cluster, database, schema };
}
function dbSpecOf(tenant, platform, names = (0,naming/* deriveNames */.On)(tenant.code)) {
    const strategy = chooseIsolation(tenant);
    const roles = { ...names.roles };
    for (const name of [...Object.values(roles), names.schema, names.database]) {
        // deriveNames validated the code; this keeps any future rule change from producing a name
        // that would need quoting rules we do not test.
        if (!DERIVED.test(name))
            throw new errors/* InternalError */.Gd(`derived name ${JSON.stringify(name)} is not a plain identifier`);
    }
    return {
        ...strategy.locate(tenant, platform, names),
        ...strategy.roles(tenant, names),
        tenant: tenant.code,
        strategy,
        connectionSecret: tenant.database.connectionSecret,
        biConnectionSecret: tenant.database.biConnectionSecret,
        lifecycle: tenant.lifecycle,
        deletionPolicy: tenant.deletionPolicy,
        roles,
    };
}
/** Whether the tenant's data is to be dropped: decommissioned with deletionPolicy delete, where its mode allows it. */
function dropsData(spec) {
    return spec.lifecycle === 'decommissioned' && spec.deletionPolicy === 'delete' && spec.strategy.mayDropData;
}
/** Whether the tenant's login roles may log in now. */
function canLogIn(spec) {
    return spec.lifecycle === 'active';
}

;// CONCATENATED MODULE: ./src/db/grants.ts
// Least privilege, read from the catalogs and repaired to the policy: the app role reads and
// writes the tenant's tables, the BI role reads them, both may use the schema and connect to the
// database, nobody else (PUBLIC included) may do anything, and the owner's default privileges give
// every table a later migration creates the same grants. The tracking table is the owner's alone.
//
// The policy is compared per object, so the plan names exactly what drifted ("table learners:
// PUBLIC has SELECT") and apply changes only that, in one transaction.








const TABLE_KINDS = { table: 'TABLE', sequence: 'SEQUENCE', function: 'FUNCTION' };
const DEFAULT_TYPES = { r: 'tables', S: 'sequences', f: 'functions', T: 'types', n: 'schemas' };
const PRIVILEGE = /^[A-Z]+$/;
/** What each role may do, by role name: the policy, for this target. */
function policy(target) {
    const { owner, app, bi } = target.roles;
    const appIsOwner = app === owner;
    const grants = (kind, name) => {
        if (kind === 'table' && name === MIGRATIONS_TABLE)
            return {};
        const out = {};
        const add = (role, privileges) => {
            if (role !== owner)
                out[role] = privileges;
        };
        if (kind === 'table') {
            if (!appIsOwner)
                add(app, ['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
            add(bi, ['SELECT']);
        }
        else if (kind === 'sequence') {
            if (!appIsOwner)
                add(app, ['SELECT', 'USAGE']);
        }
        else {
            if (!appIsOwner)
                add(app, ['EXECUTE']);
            add(bi, ['EXECUTE']);
        }
        return out;
    };
    return { grants };
}
function desiredGrants(spec) {
    if (dropsData(spec))
        return undefined;
    const { owner, app, bi } = spec.labels;
    const appIsOwner = app === owner;
    const sorted = (xs) => [...new Set(xs)].sort();
    const defaults = [`tables ${bi}: SELECT`, `functions ${bi}: EXECUTE`];
    if (!appIsOwner)
        defaults.push(`tables ${app}: DELETE,INSERT,SELECT,UPDATE`, `sequences ${app}: SELECT,USAGE`, `functions ${app}: EXECUTE`);
    // PUBLIC may execute new functions and use new types unless the owner's global defaults say
    // otherwise. A customer's role (byod) is not ours to change globally: there the migration
    // runner revokes PUBLIC's privileges on what each migration creates instead.
    if (spec.managed.owner)
        defaults.push(`functions (all schemas) ${owner}: EXECUTE`, `types (all schemas) ${owner}: USAGE`);
    return {
        connect: sorted([`${app}: CONNECT`, `${bi}: CONNECT`]),
        schema: sorted(appIsOwner ? [`${bi}: USAGE`] : [`${app}: USAGE`, `${bi}: USAGE`]),
        defaults: sorted(defaults),
        drift: [],
    };
}
function grantsResource(spec) {
    const desired = desiredGrants(spec);
    return defineDbResource({
        key: 'db/grants',
        kind: 'db.grants',
        dependsOn: ['db/store'],
        spec,
        desired,
        diff: (d, a) => {
            const change = (0,plan/* diffFields */.p5)(d, a, {
                summary: { create: `grant the tenant's roles their privileges (and nothing to PUBLIC)`, update: 'repair privileges to the policy', delete: 'forget privileges (they go with the store)' },
            });
            return change;
        },
        read: async (target) => (await observe(target))?.state,
        async apply(target, change) {
            if (change.action === 'delete')
                return undefined;
            // Read again: the plan's read may predate objects created since (by this very apply).
            const observed = await observe(target);
            if (!observed)
                throw new errors/* InternalError */.Gd(`tenant ${spec.tenant}: schema ${spec.schema} does not exist, so its privileges cannot be granted`);
            const data = (await target.data());
            const statements = repairStatements(target, desired, observed);
            // CONNECT is granted on the database itself, which other tenants' runs grant on too.
            if (statements.length)
                await withDatabaseAclLock(target, target.databaseName, () => (0,pg/* sendTransaction */.vD)(data, statements, TENANT_WRITES));
            // What the statements just made true, in one transaction: no need to read it back.
            return desired;
        },
    });
}
async function observe(target) {
    const data = await target.data();
    if (!data)
        return undefined;
    const { spec } = target;
    const { rows: found } = await data.query(`SELECT n.oid,
            array(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || ':' || a.privilege_type
                    FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a WHERE a.grantee <> n.nspowner ORDER BY 1) AS schema
       FROM pg_namespace n WHERE n.nspname = $1`, [spec.schema]);
    if (!found[0])
        return undefined;
    const schemaOid = found[0].oid;
    const [connect, defaults, objects] = await Promise.all([
        readConnect(target),
        data.query(`SELECT d.defaclobjtype AS type, d.defaclnamespace = 0 AS global,
              CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END AS grantee,
              array_agg(a.privilege_type ORDER BY a.privilege_type) AS privileges
         FROM pg_default_acl d, aclexplode(d.defaclacl) a
        WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = $1) AND (d.defaclnamespace = $2 OR ($3 AND d.defaclnamespace = 0))
        GROUP BY 1, 2, 3`, 
        // A customer's role (byod) keeps its own global defaults (all schemas): not ours to desire
        // or repair, so not read; only the tenant schema's defaults are. Ours are read both ways.
        [target.roles.owner, schemaOid, spec.managed.owner]),
        data.query(`SELECT CASE WHEN c.relkind = 'S' THEN 'sequence' ELSE 'table' END AS kind, c.relname AS name,
              format('%I.%I', $2::text, c.relname) AS "sqlName", pg_get_userbyid(c.relowner) AS owner,
              array(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || ':' || a.privilege_type
                      FROM aclexplode(coalesce(c.relacl, acldefault((CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END)::"char", c.relowner))) a
                     WHERE a.grantee <> c.relowner ORDER BY 1) AS grants,
              EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')) AS linked
         FROM pg_class c WHERE c.relnamespace = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       UNION ALL
       SELECT 'function', p.proname, format('%I.%I(%s)', $2::text, p.proname, pg_get_function_identity_arguments(p.oid)), pg_get_userbyid(p.proowner),
              array(SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END || ':' || a.privilege_type
                      FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee <> p.proowner ORDER BY 1),
              false
         FROM pg_proc p WHERE p.pronamespace = $1
        ORDER BY 1, 2, 3`, [schemaOid, spec.schema]),
    ]);
    const label = (entry) => {
        const i = entry.lastIndexOf(':');
        return `${target.label(entry.slice(0, i))}: ${entry.slice(i + 1)}`;
    };
    const objectGrants = objects.rows.map((o) => ({ ...o, grants: groupGrants(o.grants) }));
    return {
        state: {
            connect,
            schema: found[0].schema.map(label).sort(),
            defaults: defaults.rows
                .map((d) => `${DEFAULT_TYPES[d.type] ?? d.type}${d.global ? ' (all schemas)' : ''} ${target.label(d.grantee)}: ${d.privileges.join(',')}`)
                .sort(),
            drift: objectGrants.flatMap((o) => driftOf(target, o)),
        },
        objects: objectGrants,
    };
}
// Who may connect. In the tenant's own database every explicit grant counts (PUBLIC's is the
// store's); in a shared database our roles' explicit grants (PUBLIC has none there: db/public);
// in the customer's database only whether our roles may connect at all.
async function readConnect(target) {
    const data = (await target.data());
    const { app, bi } = target.roles;
    const { strategy } = target.spec;
    const { rows } = await data.query(strategy.ownDatabase
        ? `SELECT array(SELECT pg_get_userbyid(a.grantee) || ':' || a.privilege_type FROM pg_database d, aclexplode(d.datacl) a
                       WHERE d.datname = current_database() AND a.grantee NOT IN (0, d.datdba) ORDER BY 1) AS entries`
        : strategy.sharedDatabase
            ? `SELECT array(SELECT DISTINCT pg_get_userbyid(a.grantee) || ':' || a.privilege_type FROM pg_database d, aclexplode(d.datacl) a
                         WHERE d.datname = current_database() AND a.grantee IN (SELECT oid FROM pg_roles WHERE rolname = ANY($1)) ORDER BY 1) AS entries`
            : `SELECT array(SELECT r.rolname || ':CONNECT' FROM pg_roles r
                         WHERE r.rolname = ANY($1) AND has_database_privilege(r.oid, current_database(), 'CONNECT') ORDER BY 1) AS entries`, strategy.ownDatabase ? [] : [[app, bi]]);
    return [...new Set(rows[0].entries.map((e) => `${target.label(e.slice(0, e.lastIndexOf(':')))}: ${e.slice(e.lastIndexOf(':') + 1)}`))].sort();
}
function groupGrants(entries) {
    const out = {};
    for (const e of entries) {
        const i = e.lastIndexOf(':');
        (out[e.slice(0, i)] ??= []).push(e.slice(i + 1));
    }
    for (const k of Object.keys(out))
        out[k].sort();
    return out;
}
function driftOf(target, o) {
    const out = [];
    const what = `${o.kind} ${o.kind === 'function' ? o.sqlName : o.name}`;
    if (o.owner !== target.roles.owner)
        out.push(`${what}: owned by ${target.label(o.owner)}`);
    const expected = policy(target).grants(o.kind, o.name);
    for (const role of new Set([...Object.keys(expected), ...Object.keys(o.grants)])) {
        const want = expected[role] ?? [];
        const have = o.grants[role] ?? [];
        const missing = want.filter((p) => !have.includes(p));
        const extra = have.filter((p) => !want.includes(p));
        if (missing.length)
            out.push(`${what}: ${target.label(role)} lacks ${missing.join(',')}`);
        if (extra.length)
            out.push(`${what}: ${target.label(role)} has ${extra.join(',')}`);
    }
    return out;
}
/** The statements that bring what was observed to the policy; none when it already is. */
function repairStatements(target, desired, observed) {
    const { spec } = target;
    const byLabel = new Map();
    for (const p of ['owner', 'app', 'bi'])
        byLabel.set(spec.labels[p], target.roles[p]);
    const role = (label) => grantee(byLabel.get(label) ?? label);
    const privileges = (list) => {
        const ps = list.split(',');
        if (!ps.every((p) => PRIVILEGE.test(p)))
            throw new errors/* InternalError */.Gd(`unexpected privilege list ${JSON.stringify(list)}`);
        return ps.join(', ');
    };
    const split = (entry) => [entry.slice(0, entry.lastIndexOf(': ')), entry.slice(entry.lastIndexOf(': ') + 2)];
    const statements = [];
    const schema = (0,pg/* ident */.bD)(spec.schema);
    const database = (0,pg/* ident */.bD)(target.databaseName);
    const { state } = observed;
    for (const entry of desired.connect.filter((e) => !state.connect.includes(e)))
        statements.push(`GRANT CONNECT ON DATABASE ${database} TO ${role(split(entry)[0])}`);
    for (const entry of state.connect.filter((e) => !desired.connect.includes(e))) {
        const [who, what] = split(entry);
        statements.push(`REVOKE ${privileges(what)} ON DATABASE ${database} FROM ${role(who)}`);
    }
    for (const entry of desired.schema.filter((e) => !state.schema.includes(e)))
        statements.push(`GRANT USAGE ON SCHEMA ${schema} TO ${role(split(entry)[0])}`);
    for (const entry of state.schema.filter((e) => !desired.schema.includes(e))) {
        const [who, what] = split(entry);
        statements.push(`REVOKE ${privileges(what)} ON SCHEMA ${schema} FROM ${role(who)}`);
    }
    const owner = (0,pg/* ident */.bD)(target.roles.owner);
    const parseDefault = (entry) => {
        const m = /^(\w+)( \(all schemas\))? (.+): ([A-Z,]+)$/.exec(entry);
        if (!m)
            throw new errors/* InternalError */.Gd(`unexpected default privilege entry ${JSON.stringify(entry)}`);
        return { type: m[1].toUpperCase(), global: Boolean(m[2]), who: m[3], privs: m[4] };
    };
    const scope = (global) => `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner}${global ? '' : ` IN SCHEMA ${schema}`}`;
    for (const entry of desired.defaults.filter((e) => !state.defaults.includes(e))) {
        const d = parseDefault(entry);
        // The owner's own global entry stands for "PUBLIC's default privilege revoked".
        if (d.global && d.who === spec.labels.owner)
            statements.push(`${scope(true)} REVOKE ${privileges(d.privs)} ON ${d.type} FROM PUBLIC`);
        else
            statements.push(`${scope(d.global)} GRANT ${privileges(d.privs)} ON ${d.type} TO ${role(d.who)}`);
    }
    for (const entry of state.defaults.filter((e) => !desired.defaults.includes(e))) {
        const d = parseDefault(entry);
        const wanted = desired.defaults.map(parseDefault).find((w) => w.type === d.type && w.global === d.global && w.who === d.who);
        const extra = d.privs.split(',').filter((p) => !(wanted?.privs.split(',') ?? []).includes(p));
        if (extra.length && d.who !== spec.labels.owner)
            statements.push(`${scope(d.global)} REVOKE ${privileges(extra.join(','))} ON ${d.type} FROM ${role(d.who)}`);
    }
    for (const o of observed.objects) {
        const on = `${TABLE_KINDS[o.kind]} ${o.sqlName}`;
        // PostgreSQL refuses to re-own a linked sequence by itself; its table's new owner takes it along.
        if (o.owner !== target.roles.owner && !o.linked)
            statements.push(`ALTER ${o.kind === 'function' ? 'FUNCTION' : 'TABLE'} ${o.sqlName} OWNER TO ${owner}`);
        const expected = policy(target).grants(o.kind, o.name);
        for (const who of new Set([...Object.keys(expected), ...Object.keys(o.grants)])) {
            const want = expected[who] ?? [];
            const have = o.grants[who] ?? [];
            const missing = want.filter((p) => !have.includes(p));
            const extra = have.filter((p) => !want.includes(p));
            if (missing.length)
                statements.push(`GRANT ${privileges(missing.join(','))} ON ${on} TO ${grantee(who)}`);
            if (extra.length)
                statements.push(`REVOKE ${privileges(extra.join(','))} ON ${on} FROM ${grantee(who)}`);
        }
    }
    return statements;
}

;// CONCATENATED MODULE: ./src/db/public-access.ts





/** The large-object functions that create, change or remove one (reading needs none of them). */
const LARGE_OBJECT_WRITERS = [
    'lo_creat(integer)',
    'lo_create(oid)',
    'lo_from_bytea(oid, bytea)',
    'lo_import(text)',
    'lo_import(text, oid)',
    'lo_open(oid, integer)',
    'lo_put(oid, bigint, bytea)',
    'lowrite(integer, bytea)',
    'lo_truncate(integer, integer)',
    'lo_truncate64(integer, bigint)',
    'lo_unlink(oid)',
];
/** The cluster's maintenance database: every role may connect to it by default. */
const MAINTENANCE_DATABASE = 'postgres';
function publicAccessResource(spec) {
    const desired = dropsData(spec) ? undefined : { public: [] };
    return defineDbResource({
        key: 'db/public',
        kind: 'db.public',
        // The tenant's roles have their explicit CONNECT before PUBLIC's goes.
        dependsOn: ['db/grants'],
        spec,
        desired,
        diff: {
            summary: { create: 'take from PUBLIC what it may do where the tenant connects', update: 'take from PUBLIC what it may do where the tenant connects', delete: 'nothing to undo' },
        },
        async read(target, ctx) {
            if (!desired)
                return undefined;
            // A tenant without its schema yet plans this in full, whatever PUBLIC may do now (what is
            // out of reach is said all the same): a shared database's PUBLIC is every tenant's, and
            // another tenant applied between this one's review and its apply must not change the plan
            // (and hash) the reviewer saw. The apply revokes only what is still there.
            const entries = await readEntries(target);
            if (!entries)
                return undefined;
            warnOutOfReach(target, entries.filter((e) => !e.mayChange), ctx);
            if (!(await hasSchema(target)))
                return undefined;
            return { public: entries.filter((e) => e.mayChange).map((e) => e.entry) };
        },
        async apply(target, change) {
            if (change.action === 'delete')
                return undefined;
            const entries = ((await readEntries(target)) ?? []).filter((e) => e.mayChange);
            const data = (await target.data());
            const onData = entries.filter((e) => e.on === 'data');
            // Every tenant of a shared database (and of the cluster, for `postgres`) takes the same
            // privileges from PUBLIC: one run at a time per database (db/database-acl).
            if (onData.length) {
                await withDatabaseAclLock(target, target.databaseName, async () => {
                    if (onData.some((e) => e.entry.startsWith('database '))) {
                        // Roles that use a schema there (other tenants on this shared database) keep connecting.
                        const { rows } = await data.query(`SELECT DISTINCT pg_get_userbyid(a.grantee) AS role FROM pg_namespace n, aclexplode(n.nspacl) a
                WHERE a.grantee NOT IN (0, n.nspowner) AND a.privilege_type = 'USAGE' ORDER BY 1`);
                        const keep = rows.map((r) => `GRANT CONNECT ON DATABASE ${(0,pg/* ident */.bD)(target.databaseName)} TO ${(0,pg/* ident */.bD)(r.role)}`);
                        await (0,pg/* sendTransaction */.vD)(data, keep, TENANT_WRITES);
                    }
                    await (0,pg/* sendTransaction */.vD)(data, onData.map((e) => e.statement), TENANT_WRITES);
                });
            }
            const onCluster = entries.filter((e) => e.on === 'cluster');
            if (onCluster.length)
                await withDatabaseAclLock(target, MAINTENANCE_DATABASE, () => (0,pg/* sendTransaction */.vD)(target.cluster, onCluster.map((e) => e.statement), TENANT_WRITES));
            return desired;
        },
    });
}
async function hasSchema(target) {
    const data = await target.data();
    if (!data)
        return false;
    const { rows } = await data.query('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [target.spec.schema]);
    return rows[0].found;
}
async function readEntries(target) {
    const data = await target.data();
    if (!data)
        return undefined;
    const { strategy } = target.spec;
    const entries = await largeObjectEntries(data);
    if (strategy.sharedDatabase) {
        entries.push(...(await databaseEntries(data, 'data', 'current_database()', [])));
        entries.push(...(await publicSchemaEntries(data)));
    }
    // A customer's server is the customer's: its maintenance database is none of ours.
    if (!strategy.onCustomerServer)
        entries.push(...(await databaseEntries(target.cluster, 'cluster', '$1', [MAINTENANCE_DATABASE])));
    return entries;
}
async function largeObjectEntries(db) {
    const { rows } = await db.query(`SELECT p.oid::regprocedure::text AS fn, pg_has_role(current_user, p.proowner, 'USAGE') AS "mayChange"
       FROM pg_proc p WHERE p.oid IN (SELECT to_regprocedure(f) FROM unnest($1::text[]) f)
        AND EXISTS (SELECT 1 FROM aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
      ORDER BY 1`, [LARGE_OBJECT_WRITERS]);
    return rows.map((r) => ({ on: 'data', entry: `function ${r.fn}: EXECUTE`, statement: `REVOKE EXECUTE ON FUNCTION ${r.fn} FROM PUBLIC`, mayChange: r.mayChange }));
}
async function databaseEntries(db, on, which, values) {
    const { rows } = await db.query(`SELECT d.datname AS name, pg_has_role(current_user, d.datdba, 'USAGE') AS "mayChange",
            array(SELECT a.privilege_type FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a WHERE a.grantee = 0 ORDER BY 1) AS privileges
       FROM pg_database d WHERE d.datname = ${which}`, values);
    // The catalog's own privilege names (CONNECT, TEMPORARY, CREATE): safe to put in the statement.
    return rows.flatMap((d) => d.privileges.map((p) => ({ on, entry: `database ${d.name}: ${p}`, statement: `REVOKE ${p} ON DATABASE ${(0,pg/* ident */.bD)(d.name)} FROM PUBLIC`, mayChange: d.mayChange })));
}
// Before PostgreSQL 15 anyone could create in schema public; a shared database keeps it shut.
async function publicSchemaEntries(db) {
    const { rows } = await db.query(`SELECT pg_has_role(current_user, n.nspowner, 'USAGE') AS "mayChange",
            array(SELECT a.privilege_type FROM aclexplode(coalesce(n.nspacl, acldefault('n', n.nspowner))) a
                   WHERE a.grantee = 0 AND a.privilege_type = 'CREATE') AS privileges
       FROM pg_namespace n WHERE n.nspname = 'public'`);
    return rows.flatMap((n) => n.privileges.map(() => ({ on: 'data', entry: 'schema public: CREATE', statement: 'REVOKE CREATE ON SCHEMA public FROM PUBLIC', mayChange: n.mayChange })));
}
function warnOutOfReach(target, entries, ctx) {
    if (!entries.length)
        return;
    const who = target.spec.strategy.onCustomerServer ? "the customer's DBA (a superuser there)" : "the cluster's superuser";
    ctx.log.warn(`tenant ${target.spec.tenant}: PUBLIC (any role of the server, the tenant's BI role included) still has ${entries.map((e) => e.entry).join('; ')}, ` +
        `and tenantops' role ${target.currentUser} cannot take that away (only the owner or a superuser can). Ask ${who} to run, in database ${target.databaseName}: ${entries.map((e) => `${e.statement};`).join(' ')}`);
}

;// CONCATENATED MODULE: ./src/db/migrate.ts
// A tenant's migrations, run by pg's migration runner in the tenant's own database: under an
// advisory lock per tenant (an apply and a fan-out, two workflow runs), each file as the tenant's
// owner role with search_path pinned to its schema, recorded with its checksum in the same
// transaction.




const MIGRATION_LOCK_NAMESPACE = 'tenantops.tenant-migrations';
/** The migrations the tenant has applied; undefined when its store (or the tracking table) is missing. */
async function readAppliedMigrations(target) {
    const pool = await target.data();
    return pool && (0,pg/* readAppliedMigrations */.fk)(pool, (0,pg/* qualified */.LX)(target.spec.schema, MIGRATIONS_TABLE));
}
/** Applies the tenant's pending migrations; returns the names applied by this call, in order. */
async function migrateTenant(target, files, log) {
    const { spec } = target;
    const notProvisioned = () => new errors/* EnvironmentError */.eG(`tenant ${spec.tenant} has no data store yet (no ${spec.schema}.${MIGRATIONS_TABLE}); provision it first: tenantops apply --tenant ${spec.tenant} --only db`);
    const pool = await target.data();
    if (!pool)
        throw notProvisioned();
    const before = [];
    if (target.currentUser !== target.roles.owner)
        before.push(`SET LOCAL ROLE ${(0,pg/* ident */.bD)(target.roles.owner)}`);
    before.push(`SET LOCAL search_path TO ${(0,pg/* ident */.bD)(spec.schema)}`);
    // What the migrations may read to learn which tenant they build (the tenant_marker default).
    before.push(`SET LOCAL tenantops.tenant TO ${(0,pg/* literal */.eu)(spec.tenant)}`);
    const schema = (0,pg/* ident */.bD)(spec.schema);
    // A customer's owner role keeps its own global defaults (PUBLIC may execute its new functions),
    // which are not ours to change: PUBLIC loses what each migration created instead. Our own
    // owners' defaults already grant PUBLIC nothing (see grants.ts).
    const after = spec.managed.owner ? [] : ['TABLES', 'SEQUENCES', 'FUNCTIONS'].map((k) => `REVOKE ALL ON ALL ${k} IN SCHEMA ${schema} FROM PUBLIC`);
    const applied = await (0,pg/* runMigrations */.vI)(pool, {
        subject: `tenant ${spec.tenant}`,
        files,
        table: (0,pg/* qualified */.LX)(spec.schema, MIGRATIONS_TABLE),
        lock: { namespace: MIGRATION_LOCK_NAMESPACE, name: spec.tenant },
        missingTable: notProvisioned,
        before,
        after,
        send: TENANT_WRITES.send,
        log,
    });
    return applied.map((m) => m.name);
}

;// CONCATENATED MODULE: ./src/db/migrations.ts






function migrationsResource(spec, files) {
    const desired = dropsData(spec) ? undefined : { applied: files.map(migrationId) };
    return defineDbResource({
        key: 'db/migrations',
        kind: 'db.migrations',
        // After the grants: the tables they create get their privileges from the default ones.
        dependsOn: ['db/grants'],
        spec,
        desired,
        diff: (d, a) => {
            const change = (0,plan/* diffFields */.p5)(d, a);
            if (!change)
                return undefined;
            if (change.action === 'delete')
                return { ...change, summary: 'forget the applied migrations (they go with the store)' };
            const have = new Set(a?.applied ?? []);
            const pending = (d?.applied ?? []).filter((id) => !have.has(id)).map((id) => id.slice(0, id.indexOf('#')));
            return { ...change, summary: `apply ${pending.length} migration(s): ${pending.join(', ')}` };
        },
        read: (target) => readMigrations(target, files),
        async apply(target, change, _actual, ctx) {
            if (change.action === 'delete')
                return undefined;
            await migrateTenant(target, files, ctx.log);
            return desired;
        },
    });
}
async function readMigrations(target, files) {
    const rows = await readAppliedMigrations(target);
    if (!rows)
        return undefined;
    // Throws, naming the file, when an applied migration was edited or removed.
    (0,pg/* pendingMigrations */.Ri)(`tenant ${target.spec.tenant}`, files, rows);
    const byVersion = new Map(files.map((f) => [f.version, f]));
    return { applied: rows.map((r) => migrationId(byVersion.get(r.version))) };
}

// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(83849);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/db/password.ts
// Generated role passwords and the SCRAM-SHA-256 verifier the server stores for them. The verifier
// is computed here and sent instead of the password (what psql's \password does), so the
// plaintext never reaches the server's statement log or pg_stat_statements.

/** 32 random bytes, base64url: 43 characters of [A-Za-z0-9_-], which SASLprep leaves unchanged. */
function generatePassword() {
    return (0,external_node_crypto_.randomBytes)(32).toString('base64url');
}
const ITERATIONS = 4096; // PostgreSQL's default scram_iterations
/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (RFC 5802, RFC 7677). */
function scramVerifier(password, salt = (0,external_node_crypto_.randomBytes)(16), iterations = ITERATIONS) {
    const salted = (0,external_node_crypto_.pbkdf2Sync)(password, salt, iterations, 32, 'sha256');
    const clientKey = (0,external_node_crypto_.createHmac)('sha256', salted).update('Client Key').digest();
    const storedKey = (0,external_node_crypto_.createHash)('sha256').update(clientKey).digest();
    const serverKey = (0,external_node_crypto_.createHmac)('sha256', salted).update('Server Key').digest();
    return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

;// CONCATENATED MODULE: ./src/db/roles.ts
// The tenant's three roles: an owner that owns the schema and runs the DDL (never logs in), an
// application role and a read-only BI role, each with a generated password sealed in the registry,
// a pinned search_path, a connection limit and no other attribute or membership. In byod the
// customer's own roles stand in where tenantops may not create them; those are only checked.











const ATTRIBUTES = ['SUPERUSER', 'CREATEDB', 'CREATEROLE', 'REPLICATION', 'BYPASSRLS'];
function desiredRole(spec, purpose) {
    const name = spec.labels[purpose];
    // The customer's roles are left as they are, except that a customer-owned BI role (the one
    // Power BI reads through) may not log in while the tenant is not active. The connection's own
    // role (owner, and app when the customer brings roles) keeps its login: tenantops connects as it.
    if (!spec.managed[purpose])
        return { name, purpose, login: customerBiRole(spec, purpose) ? canLogIn(spec) : true, external: true };
    if (dropsData(spec))
        return undefined;
    const settings = purpose === 'owner' ? [] : [`search_path=${spec.schema}`];
    if (purpose === 'bi')
        settings.unshift('default_transaction_read_only=on');
    const state = {
        name,
        purpose,
        login: purpose !== 'owner' && canLogIn(spec),
        connectionLimit: CONNECTION_LIMITS[purpose],
        settings,
        privileged: [],
        memberOf: [],
    };
    if (purpose === 'owner')
        state.adminMember = true;
    else
        state.passwordStored = true;
    return state;
}
function roleResource(spec, purpose) {
    const desired = desiredRole(spec, purpose);
    const name = spec.labels[purpose];
    return defineDbResource({
        key: `db/role/${purpose}`,
        kind: 'db.role',
        spec,
        desired,
        diff: {
            summary: {
                create: `create role ${name}`,
                update: `alter role ${name}`,
                delete: `drop role ${name}`,
            },
        },
        // A customer's role was discovered when the target was opened (which fails if it cannot be).
        read: async (target) => {
            if (!desired?.external)
                return readRole(target, purpose);
            return customerBiRole(spec, purpose) ? { ...desired, login: await readLogin(target, target.roles.bi) } : desired;
        },
        apply: (target, change, actual, ctx) => applyRole(target, purpose, desired, change, actual, ctx),
        // The owner never logs in and a customer's role is theirs: only our login roles are tried.
        verify: purpose === 'owner' || desired?.external
            ? undefined
            : async (target, actual, ctx) => {
                if (actual?.login)
                    await verifyLogin(target, purpose, ctx);
            },
    });
}
async function readRole(target, purpose) {
    const role = target.roles[purpose];
    const setOption = target.serverVersion >= 160000 ? 'SET' : 'MEMBER';
    const { rows } = await target.cluster.query(`SELECT r.rolcanlogin AS login, r.rolconnlimit AS "connectionLimit",
            ARRAY[r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication, r.rolbypassrls] AS attributes,
            coalesce((SELECT array_agg(c ORDER BY c) FROM pg_db_role_setting s, unnest(s.setconfig) c
                       WHERE s.setrole = r.oid AND s.setdatabase = 0), '{}') AS settings,
            coalesce((SELECT array_agg(DISTINCT g.rolname::text ORDER BY g.rolname::text) FROM pg_auth_members m
                       JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), '{}'::text[]) AS "memberOf",
            pg_has_role(current_user, r.oid, 'USAGE') AND pg_has_role(current_user, r.oid, $2) AS "adminMember"
       FROM pg_roles r WHERE r.rolname = $1`, [role, setOption]);
    const found = rows[0];
    if (!found)
        return undefined;
    const state = {
        name: target.spec.labels[purpose],
        purpose,
        login: found.login,
        connectionLimit: found.connectionLimit,
        settings: found.settings,
        privileged: ATTRIBUTES.filter((_, i) => found.attributes[i]),
        memberOf: found.memberOf,
    };
    if (purpose === 'owner')
        state.adminMember = found.adminMember;
    else {
        const registry = await target.services.registry();
        const { rows: stored } = await registry.query('SELECT 1 FROM secrets WHERE tenant = $1 AND name = $2', [target.spec.tenant, secret_names_passwordSecretName(purpose)]);
        state.passwordStored = stored.length > 0;
    }
    return state;
}
async function applyRole(target, purpose, desired, change, actual, ctx) {
    if (desired?.external) {
        if (customerBiRole(target.spec, purpose) && actual?.login !== desired.login)
            await setCustomerLogin(target, desired.login, ctx);
        return desired;
    }
    const role = target.roles[purpose];
    if (change.action === 'delete') {
        await dropRole(target, purpose, role);
        return undefined;
    }
    const want = desired;
    // A new password whenever none is stored: the one in the server is unknown to anyone then.
    const password = want.passwordStored && !actual?.passwordStored ? generatePassword() : undefined;
    if (password)
        ctx.log.mask(password);
    const statements = actual ? alterStatements(target, role, want, actual) : createStatements(target, role, want);
    if (password)
        statements.push(`ALTER ROLE ${(0,pg/* ident */.bD)(role)} WITH PASSWORD ${(0,pg/* literal */.eu)(scramVerifier(password))}`);
    await (0,pg/* sendTransaction */.vD)(target.cluster, statements, TENANT_WRITES);
    // After the role has it: a run killed in between leaves no stored password, so the next run sets a new one.
    if (password) {
        await (0,src_registry/* storeSecret */.yV)(await target.services.registry(), target.services.keyring(), target.spec.tenant, secret_names_passwordSecretName(purpose), password);
        countWrite();
    }
    if (actual?.login && !want.login)
        await endSessions(target.cluster, role, ctx);
    // Every difference was just made good in one transaction: the role is now as desired.
    return want;
}
/** byod with database.biConnectionSecret: the BI role is the customer's own. */
function customerBiRole(spec, purpose) {
    return purpose === 'bi' && !spec.managed.bi && Boolean(spec.biConnectionSecret);
}
async function readLogin(target, role) {
    const { rows } = await target.cluster.query('SELECT rolcanlogin AS login FROM pg_roles WHERE rolname = $1', [role]);
    return rows[0]?.login ?? false;
}
/**
 * Suspends or restores the customer's BI role: the one change tenantops makes to a customer's
 * role, since Power BI (and anyone holding the BI connection string) logs in through it. Needs the
 * connection's role to administer it; without that the customer is told the statement to run.
 */
async function setCustomerLogin(target, login, ctx) {
    const role = target.roles.bi;
    try {
        await (0,pg/* sendTransaction */.vD)(target.cluster, [`ALTER ROLE ${(0,pg/* ident */.bD)(role)} WITH ${login ? 'LOGIN' : 'NOLOGIN'}`], TENANT_WRITES);
    }
    catch (err) {
        throw new errors/* EnvironmentError */.eG(`tenant ${target.spec.tenant}: cannot ${login ? 'restore' : 'disable'} the login of its byod BI role "${role}" (secret ${target.spec.biConnectionSecret}) as "${target.currentUser}": ${(0,pg/* describePgError */.Ry)(err)}; ` +
            `let the connection's role administer it (ALTER ROLE ${(0,pg/* ident */.bD)(target.currentUser)} CREATEROLE; GRANT ${(0,pg/* ident */.bD)(role)} TO ${(0,pg/* ident */.bD)(target.currentUser)} WITH ADMIN OPTION), or run ALTER ROLE ${(0,pg/* ident */.bD)(role)} ${login ? 'LOGIN' : 'NOLOGIN'} yourself`);
    }
    if (!login)
        await endSessions(target.cluster, role, ctx);
}
function createStatements(target, role, want) {
    const statements = [
        `CREATE ROLE ${(0,pg/* ident */.bD)(role)} WITH ${want.login ? 'LOGIN' : 'NOLOGIN'} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT ${want.connectionLimit}`,
    ];
    statements.push(...settingStatements(target, role, want.settings ?? [], []));
    if (want.adminMember && !target.superuser)
        statements.push(grantToAdmin(target, role));
    return statements;
}
function alterStatements(target, role, want, actual) {
    const statements = [];
    const options = [];
    if (want.login !== actual.login)
        options.push(want.login ? 'LOGIN' : 'NOLOGIN');
    if (want.connectionLimit !== actual.connectionLimit)
        options.push(`CONNECTION LIMIT ${want.connectionLimit}`);
    for (const attribute of actual.privileged ?? [])
        options.push(`NO${attribute}`);
    if (options.length)
        statements.push(`ALTER ROLE ${(0,pg/* ident */.bD)(role)} WITH ${options.join(' ')}`);
    statements.push(...settingStatements(target, role, want.settings ?? [], actual.settings ?? []));
    for (const group of actual.memberOf ?? [])
        statements.push(`REVOKE ${(0,pg/* ident */.bD)(group)} FROM ${(0,pg/* ident */.bD)(role)}`);
    if (want.adminMember && !actual.adminMember)
        statements.push(grantToAdmin(target, role));
    return statements;
}
function grantToAdmin(target, role) {
    // Owning the tenant's databases and schemas and running its migrations as the owner needs it.
    return target.serverVersion >= 160000 ? `GRANT ${(0,pg/* ident */.bD)(role)} TO CURRENT_USER WITH INHERIT TRUE, SET TRUE` : `GRANT ${(0,pg/* ident */.bD)(role)} TO CURRENT_USER`;
}
/** The values our settings take, as SQL: identifiers quoted, the rest from a fixed list. */
function settingStatements(target, role, want, have) {
    const statements = [];
    const wanted = new Map(want.map((s) => [s.slice(0, s.indexOf('=')), s]));
    for (const setting of want) {
        if (have.includes(setting))
            continue;
        const [name, value] = [setting.slice(0, setting.indexOf('=')), setting.slice(setting.indexOf('=') + 1)];
        const sqlValue = name === 'search_path' ? (0,pg/* ident */.bD)(target.spec.schema) : value === 'on' ? 'on' : (0,pg/* literal */.eu)(value);
        statements.push(`ALTER ROLE ${(0,pg/* ident */.bD)(role)} SET ${name} TO ${sqlValue}`);
    }
    for (const setting of have) {
        const name = setting.slice(0, setting.indexOf('='));
        if (!wanted.has(name))
            statements.push(`ALTER ROLE ${(0,pg/* ident */.bD)(role)} RESET ${(0,pg/* ident */.bD)(name)}`);
    }
    return statements;
}
async function dropRole(target, purpose, role) {
    // The REVOKE (and DROP OWNED) rewrite the database's ACL, which other tenants' runs grant on.
    await withDatabaseAclLock(target, target.databaseName, () => (0,pg/* inTransaction */.sA)(target.cluster, async (client) => {
        if (purpose === 'owner') {
            // DROP OWNED would drop a schema the owner still owns; the store goes first, so finding one
            // here means the plan is not what we think it is.
            const { rows } = await client.query(`SELECT (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) + (SELECT count(*) FROM pg_database WHERE datdba = r.oid) AS n
           FROM pg_roles r WHERE r.rolname = $1`, [role]);
            if (Number(rows[0]?.n ?? 0) > 0)
                throw new errors/* EnvironmentError */.eG(`tenant ${target.spec.tenant}: role ${role} still owns a schema or database; drop the store first`);
            await execute(client, `DROP OWNED BY ${(0,pg/* ident */.bD)(role)}`);
        }
        else {
            // Its explicit CONNECT on a shared database (db/grants) would keep DROP ROLE from running.
            const { rows } = await client.query(`SELECT 1 FROM pg_database d, aclexplode(d.datacl) a WHERE d.datname = $1 AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = $2)`, [target.databaseName, role]);
            if (rows.length)
                await execute(client, `REVOKE ALL ON DATABASE ${(0,pg/* ident */.bD)(target.databaseName)} FROM ${(0,pg/* ident */.bD)(role)}`);
        }
        await execute(client, `DROP ROLE IF EXISTS ${(0,pg/* ident */.bD)(role)}`);
    }, TENANT_WRITES));
    if (purpose !== 'owner') {
        const registry = await target.services.registry();
        await executeRegistry(registry, 'DELETE FROM secrets WHERE tenant = $1 AND name = $2', [target.spec.tenant, secret_names_passwordSecretName(purpose)]);
    }
}
// NOLOGIN stops new sessions only; end the open ones too. Ending another role's sessions needs
// pg_signal_backend (or superuser): without it they run until they disconnect, which is said.
async function endSessions(pool, role, ctx) {
    try {
        await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1 AND pid <> pg_backend_pid()', [role]);
    }
    catch (err) {
        ctx.log.warn(`tenant ${ctx.tenant}: role ${role} may no longer log in, but its open sessions could not be ended: ${(0,pg/* describePgError */.Ry)(err)}`);
    }
}
async function verifyLogin(target, purpose, ctx) {
    const registry = await target.services.registry();
    const role = target.roles[purpose];
    const password = await (0,src_registry/* readSecret */.n5)(registry, target.services.keyring(), target.spec.tenant, secret_names_passwordSecretName(purpose));
    if (!password)
        throw new errors/* EnvironmentError */.eG(`tenant ${target.spec.tenant}: no password for role ${role} in the registry`);
    ctx.log.mask(password);
    const client = new esm/* default.Client */.Ay.Client({ connectionString: roleUrl(target, role, password), application_name: 'tenantops verify', connectionTimeoutMillis: 10_000 });
    try {
        await client.connect();
        const { rows } = await client.query(`SELECT current_setting('search_path') AS path`);
        if (rows[0].path !== target.spec.schema) {
            throw new errors/* EnvironmentError */.eG(`tenant ${target.spec.tenant}: role ${role} logs in with search_path "${rows[0].path}", expected ${target.spec.schema}`);
        }
    }
    catch (err) {
        if (err instanceof errors/* EnvironmentError */.eG)
            throw err;
        throw new errors/* EnvironmentError */.eG(`tenant ${target.spec.tenant}: role ${role} cannot log in with its stored password: ${(0,pg/* describePgError */.Ry)(err)}`);
    }
    finally {
        await client.end().catch(() => undefined);
    }
}

;// CONCATENATED MODULE: ./src/db/route.ts



function statusOf(spec) {
    return spec.lifecycle === 'active' ? 'ready' : spec.lifecycle;
}
function desiredRoute(spec) {
    const state = {
        isolation: spec.isolation,
        cluster: spec.cluster,
        address: spec.address,
        database: spec.database,
        schema: spec.schema,
        roles: { ...spec.labels },
        status: statusOf(spec),
    };
    // Only the names: the values are read from the environment when applying.
    const sealed = spec.strategy.sealedSecrets(spec, {});
    if (sealed.length)
        state.sealed = sealed.map((s) => s.name).sort();
    return state;
}
function routeResource(spec) {
    const desired = desiredRoute(spec);
    return defineDbResource({
        key: 'db/route',
        kind: 'db.route',
        // Recorded once the store is ready to be used: its data model and privileges are in place.
        dependsOn: ['db/migrations'],
        spec,
        desired,
        diff: { summary: { create: `record the tenant's data store in the registry (${desired.status})`, update: `update the registry's record of the data store (${desired.status})` } },
        read: readRoute,
        async apply(target) {
            const registry = await target.services.registry();
            await (0,src_registry/* upsertDataStore */.jy)(registry, {
                tenant: spec.tenant,
                isolation: spec.isolation,
                cluster: spec.cluster,
                host: target.host,
                port: target.port,
                database: target.databaseName,
                schema: spec.schema,
                ownerRole: target.roles.owner,
                appRole: target.roles.app,
                biRole: target.roles.bi,
                status: statusOf(spec),
            });
            countWrite();
            for (const { name, value } of spec.strategy.sealedSecrets(spec, target.services.env)) {
                const current = value();
                target.services.log.mask(current);
                if ((await (0,src_registry/* readSecret */.n5)(registry, target.services.keyring(), spec.tenant, name)) === current)
                    continue;
                await (0,src_registry/* storeSecret */.yV)(registry, target.services.keyring(), spec.tenant, name, current);
                countWrite();
            }
            return desired;
        },
    });
}
async function readRoute(target) {
    const { spec } = target;
    const registry = await target.services.registry();
    const row = await (0,src_registry/* getDataStore */.eE)(registry, spec.tenant);
    if (!row)
        return undefined;
    const here = row.host === target.host && row.port === target.port;
    const state = {
        isolation: row.isolation,
        cluster: row.cluster,
        // Shown as the spec shows them while they agree with where the target is (byod addresses and
        // databases come from the secret: the secret's name is what plans show).
        address: here ? spec.address : `${row.host}:${row.port}`,
        database: row.database === target.databaseName ? spec.database : row.database,
        schema: row.schema,
        roles: { owner: target.label(row.ownerRole ?? ''), app: target.label(row.appRole ?? ''), bi: target.label(row.biRole ?? '') },
        status: row.status,
    };
    const sealed = spec.strategy.sealedSecrets(spec, target.services.env);
    if (sealed.length) {
        const current = [];
        for (const { name, value } of sealed) {
            const stored = await (0,src_registry/* readSecret */.n5)(registry, target.services.keyring(), spec.tenant, name);
            if (stored !== undefined)
                target.services.log.mask(stored);
            if (stored !== undefined && stored === value())
                current.push(name);
        }
        state.sealed = current.sort();
    }
    return state;
}

;// CONCATENATED MODULE: ./src/db/store.ts







const STRANDS_DATA = "changing a live tenant's store would strand its data in the old one (moving data between stores is out of scope)";
function desiredStore(spec) {
    if (dropsData(spec))
        return undefined;
    const { strategy } = spec;
    const state = { isolation: spec.isolation, cluster: spec.cluster, database: spec.database, schema: spec.schema, owner: spec.labels.owner, parts: [...strategy.parts] };
    if (strategy.ownDatabase)
        state.publicAccess = [];
    return state;
}
function storeResource(spec) {
    const desired = desiredStore(spec);
    const { kind, what, where } = spec.strategy.describe(spec);
    return defineDbResource({
        key: 'db/store',
        kind: 'db.store',
        // The owner must exist to own it; app and BI are dropped after it (they hold grants on it).
        dependsOn: ['db/role/owner', 'db/role/app', 'db/role/bi'],
        spec,
        desired,
        diff: (d, a) => {
            const change = (0,plan/* diffFields */.p5)(d, a, {
                replaceOn: { isolation: STRANDS_DATA, cluster: STRANDS_DATA, database: STRANDS_DATA },
                summary: { create: `create the tenant's ${kind} on ${where}`, update: `repair the tenant's ${kind}`, delete: `DROP the tenant's ${what} and all its data` },
            });
            if (change?.action === 'delete') {
                return { ...change, destroysData: true, reason: `deletionPolicy is delete: ${what} on ${where} is dropped with every row in it` };
            }
            return change;
        },
        read: readStore,
        apply: applyStore,
    });
}
async function readStore(target) {
    const { spec } = target;
    const registry = await target.services.registry();
    const row = await (0,src_registry/* getDataStore */.eE)(registry, spec.tenant);
    if (row && (row.isolation !== spec.isolation || row.cluster !== spec.cluster || row.database !== target.databaseName)) {
        // The registry knows the tenant lives elsewhere: that is its actual store, whatever this location holds.
        return { ...(desiredStore(spec) ?? readFallback(spec)), isolation: row.isolation, cluster: row.cluster, database: row.database, schema: row.schema };
    }
    return readCatalog(target);
}
function readFallback(spec) {
    return { isolation: spec.isolation, cluster: spec.cluster, database: spec.database, schema: spec.schema, parts: [], owner: spec.labels.owner };
}
/** The store at the tenant's desired location, from the server's catalogs. */
async function readCatalog(target) {
    const { spec } = target;
    const parts = [];
    const own = spec.strategy.ownDatabase;
    const publicAccess = own && (await own.read(target));
    if (own) {
        if (!publicAccess)
            return undefined;
        parts.push('database');
    }
    const data = (await target.data());
    const { rows } = await data.query(`SELECT (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = $1) AS owner,
            to_regclass(format('%I.%I', $1::text, $2::text)) IS NOT NULL AS tracking`, [spec.schema, MIGRATIONS_TABLE]);
    const found = rows[0];
    if (found.owner !== null)
        parts.push('schema');
    if (found.tracking)
        parts.push('migration table');
    if (parts.length === 0)
        return undefined;
    const state = {
        isolation: spec.isolation,
        cluster: spec.cluster,
        database: spec.database,
        schema: spec.schema,
        parts,
        owner: found.owner === null ? '(no schema yet)' : target.label(found.owner),
    };
    if (publicAccess)
        state.publicAccess = publicAccess;
    return state;
}
async function applyStore(target, change, actual, ctx) {
    const { spec } = target;
    if (change.action === 'delete') {
        await spec.strategy.drop(target);
        return undefined;
    }
    if (change.action === 'replace') {
        // Forced: the new store is made empty; the old one is left exactly as it is, never dropped.
        ctx.log.warn(`tenant ${spec.tenant}: its data stays in the old store (${actual?.isolation}, ${actual?.cluster}, ${actual?.database}); the new one starts empty`);
        actual = await readCatalog(target);
    }
    const have = new Set(actual?.parts ?? []);
    const owner = (0,pg/* ident */.bD)(target.roles.owner);
    // An own database first: the schema is created inside it.
    const statements = (await spec.strategy.ownDatabase?.ensure(target, actual?.publicAccess)) ?? [];
    if (!have.has('schema'))
        statements.push(`CREATE SCHEMA ${(0,pg/* ident */.bD)(spec.schema)} AUTHORIZATION ${owner}`);
    else if (actual?.owner !== spec.labels.owner)
        statements.push(`ALTER SCHEMA ${(0,pg/* ident */.bD)(spec.schema)} OWNER TO ${owner}`);
    if (!have.has('migration table')) {
        // Created by the owner, like every table of the tenant, before any default privileges exist.
        if (target.currentUser !== target.roles.owner)
            statements.push(`SET LOCAL ROLE ${owner}`);
        statements.push((0,pg/* migrationsTableDdl */.YX)((0,pg/* qualified */.LX)(spec.schema, MIGRATIONS_TABLE)));
    }
    await (0,pg/* sendTransaction */.vD)((await target.data()), statements, TENANT_WRITES);
    return desiredStore(spec);
}

;// CONCATENATED MODULE: ./src/db/desired.ts










function desiredDbResources(tenant) {
    const spec = dbSpecOf(tenant.config, tenant.platform, tenant.names);
    const migrations = tenant.migrations ?? readTenantMigrations(tenant.root);
    return [
        ...PURPOSES.map((purpose) => roleResource(spec, purpose)),
        storeResource(spec),
        grantsResource(spec),
        publicAccessResource(spec),
        migrationsResource(spec, migrations),
        routeResource(spec),
    ];
}

;// CONCATENATED MODULE: ./src/db/capability.ts

const dbCapability = {
    name: 'db',
    desiredResources: (ctx) => desiredDbResources(ctx),
    recordKinds: ['db.route'],
};

;// CONCATENATED MODULE: ./src/db/credentials.ts
// How the next action (Power BI) and the platform's application reach a tenant's data: the
// registry's data_stores row (host, database, schema, role names) and the role passwords sealed as
// db.app.password and db.bi.password — in every isolation mode, a byod customer's own roles
// included — never a step output. Every secret read is masked before it is returned.



async function readDbCredentials(registry, keyring, tenant, log) {
    const store = await getDataStore(registry, tenant);
    if (!store)
        throw new EnvironmentError(`tenant ${tenant} has no data store in the registry; provision it first (actions/provision-db, or tenantops apply --tenant ${tenant} --only db)`);
    const secret = async (name) => {
        const value = await readSecret(registry, keyring, tenant, name);
        if (value === undefined)
            throw new EnvironmentError(`tenant ${tenant}: the registry holds no secret ${name}; re-run provision-db to set it`);
        log.mask(value);
        return value;
    };
    const base = { host: store.host, port: store.port, database: store.database, schema: store.schema };
    return {
        ...base,
        app: { user: store.appRole, password: await secret(passwordSecretName('app')) },
        bi: { user: store.biRole, password: await secret(passwordSecretName('bi')) },
    };
}

;// CONCATENATED MODULE: ./src/db/fanout.ts







/** Tenants of one cluster migrated at once: a tenth of its connection budget; one per byod server. */
function clusterParallelism(platform, cluster) {
    const config = platform.clusters[cluster];
    return config ? Math.max(1, Math.floor(config.maxConnections / 10)) : 1;
}
async function migrateTenants(options) {
    const { services } = options;
    const clock = options.clock ?? (() => performance.now());
    const started = clock();
    const files = readTenantMigrations(services.root);
    const registry = await services.registry();
    const gates = new Map();
    const gateFor = (cluster) => {
        let gate = gates.get(cluster);
        if (!gate)
            gates.set(cluster, (gate = createGate(clusterParallelism(services.platform, cluster))));
        return gate;
    };
    const global = createGate(options.maxInFlight ?? 16);
    const tenants = [...options.tenants].sort((a, b) => (a.code < b.code ? -1 : 1));
    const results = await Promise.all(tenants.map(async (tenant) => {
        const spec = dbSpecOf(tenant, services.platform);
        if (tenant.lifecycle === 'decommissioned') {
            return { tenant: tenant.code, cluster: spec.cluster, status: 'skipped', applied: [], durationMs: 0, error: 'decommissioned' };
        }
        // The cluster's gate first: waiting for it must not hold one of the run's own places.
        return gateFor(spec.cluster)(() => global(async () => {
            const t0 = clock();
            try {
                const applied = await migrateTenant(await targetFor(services, spec), files, services.log);
                if (applied.length) {
                    await (0,src_registry/* appendAudit */.u0)(registry, { ...actorOf(services), tenant: tenant.code, action: 'db.migrations.rollout', target: 'db/migrations', after: { applied } });
                    countWrite();
                }
                return { tenant: tenant.code, cluster: spec.cluster, status: applied.length ? 'migrated' : 'up-to-date', applied, durationMs: clock() - t0 };
            }
            catch (err) {
                const error = err.message ?? String(err);
                services.log.error(`tenant ${tenant.code}: ${error}`);
                return { tenant: tenant.code, cluster: spec.cluster, status: 'failed', applied: [], durationMs: clock() - t0, error };
            }
        }));
    }));
    return {
        migrations: files.map((f) => f.name),
        tenants: results,
        failed: results.filter((r) => r.status === 'failed').length,
        durationMs: clock() - started,
    };
}
/** At most `limit` calls of fn in flight; the rest wait in arrival order. */
function createGate(limit) {
    let running = 0;
    const waiting = [];
    return async (fn) => {
        // A finished call hands its place straight to the next in line, so nobody overtakes the queue.
        if (running >= limit)
            await new Promise((resolve) => waiting.push(resolve));
        else
            running++;
        try {
            return await fn();
        }
        finally {
            const next = waiting.shift();
            if (next)
                next();
            else
                running--;
        }
    };
}
function renderMigrationMarkdown(result) {
    const cell = (s) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
    const counts = (status) => result.tenants.filter((t) => t.status === status).length;
    const lines = [
        `### Tenant migrations: ${counts('migrated')} migrated, ${counts('up-to-date')} up to date, ${counts('failed')} failed, ${counts('skipped')} skipped`,
        '',
        '| tenant | cluster | result | applied | duration |',
        '|---|---|---|---|---|',
        ...result.tenants.map((t) => `| ${t.tenant} | ${cell(t.cluster)} | ${t.status === 'failed' ? `**failed**: ${cell(t.error ?? '')}` : t.status}${t.status === 'skipped' && t.error ? ` (${t.error})` : ''} | ${t.applied.join(', ') || '—'} | ${Math.round(t.durationMs)} ms |`),
    ];
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/db/status.ts
// `tenantops status <code>`: what the registry knows of a tenant's data store, from the registry
// alone. Secrets are listed by name and key id, never by value.


async function readTenantStatus(registry, code) {
    const tenant = await (0,src_registry/* getTenant */.JR)(registry, code);
    if (!tenant)
        throw new errors/* EnvironmentError */.eG(`tenant ${code} is not in the registry; it has never been applied`);
    const store = await (0,src_registry/* getDataStore */.eE)(registry, code);
    const { rows: secrets } = await registry.query(`SELECT name, kid AS "keyId", updated_at AS "updatedAt" FROM secrets WHERE tenant = $1 ORDER BY name`, [code]);
    const resources = await (0,src_registry/* listResources */.U2)(registry, code);
    const { code: c, name, lifecycle, status, isolation, cluster } = tenant;
    let dataStore = null;
    if (store) {
        const { tenant: _, ...rest } = store;
        dataStore = rest;
    }
    return {
        tenant: { code: c, name, lifecycle, status, isolation, cluster },
        dataStore,
        secrets: secrets.map((s) => ({ name: s.name, keyId: s.keyId, updatedAt: new Date(s.updatedAt).toISOString() })),
        resources: resources.map((r) => ({ key: r.key, kind: r.kind, updatedAt: new Date(r.updatedAt).toISOString() })),
    };
}
function renderTenantStatus(report) {
    const t = report.tenant;
    const lines = [`${t.code} (${t.name}): ${t.lifecycle}, ${t.status}; ${t.isolation} isolation on ${t.cluster}`];
    const s = report.dataStore;
    if (!s)
        lines.push('  data store: not provisioned');
    else {
        lines.push(`  data store: ${s.status} — ${s.host}:${s.port}/${s.database}, schema ${s.schema}`);
        lines.push(`  roles: owner ${s.ownerRole ?? '—'}, app ${s.appRole ?? '—'}, bi ${s.biRole ?? '—'}`);
    }
    lines.push(`  secrets: ${report.secrets.length ? report.secrets.map((x) => `${x.name} (key ${x.keyId})`).join(', ') : 'none'}`);
    lines.push(`  resources: ${report.resources.length ? report.resources.map((r) => r.key).join(', ') : 'none'}`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/db/export.ts
// The tenant's data as CSV, table by table, for offboarding: every table of its schema read in one
// REPEATABLE READ snapshot (the tables agree with one another), through a cursor, encoded as
// PostgreSQL's own `COPY ... TO STDOUT (FORMAT csv, HEADER)` would encode it (values in their text
// form, NULL empty, an empty string ""). COPY itself needs a copy-stream client node-postgres does
// not have; a cursor gives the same bytes with the memory of one batch. Each table's CSV is
// handed on as a stream (to be sealed and uploaded) while its rows are counted and hashed.





const BATCH = 1_000;
// Every column in its text form, exactly as the server prints it (COPY's text of each value).
const AS_TEXT = { getTypeParser: () => (value) => value };
/**
 * Exports every table of the tenant's schema through `sink`, in name order; returns what each
 * held. Reads only: a failure anywhere leaves the tenant's data as it was.
 */
async function exportTenantData(services, tenant, platform, sink) {
    const spec = dbSpecOf(tenant, platform);
    const target = await targetFor(services, spec);
    const pool = await target.data();
    if (!pool)
        throw new errors/* EnvironmentError */.eG(`tenant ${spec.tenant} has no data store to export (no database ${spec.database})`);
    return (0,pg/* inTransaction */.sA)(pool, async (client) => {
        await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        // The owner reads everything of its schema, whatever grants the other roles hold.
        if (target.currentUser !== target.roles.owner)
            await client.query(`SET LOCAL ROLE ${(0,pg/* ident */.bD)(target.roles.owner)}`);
        const { rows: tables } = await client.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') ORDER BY c.relname COLLATE "C"`, [spec.schema]);
        const results = [];
        for (const { name } of tables)
            results.push(await exportTable(client, spec.schema, name, sink));
        return results;
    });
}
async function exportTable(client, schema, table, sink) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    const counts = { rows: 0, bytes: 0, done: false };
    const cursor = (0,pg/* ident */.bD)(`tenantops_export_${table}`.slice(0, 63));
    async function* csv() {
        await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT * FROM ${(0,pg/* qualified */.LX)(schema, table)}`);
        let header = true;
        for (;;) {
            const result = await client.query({ text: `FETCH ${BATCH} FROM ${cursor}`, rowMode: 'array', types: AS_TEXT });
            let text = '';
            if (header) {
                text += csvLine(result.fields.map((f) => f.name));
                header = false;
            }
            for (const row of result.rows)
                text += csvLine(row);
            counts.rows += result.rows.length;
            if (text) {
                const chunk = Buffer.from(text, 'utf8');
                hash.update(chunk);
                counts.bytes += chunk.length;
                yield chunk;
            }
            if (result.rows.length < BATCH)
                break;
        }
        await client.query(`CLOSE ${cursor}`);
        counts.done = true;
    }
    await sink(table, csv());
    if (!counts.done)
        throw new errors/* InternalError */.Gd(`the export of ${schema}.${table} was not read to its end`);
    return { table, rows: counts.rows, bytes: counts.bytes, sha256: hash.digest('hex') };
}
/** One CSV record as COPY (FORMAT csv) writes it: NULL unquoted and empty, "" for an empty string. */
function csvLine(values) {
    return values.map(csvField).join(',') + '\n';
}
function csvField(value) {
    if (value === null)
        return '';
    if (value === '' || value === '\\.' || /[",\r\n]/.test(value))
        return `"${value.replaceAll('"', '""')}"`;
    return value;
}

;// CONCATENATED MODULE: ./src/db/index.ts
// db: tenant data provisioning. One isolation strategy per mode (schema, database, byod), chosen
// once per tenant; the three roles and their grants; the tenant's migrations (run by pg's one
// runner) and their fan-out; the registry's record of where each tenant's data lives, and the
// credentials other actions read from there.


















/***/ }),

/***/ 27201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  sQ: () => (/* reexport */ DOCUMENTED_LIMITS),
  uT: () => (/* reexport */ createHttpClient),
  x: () => (/* reexport */ createRateLimiter),
  p4: () => (/* reexport */ createSharedAgent),
  mu: () => (/* reexport */ parseRetryAfter)
});

// UNUSED EXPORTS: DEFAULT_RETRY, backoffDelay, describeErrorBody, isRetryableStatus

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
;// CONCATENATED MODULE: ./src/http/retry.ts
// When and how long to wait before trying a call again. Throttling (429) and "try later" (503)
// are always safe to retry: the service did nothing. Other 5xx and lost connections are retried
// only for idempotent calls, since a POST may have done its work before its answer was lost. A
// service may name more statuses it answers without acting (GoDaddy's 409 "edit in progress").
const DEFAULT_RETRY = { maxAttempts: 6, maxThrottledReplies: 30, baseDelayMs: 500, maxDelayMs: 60_000, maxTotalDelayMs: 300_000, busyStatuses: [] };
/** Statuses whose request the service did not act on. */
const NOT_PROCESSED = new Set([429, 503]);
const TRANSIENT = new Set([500, 502, 504]);
function isRetryableStatus(status, idempotent, busyStatuses = []) {
    return NOT_PROCESSED.has(status) || busyStatuses.includes(status) || (idempotent && TRANSIENT.has(status));
}
/**
 * `Retry-After` as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Unparseable or
 * absent → undefined, and the caller falls back to exponential back-off.
 */
function parseRetryAfter(value, now) {
    if (!value)
        return undefined;
    const trimmed = value.trim();
    if (/^\d+(\.\d+)?$/.test(trimmed))
        return Math.round(Number(trimmed) * 1000);
    const at = Date.parse(trimmed);
    return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
/** Back-off for attempt n (1-based), with "full jitter" so parallel callers spread out. */
function backoffDelay(attempt, policy, random = Math.random) {
    const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(cap / 2 + (random() * cap) / 2);
}

;// CONCATENATED MODULE: ./src/http/client.ts
// The one HTTP client every remote service goes through (Power BI, Fabric, DNS providers): base
// URL, bearer token, JSON, timeouts, retries that honour Retry-After, a rate budget per identity or endpoint,
// the service's request id captured, and failures turned into RemoteApiError naming the tenant,
// step, call, status and request id. Bodies are never logged.



/** A turn in the budget this long after the bearer token was asked for asks for it again. */
const TOKEN_RECHECK_MS = 1000;
const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const DEFAULT_REQUEST_ID_HEADERS = ['requestid', 'x-ms-request-id', 'request-id', 'x-request-id', 'cf-ray'];
/**
 * undici is loaded on the first call, not at start-up: validation and offline plans never make one,
 * and the module costs about 11 MB of a run's memory.
 */
let undici;
const loadUndici = () => (undici ??= __webpack_require__.e(/* import() */ 752).then(__webpack_require__.t.bind(__webpack_require__, 24371, 19)));
/** A pool trusting `ca` as well as the system's CAs; without one, undici's global pool. */
function createSharedAgent(ca) {
    let agent;
    return {
        get: () => (agent ??= loadUndici().then((u) => (ca ? new u.Agent({ connect: { ca } }) : u.getGlobalDispatcher()))),
        close: async () => {
            if (agent && ca)
                await (await agent).close();
        },
    };
}
function createHttpClient(options, shared) {
    const policy = { ...DEFAULT_RETRY, ...options.retry };
    const sleep = options.sleep ?? ((ms, signal) => (0,promises_.setTimeout)(ms, undefined, { signal }));
    const now = options.now ?? Date.now;
    const agent = shared?.agent ?? options.agent ?? createSharedAgent(options.ca);
    const idHeaders = (options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS).map((h) => h.toLowerCase());
    // Shared with the clients withContext derives, so a run's counts cover all of them.
    const counts = shared?.counts ?? { reads: 0, writes: 0 };
    const client = {
        service: options.service,
        counts,
        withContext: (context) => createHttpClient({ ...options, context: { ...options.context, ...context } }, { counts, agent }),
        async request(method, path, req = {}) {
            const verb = method.toUpperCase();
            const url = buildUrl(options.baseUrl, path, req.query);
            const call = `${verb} ${req.call ?? url.pathname}`;
            const idempotent = req.idempotent ?? IDEMPOTENT.has(verb);
            const failure = (status, detail, code, requestId) => new errors/* RemoteApiError */.F4({ service: options.service, call, status, code, requestId, tenant: options.context?.tenant, step: options.context?.step, resource: req.resource }, detail);
            let waited = 0;
            // A 429 (or a busy status) is the service pacing us, not a failed attempt: when a fleet's calls outrun a
            // budget the client believed bigger, a call can meet several in a row while its neighbours
            // get through. Those replies are bounded by maxThrottledReplies and the total wait, so only
            // real failures spend `maxAttempts`.
            let throttledReplies = 0;
            for (let attempt = 1;; attempt++) {
                const headers = { accept: 'application/json', ...options.headers, ...req.headers };
                if (options.token)
                    headers.authorization = `Bearer ${await options.token()}`;
                let payload = req.rawBody;
                if (payload === undefined && req.body !== undefined) {
                    payload = JSON.stringify(req.body);
                    headers['content-type'] ??= 'application/json';
                }
                const [{ request }, dispatcher] = await Promise.all([loadUndici(), agent.get()]);
                // The budget's token is taken last, once nothing but the call itself is left to wait for: a
                // token taken before a slow first import or token request would let the calls queued
                // behind it reach the service bunched together, over the budget.
                const turn = now();
                await options.rateLimit?.take(options.rateLimitKey ?? call, req.signal);
                // A fleet bound by its budget waits minutes for a turn: the bearer token asked before
                // may have expired since. Ask again (the source answers from its cache unless it renews).
                if (options.token && now() - turn >= TOKEN_RECHECK_MS)
                    headers.authorization = `Bearer ${await options.token()}`;
                if (verb === 'GET' || verb === 'HEAD')
                    counts.reads++;
                else
                    counts.writes++;
                const started = now();
                let res;
                try {
                    res = await request(url, {
                        method: verb,
                        headers,
                        body: payload,
                        dispatcher,
                        signal: req.signal,
                        headersTimeout: options.timeoutMs ?? 100_000,
                        bodyTimeout: options.timeoutMs ?? 100_000,
                    });
                }
                catch (err) {
                    if (req.signal?.aborted)
                        throw err;
                    const retry = idempotent && attempt < policy.maxAttempts;
                    const wait = backoffDelay(attempt, policy);
                    options.log?.debug(`${options.service} ${call} → ${err.message}${retry ? `; retrying in ${wait} ms` : ''}`);
                    if (!retry || waited + wait > policy.maxTotalDelayMs)
                        throw failure(undefined, err.message);
                    waited += wait;
                    await sleep(wait, req.signal);
                    continue;
                }
                const resHeaders = flattenHeaders(res.headers);
                const requestId = idHeaders.map((h) => resHeaders[h]).find(Boolean);
                const text = await res.body.text();
                const body = parseBody(text, resHeaders['content-type']);
                options.log?.debug(`${options.service} ${call} → ${res.statusCode} in ${Math.round(now() - started)} ms${requestId ? ` (request id ${requestId})` : ''}`);
                const ok = req.expect ? req.expect.includes(res.statusCode) : res.statusCode >= 200 && res.statusCode < 300;
                if (ok)
                    return { status: res.statusCode, headers: resHeaders, body: body, requestId, attempts: attempt };
                // A busy status (GoDaddy's 409 edit lock) is pacing too: the service did nothing, and
                // tenants editing one zone at once each wait for the others' edits in turn.
                const paced = res.statusCode === 429 || policy.busyStatuses.includes(res.statusCode);
                if (paced)
                    throttledReplies++;
                const attemptsLeft = paced ? throttledReplies <= policy.maxThrottledReplies : attempt - throttledReplies < policy.maxAttempts;
                if (isRetryableStatus(res.statusCode, idempotent, policy.busyStatuses) && attemptsLeft) {
                    const wait = Math.min(policy.maxDelayMs, parseRetryAfter(resHeaders['retry-after'], now()) ?? retryAfterFromBody(body) ?? backoffDelay(attempt, policy));
                    if (waited + wait <= policy.maxTotalDelayMs) {
                        options.log?.debug(`${options.service} ${call}: ${res.statusCode}, waiting ${wait} ms (attempt ${attempt}/${policy.maxAttempts})`);
                        waited += wait;
                        await sleep(wait, req.signal);
                        continue;
                    }
                }
                const { code, message } = describeErrorBody(body, resHeaders);
                throw failure(res.statusCode, message ?? `unexpected status`, code, requestId);
            }
        },
    };
    return client;
}
function buildUrl(base, path, query) {
    const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
    for (const [k, v] of Object.entries(query ?? {}))
        if (v !== undefined)
            url.searchParams.set(k, String(v));
    return url;
}
function flattenHeaders(headers) {
    const out = {};
    for (const [k, v] of Object.entries(headers))
        if (v !== undefined)
            out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return out;
}
function parseBody(text, contentType = '') {
    if (!text)
        return undefined;
    if (contentType.includes('json') || /^[[{]/.test(text.trimStart())) {
        try {
            return JSON.parse(text.replace(/^\uFEFF/, ''));
        }
        catch {
            return text;
        }
    }
    return text;
}
/** GoDaddy puts the wait in its body (`retryAfterSec`) rather than a header. */
function retryAfterFromBody(body) {
    const sec = body?.retryAfterSec;
    return typeof sec === 'number' ? sec * 1000 : undefined;
}
/**
 * The error code and message of the shapes our services use: Power BI `{error: {code, message}}`
 * (and `pbi.error`), Fabric `{errorCode, message}` plus `x-ms-public-api-error-code`, GoDaddy
 * `{code, message}`, Cloudflare `{errors: [{code, message}]}`, ARM `{error: {code, message}}`.
 */
function describeErrorBody(body, headers = {}) {
    const b = (body ?? {});
    const code = headers['x-ms-public-api-error-code'] ?? b.errorCode ?? b.error?.code ?? b.error?.['pbi.error']?.code ?? b.errors?.[0]?.code ?? b.code;
    const message = b.message ?? b.error?.message ?? b.errors?.[0]?.message ?? (typeof body === 'string' ? body.slice(0, 300) : undefined);
    return { code: code === undefined ? undefined : String(code), message: message === undefined ? undefined : String(message) };
}

;// CONCATENATED MODULE: ./src/http/rate-limit.ts
// Client-side budgets, the one pacing mechanism every service goes through: waiting our turn is
// cheaper than collecting 429s. A limiter keeps one budget per key — an identity (Fabric and Power
// BI count calls per caller: a token bucket) or an endpoint (GoDaddy allows 60 requests a minute
// per endpoint: a sliding window) — and serves the callers of one key first come, first served.
// An identity's budget belongs to the identity, not to one process: given a shared store (the
// registry's rate_budgets), a token bucket is kept there, so parallel runs calling as one principal
// stay inside its budget together.
function createRateLimiter(options) {
    const { budget, store } = options;
    const local = createLocalLimiter(options);
    if (store && 'perSecond' in budget) {
        const bucket = { perSecond: budget.perSecond, capacity: budget.burst ?? Math.max(1, budget.perSecond) };
        // A store that cannot be written (a pull request's plan runs with a SELECT-only registry role)
        // or is not there yet paces this process on its own: a plan must never fail for its pacing.
        let shared = true;
        return {
            async take(key, signal) {
                if (shared) {
                    try {
                        const startAt = await store.reserve(key, bucket, options.now);
                        const wait = startAt - options.now();
                        if (wait > 0)
                            await options.sleep(wait, signal);
                        return;
                    }
                    catch {
                        shared = false;
                    }
                }
                return local.take(key, signal);
            },
        };
    }
    return local;
}
function createLocalLimiter(options) {
    const meters = new Map();
    const queues = new Map();
    return {
        take(key, signal) {
            let meter = meters.get(key);
            if (!meter)
                meters.set(key, (meter = createMeter(options.budget, options.now())));
            const m = meter;
            const turn = (queues.get(key) ?? Promise.resolve()).then(async () => {
                for (let wait = m.delay(options.now()); wait > 0; wait = m.delay(options.now()))
                    await options.sleep(wait, signal);
                m.count(options.now());
            });
            // A caller that gave up (aborted) must not hold up the ones queued behind it.
            queues.set(key, turn.catch(() => undefined));
            return turn;
        },
    };
}
function createMeter(budget, now) {
    return 'perSecond' in budget ? tokenBucket(budget.perSecond, budget.burst ?? Math.max(1, budget.perSecond), now) : slidingWindow(budget.limit, budget.windowMs);
}
function tokenBucket(perSecond, capacity, start) {
    let tokens = capacity;
    let updated = start;
    const refill = (now) => {
        tokens = Math.min(capacity, tokens + ((now - updated) / 1000) * perSecond);
        updated = now;
    };
    return {
        delay(now) {
            refill(now);
            return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / perSecond) * 1000);
        },
        count(now) {
            refill(now);
            tokens -= 1;
        },
    };
}
function slidingWindow(limit, windowMs) {
    // Start times of the calls inside the current window, oldest first.
    const starts = [];
    return {
        delay(now) {
            while (starts.length && starts[0] <= now - windowMs)
                starts.shift();
            return starts.length < limit ? 0 : starts[0] + windowMs - now;
        },
        count(now) {
            starts.push(now);
        },
    };
}

;// CONCATENATED MODULE: ./src/http/limits.ts
// The rate limits the services document, with the page beside each: what a client may assume of
// an identity's (or an endpoint's) budget. A budget is the service's, so parallel processes share
// it (RateBudgetStore); where a figure is not published we say so and keep a reported one.
const DOCUMENTED_LIMITS = {
    /**
     * Fabric throttles per identity (user or service principal) and is rolling out a unified quota of
     * 200 calls a minute per identity for its platform APIs (long-running operations have a quota of
     * their own); 429 with Retry-After. Profiles cannot call Fabric REST, so a fleet shares the
     * principal's quota. https://learn.microsoft.com/en-us/rest/api/fabric/articles/throttling
     */
    fabric: { perMinute: 200, per: 'identity', source: 'https://learn.microsoft.com/en-us/rest/api/fabric/articles/throttling' },
    /**
     * Power BI REST answers 429 with Retry-After per caller and publishes no general per-minute figure
     * (https://learn.microsoft.com/en-us/rest/api/power-bi/); whether a service principal profile has
     * a budget of its own is not documented. Users report 429s above about 60 calls a minute
     * (https://community.fabric.microsoft.com/t5/Developer/Service-principal-profile-throttle-limits/td-p/4775573).
     */
    powerbi: { perMinute: 60, per: 'identity', source: 'https://learn.microsoft.com/en-us/rest/api/power-bi/' },
    /**
     * GoDaddy: 60 requests a minute per endpoint, 429 with `retryAfterSec` in the body.
     * https://developer.godaddy.com/getstarted (Rate limiting)
     */
    godaddy: { perMinute: 60, per: 'endpoint', source: 'https://developer.godaddy.com/getstarted' },
};

;// CONCATENATED MODULE: ./src/http/index.ts
// http: the one undici-based client every remote service goes through, with its retry policy
// and its rate budgets (per identity or per endpoint).






/***/ }),

/***/ 52135:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Lw: () => (/* reexport */ SERVER_DATABASES),
  On: () => (/* binding */ deriveNames),
  B: () => (/* reexport */ dnsLabelSkeleton),
  mQ: () => (/* reexport */ findNameCollisions),
  K6: () => (/* binding */ isValidTenantCode),
  mo: () => (/* binding */ ownershipRecordName),
  Mv: () => (/* binding */ tenantHostname)
});

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
;// CONCATENATED MODULE: ./src/naming/collisions.ts
// Where two owners would end up with the same derived name. Derivation is injective for tenant codes,
// so collisions come from what derivation cannot see: the platform's own names (a cluster's shared
// database, PostgreSQL's databases, the template workspace) and DNS labels that read alike.

/** Databases every PostgreSQL server already has; no tenant store may take one. */
const SERVER_DATABASES = ['postgres', 'template0', 'template1'];
/**
 * Every exclusive claim that another owner also claims in the same space (a shared claim that meets
 * an exclusive one is not reported: the exclusive claimant is the one at fault).
 */
function findNameCollisions(claims) {
    const bySpace = new Map();
    for (const c of claims) {
        const at = `${c.space}\u0000${c.key ?? c.name}`;
        // Pushed, not spread: every schema tenant claims its cluster's one shared database, and copying
        // that group on each claim is quadratic (10,000 tenants: 50 million copies, hundreds of MB).
        const group = bySpace.get(at);
        if (group)
            group.push(c);
        else
            bySpace.set(at, [c]);
    }
    const collisions = [];
    for (const group of bySpace.values()) {
        for (const claim of group) {
            if (claim.shared)
                continue;
            const others = group.filter((o) => o.owner !== claim.owner);
            if (others.length)
                collisions.push({ claim, others });
        }
    }
    return collisions;
}
// Cyrillic and Greek letters drawn like Latin ones (the common part of Unicode's confusables list):
// enough to catch a phishing look-alike of a tenant's address, which is what the check is for.
const LOOK_ALIKES = {
    а: 'a', в: 'b', с: 'c', ԁ: 'd', е: 'e', ё: 'e', һ: 'h', і: 'i', ї: 'i', ј: 'j', к: 'k', ӏ: 'l', м: 'm', н: 'h',
    о: 'o', р: 'p', ԛ: 'q', ѕ: 's', т: 't', у: 'y', х: 'x', ԝ: 'w', ѵ: 'v',
    α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
    ɑ: 'a', ɡ: 'g', ı: 'i', ȷ: 'j', ℓ: 'l',
};
/**
 * What a DNS label looks like to a reader: punycode decoded, accents and compatibility forms folded
 * (NFKD without combining marks), Cyrillic and Greek look-alikes mapped to Latin, lower case.
 * `xn--cme-training-w9j` (Cyrillic а) and `acme-training` share one skeleton, so a look-alike of a
 * tenant's address cannot be registered beside it.
 */
function dnsLabelSkeleton(label) {
    const lower = label.toLowerCase();
    const unicode = lower.startsWith('xn--') ? (0,external_node_url_.domainToUnicode)(lower) || lower : lower;
    const folded = unicode.normalize('NFKD').replace(/\p{M}/gu, '');
    return [...folded].map((ch) => LOOK_ALIKES[ch] ?? ch).join('');
}

;// CONCATENATED MODULE: ./src/naming/index.ts
// The one rule for every name tenantops derives from a tenant code. Names are derived, never
// stored in tenant files, so two tenants cannot collide and a reader can predict every name.
//
//   code              acme-training          ([a-z][a-z0-9-]*, 3-40 chars)
//   identifier stem   acme_training          (hyphens become underscores)
//   schema            tenant_acme_training   (schema isolation)
//   database          tenant_acme_training   (database isolation; byod keeps the customer's own)
//   roles             tenant_acme_training_owner / _app / _bi
//   workspace         tenant-acme-training   (Power BI / Fabric)
//   profile           tenant-acme-training   (service principal profile)
//   semantic model    tenant-acme-training-model
//   DNS               <subdomain>.<zone>, ownership TXT _tenantops.<subdomain>.<zone>
//
// PostgreSQL identifiers stay within 63 bytes: "tenant_" (7) + 40 + "_owner" (6) = 53.
const CODE = /^[a-z][a-z0-9-]{2,39}$/;
function isValidTenantCode(code) {
    return CODE.test(code);
}
function deriveNames(code) {
    if (!isValidTenantCode(code))
        throw new Error(`not a valid tenant code: ${JSON.stringify(code)}`);
    const stem = `tenant_${code.replaceAll('-', '_')}`;
    return {
        schema: stem,
        database: stem,
        roles: { owner: `${stem}_owner`, app: `${stem}_app`, bi: `${stem}_bi` },
        workspace: `tenant-${code}`,
        profile: `tenant-${code}`,
        semanticModel: `tenant-${code}-model`,
    };
}
function tenantHostname(subdomain, zone) {
    return `${subdomain}.${zone.replace(/\.$/, '')}`.toLowerCase();
}
function ownershipRecordName(subdomain) {
    return `_tenantops.${subdomain}`;
}



/***/ }),

/***/ 95297:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GD: () => (/* reexport */ loadOperation),
  Lk: () => (/* reexport */ loadOperations),
  xf: () => (/* reexport */ planOperation),
  yx: () => (/* reexport */ renderOperationHistory),
  fF: () => (/* reexport */ renderOperationPlan),
  fW: () => (/* reexport */ renderOperationRun)
});

// UNUSED EXPORTS: OPERATIONS_DIR, OPERATION_ACTIONS, matches, validateOperationText

// EXTERNAL MODULE: ./node_modules/croner/dist/croner.js
var croner = __webpack_require__(55814);
// EXTERNAL MODULE: ./src/config/index.ts + 14 modules
var config = __webpack_require__(46932);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/yaml/index.ts + 9 modules
var yaml = __webpack_require__(99619);
;// CONCATENATED MODULE: ./operations/operation.schema.json
const operation_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","$id":"https://tenantops.example/schemas/operation.schema.json","title":"tenantops operation sequence","description":"A named sequence of operations across tenants: operations/<name>.yaml, run by `tenantops ops run <name>` and by the operations workflow on its schedule. Rules across files (known tenants, capacities, clusters and modules, `needs` naming earlier steps, a valid cron) are checked by tenantops, not by this schema.","type":"object","additionalProperties":false,"required":["name","steps"],"properties":{"name":{"description":"The sequence\'s name, also the file name (<name>.yaml): lowercase letters, digits and hyphens, starting with a letter.","type":"string","minLength":3,"maxLength":40,"pattern":"^[a-z][a-z0-9-]*$"},"description":{"description":"What the sequence is for, one or two sentences.","type":"string","minLength":1,"maxLength":300},"schedule":{"description":"When the operations workflow runs it: a five-field cron (minute hour day-of-month month day-of-week) in UTC, as GitHub\'s `on.schedule` takes it. Absent: on demand only.","type":"string","pattern":"^\\\\S+( \\\\S+){4}$"},"parallelism":{"description":"Tenants worked on at once in each step, unless a step says otherwise. Default 4.","type":"integer","minimum":1,"maximum":32,"default":4},"onFailure":{"description":"What a failed step does to the rest of the sequence, unless a step says otherwise: stop (default: later steps do not run) or continue (later steps run; a step still skips the tenants whose needed steps failed).","enum":["stop","continue"],"default":"stop"},"retries":{"description":"How many times a failed tenant is tried again within a step before the step counts it as failed, unless a step says otherwise. Default 0.","type":"integer","minimum":0,"maximum":5,"default":0},"steps":{"description":"The steps, run in this order; a step waits for the steps it needs.","type":"array","minItems":1,"maxItems":20,"items":{"$ref":"#/$defs/step"}}},"$defs":{"step":{"description":"One operation over a set of tenants.","type":"object","additionalProperties":false,"required":["id","action"],"properties":{"id":{"description":"The step\'s name within the sequence (unique), used by `needs` and in reports: lowercase letters, digits and hyphens.","type":"string","minLength":1,"maxLength":40,"pattern":"^[a-z][a-z0-9-]*$"},"action":{"description":"refresh-dataflows: refresh the tenant\'s Gen1 dataflows and wait for them; refresh-models: refresh its semantic model and wait (within the shared capacity\'s 8 a day); migrate: apply pending tenant migrations; verify: check its analytics (reports bound to its own model, only its own rows); redeploy-templates: apply its Power BI slice (model definition and report templates); discover: compare what Power BI holds with the registry.","enum":["refresh-dataflows","refresh-models","migrate","verify","redeploy-templates","discover"]},"targets":{"description":"Which tenants the step works on: every active tenant when absent or empty; otherwise the tenants matching everything given.","type":"object","additionalProperties":false,"properties":{"tenants":{"description":"These tenants, by code.","type":"array","minItems":1,"uniqueItems":true,"items":{"type":"string","minLength":1}},"capacity":{"description":"Tenants on this capacity of platform.yaml (capacities).","type":"string","minLength":1},"cluster":{"description":"Tenants whose data lives on this cluster of platform.yaml (clusters).","type":"string","minLength":1},"module":{"description":"Tenants with this report module enabled.","type":"string","minLength":1},"lifecycle":{"description":"Tenants in this lifecycle state. Default active: suspended and decommissioned tenants are left alone unless named here.","enum":["active","suspended","decommissioned"]}}},"needs":{"description":"Earlier steps this one depends on (dataflows before the models that read them): a tenant whose needed step failed or was skipped is skipped here.","type":"array","uniqueItems":true,"items":{"type":"string","minLength":1}},"parallelism":{"description":"Tenants worked on at once in this step. Default the sequence\'s.","type":"integer","minimum":1,"maximum":32},"onFailure":{"description":"stop or continue when this step fails. Default the sequence\'s.","enum":["stop","continue"]},"retries":{"description":"How many times a failed tenant is tried again in this step. Default the sequence\'s.","type":"integer","minimum":0,"maximum":5}}}}}');
;// CONCATENATED MODULE: ./src/ops/schema.ts


let cached;
function getOperationValidator() {
    cached ??= (0,config/* createAjv */.gr)().compile(operation_schema_namespaceObject);
    return cached;
}
const OPERATION_REQUIRED = operation_schema_namespaceObject.required;

;// CONCATENATED MODULE: ./src/ops/messages.ts
// Every message an operations finding or run can carry: one line, `what is wrong; what is allowed`.

const known = (value, names) => `${(0,yaml/* didYouMean */.au)(value, names)}; known: ${names.length ? (0,yaml/* formatList */.ki)(names) : 'none'}`;
function nameMismatch(name, fileName) {
    return `name "${name}" does not match the file name ${fileName}; name the file ${name}.yaml or set name: ${fileName.replace(/\.ya?ml$/, '')}`;
}
function duplicateStep(id, firstLine) {
    return `step id "${id}" is already used on line ${firstLine}; each step needs its own id`;
}
function unknownNeed(path, need, earlier) {
    return `${path} "${need}" is not an earlier step${(0,yaml/* didYouMean */.au)(need, earlier)}; allowed: ${earlier.length ? (0,yaml/* formatList */.ki)(earlier) : 'no step (this is the first one)'}`;
}
function selfNeed(path, id) {
    return `${path} names the step itself ("${id}"); a step can only need earlier steps`;
}
function modelsWithoutDataflows(step, dataflows) {
    return `step "${step}" refreshes models after step "${dataflows}" refreshed dataflows without needing it; add needs: [${dataflows}] so the models read the refreshed dataflows`;
}
function badCron(value, reason) {
    return `schedule "${value}" is not a valid cron (${reason}); allowed: five fields, minute hour day-of-month month day-of-week, in UTC, e.g. "0 5 * * *"`;
}
function unknownTenant(path, code, codes) {
    return `${path} "${code}" is not a tenant in tenants/${known(code, codes)}`;
}
function unknownReference(path, value, kind, names) {
    const where = kind === 'module' ? 'the report catalog (templates/providers.yaml)' : `platform.yaml (${kind === 'capacity' ? 'capacities' : 'clusters'})`;
    return `${path} "${value}" is not a ${kind} of ${where}${known(value, names)}`;
}
function unknownSequence(name, names) {
    return `no sequence "${name}" in operations/${known(name, names)}`;
}
function tenantNotTargeted(code, name) {
    return `tenant "${code}" is not a target of any step of ${name}; nothing would run`;
}
function notRegularFile(file) {
    return `${file} is a symbolic link or not a regular file; allowed: a regular file in operations/ (a link is never followed)`;
}

;// CONCATENATED MODULE: ./src/ops/validate.ts
// Validation of an operations file from its text: YAML faults through the one loader, the JSON
// Schema through ajv, then the rules across files (steps, needs, cron, known tenants, capacities,
// clusters and modules), all as positioned findings `file:line:col` (nothing throws). Pure.






function validateOperationText(text, file, context) {
    const parsed = (0,yaml/* parseYamlSource */.WF)(text, file, { what: 'an operations file', required: OPERATION_REQUIRED });
    const data = (0,yaml/* toPlainData */.C6)(parsed);
    if (!parsed.source || !data)
        return { findings: parsed.findings };
    const validate = getOperationValidator();
    const valid = validate(data);
    const issues = [...(0,config/* collectSchemaIssues */.ow)(validate.errors ?? [], data), ...(0,config/* checkText */.qW)(data)];
    // Rules read well-formed data only: on a schema fault they would mostly repeat it.
    const source = parsed.source;
    const lineOfStep = (i) => (0,yaml/* locatePath */.oV)(source, ['steps', i, 'id'], 'value').line;
    if (valid)
        issues.push(...checkRules(data, file, context, lineOfStep));
    const findings = (0,errors/* sortFindings */.Tc)([...parsed.findings, ...(0,config/* positionIssues */.qN)(source, issues)]);
    return findings.length ? { findings } : { sequence: data, findings };
}
function checkRules(seq, file, context, lineOfStep) {
    const issues = [];
    const fileName = file.split('/').pop();
    if (fileName.replace(/\.ya?ml$/, '') !== seq.name)
        issues.push({ path: ['name'], target: 'value', message: nameMismatch(seq.name, fileName) });
    if (seq.schedule !== undefined) {
        const reason = cronProblem(seq.schedule);
        if (reason)
            issues.push({ path: ['schedule'], target: 'value', message: badCron(seq.schedule, reason) });
    }
    const seen = new Map();
    let dataflowStep;
    const upstream = new Map();
    seq.steps.forEach((step, i) => {
        const at = (...rest) => ['steps', i, ...rest];
        const first = seen.get(step.id);
        if (first !== undefined)
            issues.push({ path: at('id'), target: 'value', message: duplicateStep(step.id, lineOfStep(first)) });
        else
            seen.set(step.id, i);
        const earlier = seq.steps.slice(0, i).map((s) => s.id);
        let needsFault = false;
        (step.needs ?? []).forEach((need, j) => {
            const path = (0,yaml/* formatPath */.jV)(at('needs', j));
            needsFault ||= need === step.id || !earlier.includes(need);
            if (need === step.id)
                issues.push({ path: at('needs', j), target: 'value', message: selfNeed(path, need) });
            else if (!earlier.includes(need))
                issues.push({ path: at('needs', j), target: 'value', message: unknownNeed(path, need, earlier) });
        });
        // Everything a step waits for, directly or through the steps it needs.
        const before = new Set((step.needs ?? []).flatMap((n) => [n, ...(upstream.get(n) ?? [])]));
        upstream.set(step.id, before);
        if (step.action === 'refresh-models' && dataflowStep && !needsFault && !before.has(dataflowStep)) {
            issues.push({ path: at('action'), target: 'value', message: modelsWithoutDataflows(step.id, dataflowStep) });
        }
        if (step.action === 'refresh-dataflows')
            dataflowStep = step.id;
        const t = step.targets ?? {};
        (t.tenants ?? []).forEach((code, j) => {
            if (!context.tenants.includes(code))
                issues.push({ path: at('targets', 'tenants', j), target: 'value', message: unknownTenant((0,yaml/* formatPath */.jV)(at('targets', 'tenants', j)), code, context.tenants) });
        });
        const refs = [['capacity', context.capacities], ['cluster', context.clusters], ['module', context.modules]];
        for (const [kind, names] of refs) {
            const value = t[kind];
            if (value !== undefined && !names.includes(value))
                issues.push({ path: at('targets', kind), target: 'value', message: unknownReference((0,yaml/* formatPath */.jV)(at('targets', kind)), value, kind, names) });
        }
    });
    return issues;
}
/** Why croner refuses a cron, or undefined when it parses (five fields: GitHub has no seconds). */
function cronProblem(expression) {
    try {
        new croner/* Cron */.l4(expression, { paused: true, timezone: 'UTC' }).stop();
        return undefined;
    }
    catch (err) {
        return err.message.replace(/^CronPattern: /, '');
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/ops/load.ts
// Reading operations/*.yaml from a repository and validating every file; a run names one of them.
// Only regular files directly in operations/ are read (a link is a finding, as in tenants/).





const OPERATIONS_DIR = 'operations';
async function loadOperations(root, context) {
    const entries = (await (0,promises_.readdir)(external_node_path_default().join(root, OPERATIONS_DIR), { withFileTypes: true }).catch(() => [])).filter((e) => /\.ya?ml$/.test(e.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
    const operations = [];
    const findings = [];
    for (const entry of entries) {
        const file = `${OPERATIONS_DIR}/${entry.name}`;
        if (!entry.isFile()) {
            findings.push({ file, line: 1, col: 1, message: notRegularFile(file) });
            continue;
        }
        const result = validateOperationText(await (0,promises_.readFile)(external_node_path_default().join(root, file), 'utf8'), file, context);
        findings.push(...result.findings);
        if (result.sequence)
            operations.push({ file, sequence: result.sequence });
    }
    return { operations, findings: (0,errors/* sortFindings */.Tc)(findings) };
}
/** One sequence by name: a ConfigurationError with its file's findings, an EnvironmentError when unknown. */
async function loadOperation(root, name, context) {
    const { operations, findings } = await loadOperations(root, context);
    const file = findings.find((f) => external_node_path_default().basename(f.file).replace(/\.ya?ml$/, '') === name);
    if (file)
        throw new errors/* ConfigurationError */.j1(findings.filter((f) => f.file === file.file));
    const found = operations.find((o) => o.sequence.name === name);
    if (!found)
        throw new errors/* EnvironmentError */.eG(unknownSequence(name, operations.map((o) => o.sequence.name)));
    return found;
}

;// CONCATENATED MODULE: ./src/ops/plan.ts


function planOperation(sequence, tenants, options = {}) {
    const steps = sequence.steps.map((step) => ({
        id: step.id,
        action: step.action,
        needs: step.needs ?? [],
        parallelism: step.parallelism ?? sequence.parallelism,
        onFailure: step.onFailure ?? sequence.onFailure,
        retries: step.retries ?? sequence.retries,
        tenants: tenants.filter((t) => matches(t, step.targets ?? {}) && (options.tenant === undefined || t.code === options.tenant)).map((t) => t.code),
    }));
    if (options.tenant !== undefined && !steps.some((s) => s.tenants.length))
        throw new errors/* EnvironmentError */.eG(tenantNotTargeted(options.tenant, sequence.name));
    return { name: sequence.name, steps };
}
/** Every given field must match; a lifecycle other than active must be asked for. */
function matches(tenant, targets) {
    if (targets.tenants && !targets.tenants.includes(tenant.code))
        return false;
    if (targets.capacity !== undefined && tenant.powerbi.capacity !== targets.capacity)
        return false;
    if (targets.cluster !== undefined && tenant.database.cluster !== targets.cluster)
        return false;
    if (targets.module !== undefined && !tenant.modules.includes(targets.module))
        return false;
    return tenant.lifecycle === (targets.lifecycle ?? 'active');
}

;// CONCATENATED MODULE: ./src/ops/render.ts
const cell = (text) => (text ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ');
function renderOperationPlan(plan) {
    const lines = [`### ${plan.name}: dry run (nothing contacted)`, '', '| step | action | needs | tenants | parallelism | on failure | retries |', '|---|---|---|---|---|---|---|'];
    for (const s of plan.steps) {
        lines.push(`| ${s.id} | ${s.action} | ${s.needs.join(', ')} | ${s.tenants.join(', ') || '(none)'} | ${s.parallelism} | ${s.onFailure} | ${s.retries} |`);
    }
    return lines.join('\n');
}
function renderOperationRun(run) {
    const lines = [
        `### ${run.name}: ${run.status}`,
        '',
        `run ${run.id ?? '-'} by ${run.actor}, ${run.startedAt} → ${run.finishedAt} (${seconds(run.durationMs)})`,
        '',
        '| step | tenant | status | tries | detail | duration |',
        '|---|---|---|---|---|---|',
    ];
    for (const step of run.steps) {
        if (!step.tenants.length)
            lines.push(`| ${step.id} | | ${step.status} | | ${cell(step.detail ?? 'no tenant targeted')} | |`);
        for (const t of step.tenants) {
            const items = (t.items ?? []).map((i) => `${i.target}: ${i.status}${i.requestId ? ` (${i.requestId})` : ''}${i.detail ? ` ${i.detail}` : ''}`);
            lines.push(`| ${step.id} | ${t.tenant} | ${t.status} | ${t.attempts} | ${cell([t.detail, ...items].filter(Boolean).join('; '))} | ${seconds(t.durationMs)} |`);
        }
    }
    return lines.join('\n');
}
function renderOperationHistory(runs) {
    const lines = ['| run | sequence | by | started | status | steps | duration |', '|---|---|---|---|---|---|---|'];
    for (const r of runs) {
        const steps = r.steps.map((s) => `${s.id} ${s.status}${s.tenants.length ? ` (${s.tenants.filter((t) => t.status === 'succeeded').length}/${s.tenants.length})` : ''}`).join(', ');
        lines.push(`| ${r.id ?? ''} | ${r.name} | ${cell(r.actor)} | ${r.startedAt} | ${r.status} | ${cell(steps)} | ${seconds(r.durationMs)} |`);
    }
    return lines.join('\n');
}
function seconds(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}

;// CONCATENATED MODULE: ./src/ops/index.ts
// ops: operations as code — operations/<name>.yaml validated with positioned findings, and the plan
// of a run (steps in order, their policies and tenants). Pure but for reading the files; the run
// layer (src/run/ops.ts) executes a plan against the capabilities.







/***/ }),

/***/ 41700:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  o1: () => (/* reexport */ KEYS),
  by: () => (/* reexport */ createPowerBiServices),
  Ei: () => (/* reexport */ discoverPowerBi),
  jl: () => (/* reexport */ powerBiCapability),
  TR: () => (/* reexport */ refreshTenants),
  p7: () => (/* reexport */ renderCatalogSync),
  j1: () => (/* reexport */ renderDiscovery),
  cD: () => (/* reexport */ renderRefreshTable),
  hg: () => (/* reexport */ syncCatalog),
  IB: () => (/* reexport */ verifyPowerBiTenant),
  aY: () => (/* reexport */ writeCatalogSync)
});

// UNUSED EXPORTS: BI_PASSWORD_SECRET, FABRIC_URL, POWERBI_URL, SHARED_DAILY_REFRESHES, TEMPLATE_MODEL_FOLDER, createPowerBiClient, decodeJwtClaim, desiredPowerBiResources, markerTables, odataString, reportKey, templateModelHash, viewNames

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/auth/index.ts + 1 modules
var auth = __webpack_require__(59862);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/http/index.ts + 4 modules
var http = __webpack_require__(27201);
;// CONCATENATED MODULE: ./src/fabric/lro.ts
// Fabric's long-running operations, as the recorded trace shows them: a 202 with `Location` (the
// operation URL, possibly on a regional host), `x-ms-operation-id` and `Retry-After`; the
// operation moves NotStarted → Running → Succeeded | Failed; a Succeeded state carries a
// `Location` to `/result` only when the operation has a result. One loop, as fabric-cicd has:
// follow Location, honour Retry-After, cap the total time.


/** The operation did not finish in time. It may still finish: callers re-discover, never retry blindly. */
class OperationTimeoutError extends errors/* RemoteApiError */.F4 {
    name = 'OperationTimeoutError';
    operationId;
    constructor(service, what, operationId, waitedMs, where = {}) {
        super({ service, call: `poll operation ${operationId ?? '(no id)'}`, code: 'OperationTimedOut', ...where }, `${what} did not finish within ${Math.round(waitedMs / 1000)} s; the next run re-discovers what it left`);
        this.operationId = operationId;
    }
}
/**
 * Resolves the answer of a call that may be long-running: a 200/201 body as is; for a 202, polls
 * the operation and returns its result (or undefined when it has none). Throws RemoteApiError
 * when the operation fails, OperationTimeoutError past the timeout.
 */
async function awaitOperation(http, first, options) {
    if (first.status !== 202)
        return first.body;
    const where = { resource: options.resource, tenant: options.tenant, step: options.step };
    const operationId = first.headers['x-ms-operation-id'];
    const location = first.headers.location ?? (operationId ? `/v1/operations/${operationId}` : undefined);
    if (!location) {
        throw new errors/* RemoteApiError */.F4({ service: http.service, call: options.what, status: 202, requestId: first.requestId, ...where }, 'a 202 without Location or x-ms-operation-id cannot be followed');
    }
    if (operationId)
        options.onStarted?.(operationId);
    const started = options.now();
    const deadline = started + (options.timeoutMs ?? 600_000);
    let wait = pollDelay(first, options);
    for (;;) {
        // Never sleep past the deadline, and give up only when a poll made after it still says running.
        const late = options.now() >= deadline;
        await options.sleep(Math.max(0, Math.min(wait, deadline - options.now())));
        const poll = await http.request('GET', location, { call: '/v1/operations/{operationId}', resource: options.resource });
        const state = poll.body ?? { status: 'Undefined' };
        if (state.status === 'Succeeded') {
            const result = poll.headers.location;
            // Only a Location that differs from the operation itself points at a result.
            if (!result || sameUrl(result, location))
                return undefined;
            return (await http.request('GET', result, { call: '/v1/operations/{operationId}/result', resource: options.resource })).body;
        }
        if (state.status === 'Failed' || state.status === 'Undefined') {
            throw new errors/* RemoteApiError */.F4({ service: http.service, call: `${options.what} (operation ${operationId ?? location})`, status: 200, code: state.error?.errorCode ?? `Operation${state.status}`, requestId: poll.requestId, ...where }, state.error?.message ?? `the operation ended ${state.status}`);
        }
        if (late)
            throw new OperationTimeoutError(http.service, options.what, operationId, options.now() - started, where);
        wait = pollDelay(poll, options);
    }
}
function pollDelay(res, options) {
    return (0,http/* parseRetryAfter */.mu)(res.headers['retry-after'], options.now()) ?? options.defaultPollMs ?? 5_000;
}
function sameUrl(a, b) {
    const path = (u) => {
        try {
            return new URL(u, 'https://x').pathname.replace(/\/+$/, '').toLowerCase();
        }
        catch {
            return u;
        }
    };
    return path(a) === path(b);
}

;// CONCATENATED MODULE: ./src/fabric/client.ts
// The Fabric REST calls tenantops makes (`/v1/...`): items of a workspace, typed item creation
// with definitions (semantic models, lakehouses, warehouses) through long-running operations,
// definition updates, deletes. Fabric item APIs take no Power BI profile: the principal calls them.


/** The typed collection of each item type tenantops creates. */
const ITEM_COLLECTIONS = {
    SemanticModel: 'semanticModels',
    Lakehouse: 'lakehouses',
    Warehouse: 'warehouses',
};
function createFabricClient(http, options) {
    const lro = (what, resource) => ({ ...options.lro, ...options.context, what, resource });
    return {
        http,
        async listItems(workspaceId, type) {
            const out = [];
            let continuationToken;
            do {
                const res = await http.request('GET', `/v1/workspaces/${workspaceId}/items`, {
                    query: { type, continuationToken },
                    call: '/v1/workspaces/{workspaceId}/items',
                });
                out.push(...(res.body?.value ?? []));
                continuationToken = res.body?.continuationToken || undefined;
            } while (continuationToken);
            return out;
        },
        async createItem(workspaceId, type, body, resource) {
            const collection = ITEM_COLLECTIONS[type];
            const call = `/v1/workspaces/{workspaceId}/${collection}`;
            const first = await http.request('POST', `/v1/workspaces/${workspaceId}/${collection}`, { body, call, resource, expect: [201, 202] });
            const item = await awaitOperation(http, first, lro(`create ${type} "${body.displayName}"`, resource));
            if (!item?.id)
                throw new errors/* RemoteApiError */.F4({ service: http.service, call, status: first.status, requestId: first.requestId, resource }, 'the operation finished without the created item');
            return item;
        },
        async updateDefinition(workspaceId, type, itemId, definition, resource) {
            const collection = ITEM_COLLECTIONS[type];
            const first = await http.request('POST', `/v1/workspaces/${workspaceId}/${collection}/${itemId}/updateDefinition`, {
                body: { definition },
                call: `/v1/workspaces/{workspaceId}/${collection}/{id}/updateDefinition`,
                resource,
                expect: [200, 202],
                // Replacing a definition with the same definition is harmless: safe to repeat after a lost answer.
                idempotent: true,
            });
            await awaitOperation(http, first, lro(`update the definition of ${type} ${itemId}`, resource));
        },
        async getDefinition(workspaceId, type, itemId, resource) {
            const collection = ITEM_COLLECTIONS[type];
            const first = await http.request('POST', `/v1/workspaces/${workspaceId}/${collection}/${itemId}/getDefinition`, {
                call: `/v1/workspaces/{workspaceId}/${collection}/{id}/getDefinition`,
                resource,
                expect: [200, 202],
                idempotent: true,
            });
            const result = await awaitOperation(http, first, lro(`read the definition of ${type} ${itemId}`, resource));
            return result?.definition;
        },
        async deleteItem(workspaceId, type, itemId, resource) {
            const collection = ITEM_COLLECTIONS[type];
            await http.request('DELETE', `/v1/workspaces/${workspaceId}/${collection}/${itemId}`, { call: `/v1/workspaces/{workspaceId}/${collection}/{id}`, resource });
        },
    };
}
/** Fabric refuses a second live item of the same type and name in a workspace. */
function isNameInUse(err) {
    return err instanceof errors/* RemoteApiError */.F4 && (err.details.code === 'ItemDisplayNameAlreadyInUse' || err.details.code === 'ItemDisplayNameNotAvailableYet');
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/fabric/definition.ts
// Item definitions from PBIP folders in git (the way fabric-cicd deploys them): every file of the
// item folder becomes one base64 part. A semantic model's M parameters are written into
// `definition/expressions.tmdl` before upload, so the definition itself carries the tenant's
// values and a later redeploy cannot put the template's back.




const cache = new Map();
/**
 * Reads an item folder, once per version of it (plans of thousands of tenants share one read;
 * a file whose size or modification time changed is read again).
 */
function loadItemFolder(folder) {
    const paths = [];
    const stamps = [];
    const walk = (dir) => {
        for (const name of (0,external_node_fs_.readdirSync)(dir).sort()) {
            const full = (0,external_node_path_.join)(dir, name);
            const st = (0,external_node_fs_.statSync)(full);
            if (st.isDirectory())
                walk(full);
            else {
                paths.push(full);
                stamps.push(`${full}:${st.size}:${st.mtimeMs}`);
            }
        }
    };
    walk(folder);
    const stamp = stamps.join('|');
    const known = cache.get(folder);
    if (known?.stamp === stamp)
        return known.loaded;
    if (paths.length === 0)
        throw new errors/* InternalError */.Gd(`item folder ${folder} holds no files`);
    const files = new Map();
    for (const full of paths)
        files.set((0,external_node_path_.relative)(folder, full).split(external_node_path_.sep).join('/'), (0,external_node_fs_.readFileSync)(full, 'utf8'));
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : 1)))
        hash.update(`${path}\0${text}\0`);
    const loaded = { files, hash: hash.digest('hex') };
    cache.set(folder, { stamp, loaded });
    return loaded;
}
const EXPRESSIONS = 'definition/expressions.tmdl';
/**
 * The definition with each named M parameter's value replaced. Every parameter must exist in the
 * template (a renamed parameter would otherwise silently keep the template's value).
 */
function writeParameters(loaded, parameters) {
    const files = new Map(loaded.files);
    const expressions = files.get(EXPRESSIONS);
    if (Object.keys(parameters).length) {
        if (expressions === undefined)
            throw new errors/* ConfigurationError */.j1([{ file: 'templates/semantic-model', line: 1, col: 1, message: `the template model has no ${EXPRESSIONS}; parameters ${Object.keys(parameters).join(', ')} cannot be written` }]);
        let text = expressions;
        for (const [name, value] of Object.entries(parameters)) {
            const pattern = new RegExp(`^(expression\\s+${escapeRegExp(name)}\\s*=\\s*)"(?:[^"]|"")*"(\\s+meta\\b)`, 'm');
            if (!pattern.test(text)) {
                throw new errors/* ConfigurationError */.j1([{ file: `templates/semantic-model/${EXPRESSIONS}`, line: 1, col: 1, message: `M parameter ${name} is not declared as \`expression ${name} = "..." meta [IsParameterQuery=true, ...]\`; declared parameters are the ones tenantops writes: ${Object.keys(parameters).join(', ')}` }]);
            }
            text = text.replace(pattern, (_m, head, tail) => `${head}${mString(value)}${tail}`);
        }
        files.set(EXPRESSIONS, text);
    }
    return {
        parts: [...files].map(([path, text]) => ({ path, payload: Buffer.from(text, 'utf8').toString('base64'), payloadType: 'InlineBase64' })),
    };
}
/** Reads the parameter values back from a definition (what a getDefinition returns). */
function readParameters(definition) {
    const part = definition.parts.find((p) => p.path === EXPRESSIONS);
    if (!part)
        return {};
    const text = Buffer.from(part.payload, 'base64').toString('utf8');
    const out = {};
    for (const m of text.matchAll(/^expression\s+([A-Za-z_][\w]*)\s*=\s*"((?:[^"]|"")*)"\s+meta\b/gm))
        out[m[1]] = m[2].replaceAll('""', '"');
    return out;
}
/** An M text literal: double quotes are doubled. */
function mString(value) {
    if (/[\r\n]/.test(value))
        throw new errors/* InternalError */.Gd('an M parameter value cannot span lines');
    return `"${value.replaceAll('"', '""')}"`;
}
function escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

;// CONCATENATED MODULE: ./src/fabric/adopt.ts
// A create whose answer was lost (a 500 after the work was done, a reset connection, an
// operation that outlived our patience, a name conflict with our own earlier attempt) may still
// have created the thing. Looking before trying again is what keeps re-runs from duplicating
// objects whose names Power BI does not keep unique.

/** Runs `create`; when it fails in a way that may hide a success, returns what `rediscover` finds. */
async function createOrRediscover(create, rediscover) {
    try {
        return await create();
    }
    catch (err) {
        if (!mayHaveSucceeded(err))
            throw err;
        const found = await rediscover();
        if (found === undefined)
            throw err;
        return found;
    }
}
function mayHaveSucceeded(err) {
    if (!(err instanceof errors/* RemoteApiError */.F4))
        return false;
    const { status, code } = err.details;
    // No answer, a server error, a timeout, or "that name is taken" (by an earlier attempt of ours).
    return status === undefined || status >= 500 || code === 'OperationTimedOut' || status === 409 ||
        /AlreadyInUse|NameInUse|AlreadyExists|NotAvailableYet/i.test(code ?? '');
}

;// CONCATENATED MODULE: ./src/fabric/renew.ts
// A token can expire between the moment the credential hands it out and the moment the service
// checks it (a long run, a clock that differs): the service answers 401, or Power BI's 403
// `TokenExpired`. Like fabric-cicd, renew the token and try the call once more; the service did
// nothing with a call it refused for its token, so repeating it is safe for any method.

const EXPIRED_CODES = new Set(['TokenExpired', 'InvalidAuthenticationToken', 'ExpiredAuthenticationToken']);
function isTokenExpiry(err) {
    if (!(err instanceof errors/* RemoteApiError */.F4))
        return false;
    const { status, code } = err.details;
    return status === 401 || (status === 403 && code !== undefined && EXPIRED_CODES.has(code));
}
/** Wraps a client so a call refused for an expired token renews the token (`renew`) and runs again once. */
function renewTokenOnExpiry(http, renew) {
    return {
        service: http.service,
        counts: http.counts,
        withContext: (context) => renewTokenOnExpiry(http.withContext(context), renew),
        async request(method, path, options) {
            try {
                return await http.request(method, path, options);
            }
            catch (err) {
                if (!isTokenExpiry(err))
                    throw err;
                renew();
                return http.request(method, path, options);
            }
        },
    };
}

// EXTERNAL MODULE: ./src/plan/index.ts + 18 modules
var plan = __webpack_require__(61716);
;// CONCATENATED MODULE: ./src/fabric/item-resource.ts
// A Fabric item the tenant file asks for (a lakehouse, a warehouse) in the tenant's workspace,
// created through the Fabric API and its long-running operation. Fabric keeps item names unique
// per type in a workspace, so a re-run finds an item a dead run created by its name; the registry
// keeps its id. Where the workspace is and which client to use are handed in by the caller.


function fabricItemResource(o) {
    const name = o.desired?.name;
    const find = async (ctx, workspaceId) => {
        const items = await o.fabric(ctx).listItems(workspaceId, o.type);
        const id = await o.recordedId(ctx);
        const found = (id && items.find((i) => i.id.toLowerCase() === id.toLowerCase())) || items.find((i) => i.displayName === name);
        return found && { id: found.id, name: found.displayName, type: o.type };
    };
    return {
        key: o.key,
        kind: `fabric.${o.type.toLowerCase()}`,
        dependsOn: o.dependsOn,
        desired: o.desired,
        async read(ctx) {
            const ws = await o.workspaceId(ctx);
            return ws ? find(ctx, ws) : undefined;
        },
        diff: (d, a) => {
            const change = (0,plan/* diffFields */.p5)(d, a, { summary: { create: `create ${o.type} ${name}`, delete: `delete ${o.type} ${a?.name}` } });
            if (change?.action === 'delete')
                Object.assign(change, { destroysData: true, reason: `deleting the ${o.type} deletes the data in it` });
            return change;
        },
        async apply(ctx, change, actual) {
            const ws = await o.workspaceId(ctx);
            if (!ws)
                throw new Error(`tenant ${ctx.tenant}: ${o.key} needs the workspace first`);
            const fabric = o.fabric(ctx);
            if (change.action === 'delete') {
                await fabric.deleteItem(ws, o.type, actual.id, o.key);
                return undefined;
            }
            if (actual)
                return actual;
            // Timed out, lost, or "name in use" by our own earlier attempt: look before failing.
            const item = await createOrRediscover(async () => {
                const created = await fabric.createItem(ws, o.type, { displayName: o.desired.name }, o.key);
                return { id: created.id, name: created.displayName, type: o.type };
            }, () => find(ctx, ws));
            ctx.log.info(`${ctx.tenant}: ${o.type} ${item.name} (${item.id}) ready`);
            return item;
        },
    };
}

;// CONCATENATED MODULE: ./src/fabric/index.ts
// fabric: the Fabric REST client (`/v1/...`) with its long-running-operation helper, item
// definitions from PBIP folders in git, and the resource for optional Fabric items.







;// CONCATENATED MODULE: ./src/powerbi/client.ts
const G = '/v1.0/myorg/groups';
const A = '/v1.0/myorg/admin/workspaces';
const AC = '/v1.0/myorg/admin/capacities';
/** The refreshables API answers at most this many per page ("use $skip to fetch results beyond the first 1000"). */
const REFRESHABLES_PAGE = 1000;
/** OData string literal: single quotes are doubled. */
function odataString(value) {
    return `'${value.replaceAll("'", "''")}'`;
}
function createPowerBiClient(http) {
    const get = async (path, call, query) => (await http.request('GET', path, { call, query })).body;
    const list = async (path, call, query) => (await get(path, call, query))?.value ?? [];
    return {
        http,
        listGroups: (filter) => list(G, `${G}`, { $filter: filter }),
        async countGroups() {
            const body = await get(G, G, { $top: 1 });
            return body?.['@odata.count'] ?? body?.value?.length ?? 0;
        },
        async createGroup(name) {
            return (await http.request('POST', G, { query: { workspaceV2: 'True' }, body: { name }, call: `${G}` })).body;
        },
        async deleteGroup(groupId) {
            await http.request('DELETE', `${G}/${groupId}`, { call: `${G}/{groupId}` });
        },
        async assignToCapacity(groupId, capacityId) {
            // Assigning the same capacity again changes nothing: safe to repeat.
            await http.request('POST', `${G}/${groupId}/AssignToCapacity`, { body: { capacityId }, call: `${G}/{groupId}/AssignToCapacity`, idempotent: true });
        },
        capacityAssignmentStatus: (groupId) => get(`${G}/${groupId}/CapacityAssignmentStatus`, `${G}/{groupId}/CapacityAssignmentStatus`),
        listCapacities: () => list('/v1.0/myorg/capacities', '/v1.0/myorg/capacities'),
        listGroupUsers: (groupId) => list(`${G}/${groupId}/users`, `${G}/{groupId}/users`),
        async addGroupUser(groupId, user) {
            await http.request('POST', `${G}/${groupId}/users`, { body: user, call: `${G}/{groupId}/users` });
        },
        async updateGroupUser(groupId, user) {
            await http.request('PUT', `${G}/${groupId}/users`, { body: user, call: `${G}/{groupId}/users` });
        },
        listProfiles: () => list('/v1.0/myorg/profiles', '/v1.0/myorg/profiles'),
        async createProfile(displayName) {
            return (await http.request('POST', '/v1.0/myorg/profiles', { body: { displayName }, call: '/v1.0/myorg/profiles' })).body;
        },
        async deleteProfile(profileId) {
            await http.request('DELETE', `/v1.0/myorg/profiles/${profileId}`, { call: '/v1.0/myorg/profiles/{profileId}' });
        },
        listDatasets: (groupId) => list(`${G}/${groupId}/datasets`, `${G}/{groupId}/datasets`),
        async deleteDataset(groupId, datasetId) {
            await http.request('DELETE', `${G}/${groupId}/datasets/${datasetId}`, { call: `${G}/{groupId}/datasets/{datasetId}` });
        },
        getParameters: (groupId, datasetId) => list(`${G}/${groupId}/datasets/${datasetId}/parameters`, `${G}/{groupId}/datasets/{datasetId}/parameters`),
        async takeOver(groupId, datasetId) {
            await http.request('POST', `${G}/${groupId}/datasets/${datasetId}/Default.TakeOver`, { call: `${G}/{groupId}/datasets/{datasetId}/Default.TakeOver` });
        },
        listDatasources: (groupId, datasetId) => list(`${G}/${groupId}/datasets/${datasetId}/datasources`, `${G}/{groupId}/datasets/{datasetId}/datasources`),
        async setBasicCredentials(gatewayId, datasourceId, { username, password }) {
            await http.request('PATCH', `/v1.0/myorg/gateways/${gatewayId}/datasources/${datasourceId}`, {
                call: '/v1.0/myorg/gateways/{gatewayId}/datasources/{datasourceId}',
                // Setting the same credentials twice is harmless.
                idempotent: true,
                body: {
                    credentialDetails: {
                        credentialType: 'Basic',
                        // The service wants the credential list as a JSON *string*.
                        credentials: JSON.stringify({ credentialData: [{ name: 'username', value: username }, { name: 'password', value: password }] }),
                        encryptedConnection: 'Encrypted',
                        encryptionAlgorithm: 'None',
                        privacyLevel: 'Organizational',
                    },
                },
            });
        },
        async startRefresh(groupId, datasetId, enhanced) {
            const res = await http.request('POST', `${G}/${groupId}/datasets/${datasetId}/refreshes`, {
                call: `${G}/{groupId}/datasets/{datasetId}/refreshes`,
                body: enhanced ?? { notifyOption: 'NoNotification' },
                expect: [202],
            });
            // Enhanced refreshes name themselves in x-ms-request-id; a plain one is listed under the
            // RequestId of the call that started it.
            return { requestId: res.headers['x-ms-request-id'] ?? res.headers.requestid ?? res.requestId };
        },
        listRefreshes: (groupId, datasetId, top) => list(`${G}/${groupId}/datasets/${datasetId}/refreshes`, `${G}/{groupId}/datasets/{datasetId}/refreshes`, { $top: top }),
        getRefreshSchedule: async (groupId, datasetId) => (await get(`${G}/${groupId}/datasets/${datasetId}/refreshSchedule`, `${G}/{groupId}/datasets/{datasetId}/refreshSchedule`)),
        async updateRefreshSchedule(groupId, datasetId, change) {
            await http.request('PATCH', `${G}/${groupId}/datasets/${datasetId}/refreshSchedule`, { call: `${G}/{groupId}/datasets/{datasetId}/refreshSchedule`, body: { value: change } });
        },
        async executeQuery(groupId, datasetId, dax) {
            const res = await http.request('POST', `${G}/${groupId}/datasets/${datasetId}/executeQueries`, {
                call: `${G}/{groupId}/datasets/{datasetId}/executeQueries`,
                body: { queries: [{ query: dax }], serializerSettings: { includeNulls: true } },
                // A query reads; repeating it changes nothing.
                idempotent: true,
            });
            return res.body?.results?.[0]?.tables?.[0]?.rows ?? [];
        },
        listReports: (groupId) => list(`${G}/${groupId}/reports`, `${G}/{groupId}/reports`),
        async cloneReport(groupId, reportId, body, resource) {
            return (await http.request('POST', `${G}/${groupId}/reports/${reportId}/Clone`, { body, call: `${G}/{groupId}/reports/{reportId}/Clone`, resource })).body;
        },
        async rebindReport(groupId, reportId, datasetId, resource) {
            await http.request('POST', `${G}/${groupId}/reports/${reportId}/Rebind`, { body: { datasetId }, call: `${G}/{groupId}/reports/{reportId}/Rebind`, resource, idempotent: true });
        },
        async updateReportContent(groupId, reportId, source, resource) {
            const res = await http.request('POST', `${G}/${groupId}/reports/${reportId}/UpdateReportContent`, {
                body: { sourceReport: { sourceReportId: source.reportId, sourceWorkspaceId: source.workspaceId }, sourceType: 'ExistingReport' },
                call: `${G}/{groupId}/reports/{reportId}/UpdateReportContent`,
                resource,
                // Replacing content with the same content again is harmless.
                idempotent: true,
            });
            return res.body;
        },
        async deleteReport(groupId, reportId, resource) {
            await http.request('DELETE', `${G}/${groupId}/reports/${reportId}`, { call: `${G}/{groupId}/reports/{reportId}`, resource });
        },
        async generateReportToken(groupId, reportId) {
            return (await http.request('POST', `${G}/${groupId}/reports/${reportId}/GenerateToken`, {
                body: { accessLevel: 'View' },
                call: `${G}/{groupId}/reports/{reportId}/GenerateToken`,
                idempotent: true,
            })).body;
        },
        async generateEmbedToken({ reportIds, datasetIds, workspaceIds }) {
            return (await http.request('POST', '/v1.0/myorg/GenerateToken', {
                body: { datasets: datasetIds.map((id) => ({ id })), reports: reportIds.map((id) => ({ id })), targetWorkspaces: (workspaceIds ?? []).map((id) => ({ id })) },
                call: '/v1.0/myorg/GenerateToken',
                idempotent: true,
            })).body;
        },
        listDataflows: (groupId) => list(`${G}/${groupId}/dataflows`, `${G}/{groupId}/dataflows`),
        async refreshDataflow(groupId, dataflowId) {
            await http.request('POST', `${G}/${groupId}/dataflows/${dataflowId}/refreshes`, { body: { notifyOption: 'NoNotification' }, call: `${G}/{groupId}/dataflows/{dataflowId}/refreshes` });
        },
        listDataflowTransactions: (groupId, dataflowId) => list(`${G}/${groupId}/dataflows/${dataflowId}/transactions`, `${G}/{groupId}/dataflows/{dataflowId}/transactions`),
        async listAllWorkspaceIds() {
            const body = await get(`${A}/modified`, `${A}/modified`, { excludePersonalWorkspaces: 'True' });
            return (body ?? []).map((w) => w.id);
        },
        async startScan(workspaceIds) {
            return (await http.request('POST', `${A}/getInfo`, {
                call: `${A}/getInfo`,
                query: { getArtifactUsers: 'True', datasetExpressions: 'True' },
                body: { workspaces: workspaceIds },
                expect: [202],
                // Starting a scan changes nothing; a repeated start is only a second scan.
                idempotent: true,
            })).body;
        },
        scanStatus: async (scanId) => (await get(`${A}/scanStatus/${scanId}`, `${A}/scanStatus/{scanId}`)),
        scanResult: async (scanId) => (await get(`${A}/scanResult/${scanId}`, `${A}/scanResult/{scanId}`))?.workspaces ?? [],
        async listCapacityRefreshables(capacityId, options = {}) {
            const top = Math.min(options.pageSize ?? REFRESHABLES_PAGE, REFRESHABLES_PAGE);
            const all = [];
            for (let skip = 0;; skip += top) {
                if (skip)
                    await options.beforeNextPage?.();
                const page = await list(`${AC}/${capacityId}/refreshables`, `${AC}/{capacityId}/refreshables`, { $top: top, ...(skip ? { $skip: skip } : {}) });
                all.push(...page);
                if (page.length < top)
                    return all;
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/powerbi/services.ts






const POWERBI_URL = 'https://api.powerbi.com';
const FABRIC_URL = 'https://api.fabric.microsoft.com';
function createPowerBiServices(options) {
    const env = options.env ?? process.env;
    const { platform, log } = options;
    const sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    const now = options.now ?? Date.now;
    const profileName = platform.powerbi.credentialProfile;
    const profile = platform.credentialProfiles[profileName];
    if (!profile)
        throw new errors/* EnvironmentError */.eG(`powerbi.credentialProfile "${profileName}" is not among credentialProfiles of platform.yaml`);
    // The CLI and child processes name the sandbox's endpoints and CA in the environment.
    const ca = options.ca ?? (env.TENANTOPS_CA_FILE ? (0,external_node_fs_.readFileSync)(env.TENANTOPS_CA_FILE, 'utf8') : undefined);
    const authorityHost = options.authorityHost ?? env.TENANTOPS_AUTHORITY_HOST;
    const powerbiUrl = options.powerbiUrl ?? env.TENANTOPS_POWERBI_URL ?? POWERBI_URL;
    const fabricUrl = options.fabricUrl ?? env.TENANTOPS_FABRIC_URL ?? FABRIC_URL;
    // The credential caches tokens per scope; renewing means a new credential with an empty cache,
    // since @azure/identity offers no "forget this token".
    let credential;
    const currentCredential = () => (credential ??= (0,auth/* createCredential */.GO)(profileName, profile, { env, log, ca, authorityHost, getIdToken: options.getIdToken }));
    const renew = () => {
        credential = undefined;
    };
    // One token request at a time per credential and scope: a fleet's first calls all ask at once,
    // and each would otherwise be a token request of its own (23 for 70 calls, measured).
    const asking = new WeakMap();
    const ask = (cred, scope) => {
        let byScope = asking.get(cred);
        if (!byScope)
            asking.set(cred, (byScope = new Map()));
        let pending = byScope.get(scope);
        if (!pending) {
            pending = (0,auth/* tokenSource */.Zx)(cred, scope)().finally(() => byScope.delete(scope));
            byScope.set(scope, pending);
        }
        return pending;
    };
    // The service judges a token by its `exp` claim. The credential renews a cached token five
    // minutes before its expiry (MSAL's renewal offset) by the machine's clock, but a run's clock
    // can be another (the benchmarks' virtual time, where an hour passes in a minute): a token the
    // credential still trusts may have expired on the clock the calls keep, and each call sent with
    // it came back 403 TokenExpired and was sent again, a second write (32 of 8,400 report updates
    // in bench fleet-redeploy-200). So a token due within the same five minutes on the run's clock
    // is renewed first, once for every caller that noticed it (the first renews, others follow).
    const token = (scope) => async () => {
        const used = currentCredential();
        const t = await ask(used, scope);
        const expires = jwtExpiry(t);
        if (expires === undefined || expires - now() > TOKEN_RENEWAL_MS)
            return t;
        if (credential === used)
            renew();
        return ask(currentCredential(), scope);
    };
    const rate = options.ratePerSecond ?? 20;
    const store = options.rateBudget;
    const perRate = { perSecond: rate, burst: rate * 2 };
    // Fabric's documented quota is the principal's, per minute: a bucket holding one minute's calls
    // that refills at the quota's rate. Keys carry the service so the two never share a bucket.
    const fabricQuota = { perSecond: http/* DOCUMENTED_LIMITS */.sQ.fabric.perMinute / 60, burst: http/* DOCUMENTED_LIMITS */.sQ.fabric.perMinute };
    const limiters = {
        powerbi: (0,http/* createRateLimiter */.x)({ budget: options.budgets?.powerbi ?? perRate, now, sleep, store }),
        fabric: (0,http/* createRateLimiter */.x)({ budget: options.budgets?.fabric ?? (options.ratePerSecond ? perRate : fabricQuota), now, sleep, store }),
    };
    // One connection pool for every identity: the identities differ in headers, not in hosts.
    const agent = (0,http/* createSharedAgent */.p4)(ca);
    const counts = { deploy: { reads: 0, writes: 0 }, verify: { reads: 0, writes: 0 } };
    const httpFor = (service, identity, purpose, headers) => renewTokenOnExpiry((0,http/* createHttpClient */.uT)({
        service,
        baseUrl: service === 'powerbi' ? powerbiUrl : fabricUrl,
        token: token(service === 'powerbi' ? auth/* SCOPES */.iW.powerbi : auth/* SCOPES */.iW.fabric),
        headers,
        ca,
        // A 429 storm is "not processed, come back later": more attempts than the default, still
        // within the policy's cap on total waiting.
        retry: { maxAttempts: 12, ...options.retry },
        rateLimit: limiters[service],
        rateLimitKey: `${service}:${identity}`,
        requestIdHeaders: ['requestid', 'x-ms-request-id'],
        log,
        sleep: (ms) => sleep(ms),
        now,
    }, { counts: counts[purpose], agent }), renew);
    const clients = new Map();
    const memo = (fn) => {
        let p;
        return () => (p ??= fn().catch((e) => {
            p = undefined;
            throw e;
        }));
    };
    let fabric;
    const operationTimeoutMs = options.operationTimeoutMs ?? 600_000;
    const services = {
        platform,
        log,
        counts,
        sleep,
        now,
        operationTimeoutMs,
        rateBudget: store,
        reportsFiltered: !!options.reports?.length,
        deploysReport: (template, persona) => !options.reports?.length || options.reports.some((f) => template.toLowerCase().includes(f.toLowerCase()) || persona.toLowerCase().includes(f.toLowerCase())),
        principal: (context) => services.asProfile('', 'deploy', context),
        fabric(context) {
            const lro = { lro: { sleep, now, timeoutMs: operationTimeoutMs } };
            fabric ??= createFabricClient(httpFor('fabric', profile.clientId, 'deploy'), lro);
            return context ? createFabricClient(fabric.http.withContext(context), { ...lro, context }) : fabric;
        },
        asProfile(profileId, purpose = 'deploy', context) {
            const key = `${purpose}/${profileId}`;
            let client = clients.get(key);
            if (!client) {
                const identity = profileId && options.powerbiBudgetPer !== 'principal' ? `${profile.clientId}/${profileId.toLowerCase()}` : profile.clientId;
                client = createPowerBiClient(httpFor('powerbi', identity, purpose, profileId ? { 'X-PowerBI-Profile-Id': profileId } : undefined));
                clients.set(key, client);
            }
            return context ? createPowerBiClient(client.http.withContext(context)) : client;
        },
        principalObjectId: memo(async () => {
            const t = await token(auth/* SCOPES */.iW.powerbi)();
            const oid = decodeJwtClaim(t, 'oid');
            if (!oid)
                throw new errors/* EnvironmentError */.eG(`the token of credential profile "${profileName}" carries no oid claim`);
            return oid;
        }),
        templateGroup: memo(async () => {
            const name = platform.powerbi.templateWorkspace;
            const groups = await services.principal().listGroups(`name eq ${odataString(name)}`);
            const found = groups.filter((g) => g.name.toLowerCase() === name.toLowerCase());
            if (found.length !== 1) {
                throw new errors/* EnvironmentError */.eG(`the template workspace "${name}" (powerbi.templateWorkspace of platform.yaml) ${found.length ? 'is ambiguous' : 'is not visible to credential profile ' + profileName}; allowed: a workspace of that name the principal is a member of`);
            }
            return found[0];
        }),
        templateWorkspace: memo(async () => {
            const group = await services.templateGroup();
            return { id: group.id, name: group.name, reports: await services.principal().listReports(group.id) };
        }),
        close: () => agent.close(),
        capacityId: (() => {
            const lookup = memo(async () => new Map((await services.principal().listCapacities()).map((c) => [c.displayName.toLowerCase(), c.id.toLowerCase()])));
            return async (name) => {
                const cap = platform.capacities[name];
                if (!cap || cap.sku.toLowerCase() === 'shared')
                    return undefined;
                if (cap.id)
                    return cap.id.toLowerCase();
                const id = (await lookup()).get(name.toLowerCase());
                if (!id)
                    throw new errors/* EnvironmentError */.eG(`capacity "${name}" of platform.yaml has no id and no capacity of that display name is visible to credential profile ${profileName}; allowed: set capacities.${name}.id`);
                return id;
            };
        })(),
    };
    return services;
}
/** One claim of a JWT we were issued (not a verification: we only read our own identity). */
function decodeJwtClaim(jwt, claim) {
    const value = jwtPayload(jwt)?.[claim];
    return typeof value === 'string' ? value : undefined;
}
/** When a token renews before its expiry: MSAL's default renewal offset, five minutes. */
const TOKEN_RENEWAL_MS = 5 * 60_000;
/** A JWT's `exp` in epoch ms, undefined when it has none. */
function jwtExpiry(jwt) {
    const exp = jwtPayload(jwt)?.exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
}
function jwtPayload(jwt) {
    try {
        return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/catalog/index.ts + 6 modules
var src_catalog = __webpack_require__(44046);
// EXTERNAL MODULE: ./src/db/index.ts + 29 modules
var db = __webpack_require__(40919);
// EXTERNAL MODULE: ./src/registry/index.ts + 24 modules
var src_registry = __webpack_require__(25470);
;// CONCATENATED MODULE: ./src/powerbi/fleet.ts
// Fleet-wide reads: when one read pass plans many tenants, every tenant's workspace, users,
// models, reports and model parameters come from ONE snapshot of the organisation taken through
// Power BI's admin scanner API, instead of five reads per tenant with the tenant's own identity.
//
// The scanner, as Microsoft documents it (learn.microsoft.com/rest/api/power-bi/admin/, the
// WorkspaceInfo pages, and learn.microsoft.com/fabric/governance/metadata-scanning-run):
//   - GET  admin/workspaces/modified        every workspace id of the organisation; at most 30 calls an hour.
//   - POST admin/workspaces/getInfo         1 to 100 workspace ids per call; at most 500 calls an hour and
//                                           16 at once; `getArtifactUsers` adds users, `datasetExpressions`
//                                           the models' M expressions (the parameters), which need the
//                                           tenant's metadata scanning settings enabled.
//   - GET  admin/workspaces/scanStatus/{id} at most 10,000 calls an hour.
//   - GET  admin/workspaces/scanResult/{id} at most 500 calls an hour.
//   All are admin APIs: the principal calls them as itself (no profile), and a service principal
//   may use them only with the tenant setting for read-only admin APIs and no admin-consent Power
//   BI permissions on the app. 1,000 tenants cost 1 + 10 × (getInfo + status polls + result) calls.
//
// A pass scans only what it plans when it can: when the registry records a workspace for every
// tenant of the pass, the scan asks getInfo for exactly those ids (and the template workspace's,
// whose users say which profiles may read it) and skips `modified`, so a
// rollout's wave of 100 tenants costs one getInfo, its polls and one result, however large the
// organisation (scanning the whole organisation each wave was 420 of the 2,512 Power BI calls of
// a 999-tenant rollout in ten waves: bench fleet-schema-changed-1000).
// A tenant without a record (being onboarded, or a run died before recording its workspace) may
// own a workspace found only by name, so such a pass scans the whole organisation, as before.
// A recorded id the scan does not return is a workspace that no longer exists (the service
// answers getInfo with the workspaces it has): the tenant plans its creation, and a create is
// always read again before it is applied (src/plan/snapshot.ts).
//
// A snapshot is the organisation as of the scan, and it can miss things: Microsoft documents that
// models not refreshed or republished come without their sub-artifacts and expressions. So every
// tenant it answers is recorded in the pass (recordSnapshotRead), `partial` where the view found
// something absent or had to go by name (view.ts), and an apply acts on a snapshot's reads only
// for updates it vouched for (src/plan/snapshot.ts); anything else is read again under the
// tenant's lock, in a pass of one tenant (below the threshold), with the tenant's own calls.


/** A pass covering at least this many tenants reads the fleet through the scanner (when enabled). */
const FLEET_READ_THRESHOLD = 20;
/** getInfo's documented maximum of workspaces per call. */
const SCAN_BATCH = 100;
/** Scans in flight at once: well under the documented 16 simultaneous getInfo calls. */
const SCANS_AT_ONCE = 4;
/** The step fleet reads are named by in errors: they belong to the pass, not to one tenant. */
const SCAN_STEP = 'powerbi/fleet-scan';
const KEY = 'powerbi/fleet-snapshot';
/**
 * The snapshot of this read pass, taken on first use and shared by its tenants, for the tenant
 * of `ctx` (recorded as answered from it, `vouched` until its view finds a gap); undefined (or a
 * promise of undefined) when the tenant reads on its own: outside a read pass, a pass of fewer
 * tenants than the threshold, `powerbi.fleetReads: per-tenant`, or `auto` with a principal that
 * the admin APIs refuse.
 */
function fleetSnapshot(ctx, pbi, recordedWorkspaces) {
    const pass = ctx.pass;
    const mode = pbi.platform.powerbi.fleetReads ?? 'auto';
    if (!pass || pass.codes.length < FLEET_READ_THRESHOLD || mode === 'per-tenant')
        return undefined;
    let snapshot = pass.shared.get(KEY);
    if (!snapshot) {
        snapshot = recordedWorkspaces(pass.codes).then((recorded) => scanFleet(pbi, mode, pass.codes.every((t) => recorded.has(t)) ? [...recorded.values()] : undefined));
        pass.shared.set(KEY, snapshot);
    }
    return snapshot.then((taken) => {
        if (taken)
            (0,plan/* recordSnapshotRead */.Y7)(ctx, 'vouched');
        return taken;
    });
}
/** Scans `only` these workspace ids (the pass's recorded ones), or the whole organisation. */
async function scanFleet(pbi, mode, only) {
    const principal = pbi.principal({ step: SCAN_STEP });
    let results;
    try {
        // A profile's template access is read from the template workspace's users: scanned too.
        const template = only && pbi.platform.powerbi.tenantProfiles ? [(await pbi.templateGroup()).id] : [];
        const ids = only ? [...new Set([...only, ...template].map((id) => id.toLowerCase()))] : await principal.listAllWorkspaceIds();
        const batches = Array.from({ length: Math.ceil(ids.length / SCAN_BATCH) }, (_, i) => ids.slice(i * SCAN_BATCH, (i + 1) * SCAN_BATCH));
        results = await (0,plan/* mapLimit */.sf)(batches, SCANS_AT_ONCE, (batch) => scanBatch(pbi, batch));
    }
    catch (err) {
        // The admin APIs are a tenant setting many organisations leave off for service principals
        // (and they refuse a principal holding admin-consent Power BI permissions). `auto` then reads
        // per tenant, as a plan without the scanner always could, and says so once; `scanner` insists.
        // The refusal comes from the pass's first admin call: `modified`, or getInfo when scoped.
        if (mode !== 'auto' || !isAdminRefusal(err))
            throw err;
        pbi.log.warn(`Power BI: the admin scanner API refused the principal (${err.details.status}${err.details.code ? ` ${err.details.code}` : ''}); reading each tenant with its own identity instead (5 reads a tenant). Allow the read-only admin APIs for service principals, or set powerbi.fleetReads: per-tenant in platform.yaml to skip this attempt`);
        return undefined;
    }
    const workspaces = new Map(results.flat().map((w) => [w.id.toLowerCase(), w]));
    const profiles = pbi.platform.powerbi.tenantProfiles ? await principal.listProfiles() : undefined;
    return { workspaces, profiles };
}
/** A 401/403 from an admin API: the principal is not allowed the read-only admin APIs (a tenant setting). */
function isAdminRefusal(err) {
    return err instanceof errors/* RemoteApiError */.F4 && (err.details.status === 401 || err.details.status === 403);
}
async function scanBatch(pbi, ids) {
    const principal = pbi.principal({ step: SCAN_STEP });
    const started = pbi.now();
    let scan = await principal.startScan(ids);
    // A scan of 100 small workspaces takes seconds: poll from 1 s, doubling to 8 s.
    for (let wait = 1000; scan.status !== 'Succeeded'; wait = Math.min(wait * 2, 8000)) {
        if (scan.status === 'Failed') {
            throw new errors/* EnvironmentError */.eG(`Power BI scanner: scan ${scan.id} of ${ids.length} workspaces failed (${scan.error?.code ?? 'no code'}: ${scan.error?.message ?? 'no message'}); nothing was planned. Allowed: retry, or set powerbi.fleetReads: per-tenant in platform.yaml`);
        }
        if (pbi.now() - started > pbi.operationTimeoutMs) {
            throw new errors/* EnvironmentError */.eG(`Power BI scanner: scan ${scan.id} of ${ids.length} workspaces still ${scan.status} after ${Math.round(pbi.operationTimeoutMs / 1000)} s; nothing was planned. Allowed: retry, or set powerbi.fleetReads: per-tenant in platform.yaml`);
        }
        await pbi.sleep(wait);
        scan = await principal.scanStatus(scan.id);
    }
    return principal.scanResult(scan.id);
}

;// CONCATENATED MODULE: ./src/powerbi/m-parameters.ts
// A model's parameters as the scanner reports them: each is one of the model's M expressions,
// `<literal> meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]`. The value
// is read the way Power BI's parameters API reports `currentValue`: a text literal unquoted (with
// `""` as one `"`), a number, `true`/`false` as written, `null` as empty. The literal is read as
// tokens, so text containing ` meta [` or `]` is a value, not the record.
/** The parameter an expression declares; undefined when it is no parameter (or unreadable). */
function parseParameterExpression(expression) {
    const literal = readLiteral(expression, skipSpace(expression, 0));
    if (!literal)
        return undefined;
    let i = skipSpace(expression, literal.end);
    if (!/^meta\b/i.test(expression.slice(i)))
        return undefined;
    i = skipSpace(expression, i + 4);
    const record = readRecord(expression, i);
    if (!record || record.fields.isparameterquery?.toLowerCase() !== 'true')
        return undefined;
    return { value: literal.value, type: record.fields.type ?? 'Any', isRequired: record.fields.isparameterqueryrequired?.toLowerCase() === 'true' };
}
/** Every parameter among a model's expressions, by name. */
function parametersOf(expressions) {
    const out = {};
    for (const e of expressions) {
        const p = parseParameterExpression(e.expression);
        if (p)
            out[e.name] = p.value;
    }
    return out;
}
function skipSpace(text, i) {
    for (;;) {
        while (i < text.length && /\s/.test(text[i]))
            i++;
        if (text.startsWith('//', i))
            i = text.includes('\n', i) ? text.indexOf('\n', i) : text.length;
        else if (text.startsWith('/*', i))
            i = text.includes('*/', i + 2) ? text.indexOf('*/', i + 2) + 2 : text.length;
        else
            return i;
    }
}
/** A quoted text (doubled quotes inside) from `i`; undefined when unterminated. */
function readText(text, i) {
    let value = '';
    for (let j = i + 1; j < text.length; j++) {
        if (text[j] !== '"') {
            value += text[j];
            continue;
        }
        if (text[j + 1] === '"') {
            value += '"';
            j++;
            continue;
        }
        return { value, end: j + 1 };
    }
    return undefined;
}
function readLiteral(text, i) {
    if (text[i] === '"')
        return readText(text, i);
    const bare = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\b/i.exec(text.slice(i));
    if (!bare)
        return undefined;
    const word = bare[0].toLowerCase();
    return { value: word === 'null' ? '' : word === 'true' || word === 'false' ? word : bare[0], end: i + bare[0].length };
}
/** `[Name=value, ...]` from `i`: names lower-cased, text values unquoted. */
function readRecord(text, i) {
    if (text[i] !== '[')
        return undefined;
    const fields = {};
    i = skipSpace(text, i + 1);
    while (i < text.length && text[i] !== ']') {
        const name = /^[A-Za-z_][\w.]*/.exec(text.slice(i));
        if (!name)
            return undefined;
        i = skipSpace(text, i + name[0].length);
        if (text[i] !== '=')
            return undefined;
        i = skipSpace(text, i + 1);
        let value;
        if (text[i] === '"')
            value = readText(text, i);
        else {
            const bare = /^[^,\]\s]+/.exec(text.slice(i));
            value = bare ? { value: bare[0], end: i + bare[0].length } : undefined;
        }
        if (!value)
            return undefined;
        fields[name[0].toLowerCase()] = value.value;
        i = skipSpace(text, value.end);
        if (text[i] === ',')
            i = skipSpace(text, i + 1);
    }
    return text[i] === ']' ? { fields, end: i + 1 } : undefined;
}

;// CONCATENATED MODULE: ./src/powerbi/view.ts





function hostOf(ctx) {
    const host = ctx.services.tenantops;
    if (!host || typeof host.powerbi !== 'function') {
        throw new errors/* EnvironmentError */.eG(`tenant ${ctx.tenant}: Power BI resources need live services (Power BI, Fabric, the registry), but the run has none; plan with --offline`);
    }
    return host;
}
const KEYS = {
    profile: 'powerbi/profile',
    templateAccess: 'powerbi/template-access',
    workspace: 'powerbi/workspace',
    capacity: 'powerbi/capacity',
    access: 'powerbi/access',
    model: 'powerbi/model',
    refresh: 'powerbi/refresh',
    schedule: 'powerbi/refresh-schedule',
    retired: 'powerbi/reports-retired',
};
const views = new WeakMap();
/** The view of this pass (one per context, so each plan or apply pass reads afresh). */
function tenantView(ctx, names) {
    let view = views.get(ctx);
    if (!view) {
        const host = hostOf(ctx);
        const recorded = async (tenants) => (0,src_registry/* recordedIds */.Ph)(await host.registry(), tenants, KEYS.workspace);
        views.set(ctx, (view = createView(ctx, host, names, fleetSnapshot(ctx, host.powerbi(), recorded))));
    }
    return view;
}
function createView(ctx, host, names, fleet) {
    const { tenant } = ctx;
    const pbi = host.powerbi();
    // The snapshot did not say, or said only by name: an apply must not act on this tenant's reads.
    const partial = () => (0,plan/* recordSnapshotRead */.Y7)(ctx, 'partial');
    /** One list of the workspace's scan; absent (not empty) is something the snapshot did not say. */
    const scannedList = (snapshot, ws, kind) => {
        if (!ws)
            return [];
        const list = scanned(snapshot, ws)?.[kind];
        if (!list)
            partial();
        return list ?? [];
    };
    const useProfiles = host.platform.powerbi.tenantProfiles;
    const once = (fn) => {
        let p;
        return () => (p ??= fn());
    };
    const records = once(async () => new Map((await (0,src_registry/* listResources */.U2)(await host.registry(), tenant)).map((r) => [r.key, r])));
    const openIntents = once(async () => {
        const open = new Set((await (0,src_registry/* listOpenIntents */.Wy)(await host.registry(), tenant)).map((s) => s.key));
        // A run died mid-change: what it left is looked for by name (a workspace, report clones), and
        // a snapshot that missed one of them would mislead the apply.
        if (open.size && (await fleet))
            partial();
        return open;
    });
    const recordedId = async (key) => (await records()).get(key)?.externalId ?? undefined;
    let profile;
    let workspace;
    let model;
    const view = {
        tenant,
        host,
        pbi,
        records,
        openIntents,
        profile() {
            return (profile ??= (async () => {
                if (!useProfiles)
                    return undefined;
                const id = await recordedId(KEYS.profile);
                if (id)
                    return { id, name: names.profile };
                // Profile names are unique per principal and derived from the tenant code: a profile of
                // that name is the one a run created before it could record it.
                const snapshot = await fleet;
                const profiles = snapshot ? (snapshot.profiles ?? []) : await pbi.principal().listProfiles();
                const found = profiles.find((p) => p.displayName.toLowerCase() === names.profile.toLowerCase());
                return found && { id: found.id, name: found.displayName };
            })());
        },
        setProfile(p) {
            profile = Promise.resolve(p);
        },
        async client(step = 'discover') {
            if (!useProfiles)
                return pbi.principal({ tenant, step });
            const p = await view.profile();
            return p && pbi.asProfile(p.id, 'deploy', { tenant, step });
        },
        groups: once(async () => {
            const snapshot = await fleet;
            if (snapshot)
                return visibleInSnapshot(snapshot, view);
            const client = await view.client();
            if (!client)
                return [];
            try {
                return await client.listGroups();
            }
            catch (err) {
                // The recorded profile is gone: nothing of the tenant is visible.
                if (err instanceof errors/* RemoteApiError */.F4 && err.details.status === 404 && /Profile/i.test(err.details.code ?? ''))
                    return [];
                throw err;
            }
        }),
        workspace() {
            return (workspace ??= (async () => {
                const groups = await view.groups();
                const id = await recordedId(KEYS.workspace);
                if (id)
                    return groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
                const named = groups.filter((g) => g.name.toLowerCase() === names.workspace.toLowerCase());
                if (!named.length)
                    return undefined;
                if ((await openIntents()).has(KEYS.workspace))
                    return named[0];
                const adopted = await rereadWorkspaceRecord(host, tenant, names.workspace, groups, named[0]);
                if (adopted)
                    return adopted;
                throw new errors/* EnvironmentError */.eG(`tenant ${tenant}: a workspace named "${names.workspace}" exists but the registry does not record it as this tenant's; tenantops adopts only workspaces it created. Record its id in the registry (resource ${KEYS.workspace}) or remove it`);
            })());
        },
        setWorkspace(group) {
            workspace = Promise.resolve(group);
        },
        users: once(async () => {
            const ws = await view.workspace();
            const snapshot = await fleet;
            if (snapshot)
                return scannedList(snapshot, ws, 'users');
            const client = await view.client();
            return ws && client ? client.listGroupUsers(ws.id) : [];
        }),
        datasets: once(async () => {
            const ws = await view.workspace();
            const snapshot = await fleet;
            if (snapshot)
                return scannedList(snapshot, ws, 'datasets');
            const client = await view.client();
            return ws && client ? client.listDatasets(ws.id) : [];
        }),
        model() {
            return (model ??= (async () => {
                const datasets = await view.datasets();
                const id = await recordedId(KEYS.model);
                if (id) {
                    const found = datasets.find((d) => d.id.toLowerCase() === id.toLowerCase());
                    if (found)
                        return found;
                }
                // Fabric keeps item names unique per type within a workspace, and this workspace is the
                // tenant's own: a model of our name is the one a run created before it could record it.
                const named = datasets.find((d) => d.name === names.model);
                if (named && (await fleet))
                    partial();
                return named;
            })());
        },
        setModel(m) {
            model = Promise.resolve(m);
        },
        reports: once(async () => {
            const ws = await view.workspace();
            const snapshot = await fleet;
            if (snapshot)
                return scannedList(snapshot, ws, 'reports');
            const client = await view.client();
            return ws && client ? client.listReports(ws.id) : [];
        }),
        async parameters(modelId) {
            const ws = await view.workspace();
            const snapshot = await fleet;
            if (snapshot) {
                const model = ws && scanned(snapshot, ws)?.datasets?.find((d) => d.id.toLowerCase() === modelId.toLowerCase());
                // The scanner returns a model not refreshed or republished without its expressions.
                if (!model?.expressions)
                    partial();
                return parametersOf(model?.expressions ?? []);
            }
            const client = await view.client(KEYS.model);
            return client && ws ? readModelParameters(client, ws.id, modelId) : {};
        },
        mappings: once(async () => (0,src_registry/* listReportMappings */.UJ)(await host.registry(), tenant)),
        dataStore: once(async () => (0,src_registry/* getDataStore */.eE)(await host.registry(), tenant)),
    };
    return view;
}
/**
 * Before calling a workspace of our name a stranger: what was read of the registry may predate
 * another run's record of it, and that run may be creating it right now. Read again; when another
 * run holds the tenant's lock, say so, since removing the workspace would break that run.
 */
async function rereadWorkspaceRecord(host, tenant, name, groups, named) {
    const registry = await host.registry();
    const id = (await (0,src_registry/* listResources */.U2)(registry, tenant)).find((r) => r.key === KEYS.workspace)?.externalId;
    if (id)
        return groups.find((g) => g.id.toLowerCase() === id.toLowerCase());
    if ((await (0,src_registry/* listOpenIntents */.Wy)(registry, tenant)).some((s) => s.key === KEYS.workspace))
        return named;
    const holder = await (0,src_registry/* findTenantLockHolder */.zk)(registry, tenant);
    if (holder) {
        throw new errors/* EnvironmentError */.eG(`tenant ${tenant}: a workspace named "${name}" exists that the registry does not record yet, while another run (${(0,src_registry/* describeHolder */.sG)(holder)}) is applying this tenant: that run is most likely creating it. Do not remove it: wait for that run to finish, then run again. This run changed nothing.`);
    }
    return undefined;
}
/** The current value of each of a model's parameters, by name (one GET). */
async function readModelParameters(client, groupId, modelId) {
    return Object.fromEntries((await client.getParameters(groupId, modelId)).map((p) => [p.name, p.currentValue]));
}
function scanned(snapshot, ws) {
    return snapshot.workspaces.get(ws.id.toLowerCase());
}
/**
 * The workspaces the tenant's identity would list itself: those its profile is a member of, or,
 * without profiles, those the principal itself (not one of its profiles) is a member of. A profile
 * that no longer exists sees nothing, as its own list call would fail with ProfileNotFound.
 */
async function visibleInSnapshot(snapshot, view) {
    let isIdentity;
    if (view.host.platform.powerbi.tenantProfiles) {
        const profile = (await view.profile())?.id.toLowerCase();
        if (!profile || !snapshot.profiles?.some((p) => p.id.toLowerCase() === profile))
            return [];
        isIdentity = (u) => u.principalType === 'App' && u.profile?.id.toLowerCase() === profile;
    }
    else {
        const platform = view.host.platform;
        const ids = new Set([(await view.pbi.principalObjectId()).toLowerCase(), platform.credentialProfiles[platform.powerbi.credentialProfile]?.clientId.toLowerCase()]);
        isIdentity = (u) => u.principalType === 'App' && !u.profile && ids.has(u.identifier.toLowerCase());
    }
    return [...snapshot.workspaces.values()].filter((w) => (w.users ?? []).some(isIdentity));
}

;// CONCATENATED MODULE: ./src/powerbi/access.ts
// Who may use the tenant's workspace besides its profile: the platform's principal (Fabric item
// APIs take no profile, so the principal creates the semantic model there) and the platform's
// admin group. Each workspace the principal joins counts against its limit of 1,000; the count is
// checked before it joins another one, with a message that says what to do.



/** Workspaces one service principal (or profile) may be a member of. */
const WORKSPACES_PER_PRINCIPAL = 1000;
function accessResource(names, desired) {
    return {
        key: KEYS.access,
        kind: 'powerbi.access',
        dependsOn: [KEYS.workspace],
        desired,
        async read(ctx) {
            const view = tenantView(ctx, names);
            if (!(await view.workspace()))
                return undefined;
            const users = await view.users();
            const oid = desired?.members.principal ? await view.pbi.principalObjectId() : undefined;
            const clientId = view.host.platform.credentialProfiles[view.host.platform.powerbi.credentialProfile]?.clientId;
            const members = {};
            for (const u of users) {
                const key = memberKey(u, [oid, clientId]);
                if (key && desired?.members[key])
                    members[key] = u.groupUserAccessRight;
            }
            return { members };
        },
        // Members we do not manage are left alone; access goes with the workspace (only the record goes).
        diff: (d, a) => (d === undefined ? a && { action: 'delete', fields: [], summary: `forget the access to ${names.workspace} (it goes with the workspace)` } : (0,plan/* diffFields */.p5)(d, a, { summary: { create: `grant workspace access (${Object.keys(d.members).join(', ')})`, update: 'fix workspace access' } })),
        async apply(ctx, change, actual) {
            if (change.action === 'delete')
                return undefined;
            const view = tenantView(ctx, names);
            const client = await view.client(KEYS.access);
            const ws = await view.workspace();
            if (!client || !ws)
                throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: workspace access needs the workspace first`);
            const have = actual?.members ?? {};
            for (const [key, right] of Object.entries(desired.members)) {
                if (have[key] === right)
                    continue;
                const user = key === 'principal'
                    ? { identifier: await view.pbi.principalObjectId(), principalType: 'App', groupUserAccessRight: right }
                    : { identifier: key.slice('group:'.length), principalType: 'Group', groupUserAccessRight: right };
                if (have[key]) {
                    await client.updateGroupUser(ws.id, user);
                    continue;
                }
                if (key === 'principal')
                    await checkWorkspaceBudget(ctx.tenant, view.pbi);
                try {
                    await client.addGroupUser(ws.id, user);
                }
                catch (err) {
                    // Added by a run whose answer was lost: set the right instead.
                    if (!(err instanceof errors/* RemoteApiError */.F4 && /AlreadyExists|already/i.test(`${err.details.code} ${err.message}`)))
                        throw err;
                    await client.updateGroupUser(ws.id, user);
                }
            }
            return { members: { ...desired.members } };
        },
    };
}
function memberKey(u, principalIds) {
    if (u.principalType === 'Group')
        return `group:${u.identifier.toLowerCase()}`;
    if (u.principalType === 'App' && !u.profile && principalIds.some((id) => id && id.toLowerCase() === u.identifier.toLowerCase()))
        return 'principal';
    return undefined;
}
/** Refuses before the principal joins its 1,000th workspace; warns from 90 %. */
async function checkWorkspaceBudget(tenant, pbi) {
    const count = await pbi.principal({ tenant, step: KEYS.access }).countGroups();
    if (count >= WORKSPACES_PER_PRINCIPAL) {
        throw new errors/* EnvironmentError */.eG(`tenant ${tenant}: the principal of credential profile "${pbi.platform.powerbi.credentialProfile}" is already a member of ${count} workspaces, Power BI's limit is ${WORKSPACES_PER_PRINCIPAL}; allowed: point powerbi.credentialProfile at another app registration for new tenants`);
    }
    if (count >= WORKSPACES_PER_PRINCIPAL * 0.9)
        pbi.log.warn(`the principal is a member of ${count} of ${WORKSPACES_PER_PRINCIPAL} workspaces`);
}

;// CONCATENATED MODULE: ./src/powerbi/estimate.ts
// Power BI answers a refresh and a capacity assignment with no estimate or Retry-After, and every
// status poll spends a call of the principal's budget (60 a minute, shared by the fleet). The
// registry's record of what the fleet's recent ones took is the estimate instead.
/**
 * Before the first poll of an operation accepted at `since`: waits until `typical` ms after it,
 * at most `capMs` (one slow outlier must not stall a tenant) and never past `deadline`. No
 * estimate (the fleet's first), no wait.
 */
async function waitForEstimate(pbi, typical, since, capMs, deadline) {
    if (!typical)
        return;
    await pbi.sleep(Math.max(0, Math.min(typical - (pbi.now() - since), capMs, deadline - pbi.now())));
}

;// CONCATENATED MODULE: ./src/powerbi/capacity.ts
// The workspace's capacity: `AssignToCapacity`, then wait until `CapacityAssignmentStatus` says
// `CompletedSuccessfully` (assignment is asynchronous; items created before it completes may land
// on shared capacity). A `shared` capacity in platform.yaml means no dedicated capacity at all.





/** Power BI's "no capacity" id: assigning it moves a workspace back to shared capacity. */
const SHARED_CAPACITY_ID = '00000000-0000-0000-0000-000000000000';
function capacityResource(names, desired) {
    return {
        key: KEYS.capacity,
        kind: 'powerbi.capacity',
        dependsOn: [KEYS.workspace],
        desired,
        async read(ctx) {
            const view = tenantView(ctx, names);
            const ws = await view.workspace();
            if (!ws)
                return undefined;
            const onId = ws.capacityId?.toLowerCase();
            const status = !onId || ws.isOnDedicatedCapacity ? 'CompletedSuccessfully' : 'InProgress';
            const wanted = desired?.capacity;
            // What the last apply resolved the name to: no capacity lookup on an unchanged tenant.
            const recorded = (await view.records()).get(KEYS.capacity)?.state;
            if (wanted && recorded?.capacity === wanted && (recorded.capacityId ?? undefined) === onId)
                return { capacity: wanted, capacityId: onId, status };
            if (wanted && (await view.pbi.capacityId(wanted)) === onId)
                return { capacity: wanted, capacityId: onId, status };
            return { capacity: onId ? `id:${onId}` : 'shared', capacityId: onId, status };
        },
        diff: (d, a) => 
        // Nothing to undo remotely: the assignment goes with the workspace; only the record goes.
        d === undefined ? a && { action: 'delete', fields: [], summary: `forget the capacity of ${names.workspace} (it goes with the workspace)` } : (0,plan/* diffFields */.p5)(d, a, { summary: { create: `assign ${names.workspace} to capacity ${d.capacity}`, update: `move ${names.workspace} to capacity ${d.capacity}` } }),
        async apply(ctx, change, actual) {
            if (change.action === 'delete')
                return undefined;
            const view = tenantView(ctx, names);
            const client = await view.client(KEYS.capacity);
            const ws = await view.workspace();
            if (!client || !ws)
                throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: capacity assignment needs the workspace first`);
            const wanted = desired.capacity;
            const id = await view.pbi.capacityId(wanted);
            const assigned = (actual?.capacityId ?? undefined) !== id;
            if (assigned)
                await client.assignToCapacity(ws.id, id ?? SHARED_CAPACITY_ID);
            // Only an assignment this apply started is as young as the fleet's estimate assumes; one
            // found under way (a run that died) is polled from the start.
            if (id)
                await waitForAssignment(ctx.tenant, client, ws.id, view.pbi, await view.host.registry(), assigned);
            ctx.log.info(`${ctx.tenant}: ${names.workspace} is on capacity ${wanted}`);
            return { capacity: wanted, capacityId: id, status: 'CompletedSuccessfully' };
        },
    };
}
async function waitForAssignment(tenant, client, groupId, pbi, registry, justAssigned) {
    const started = pbi.now();
    const deadline = started + pbi.operationTimeoutMs;
    let wait = 1_000;
    // What the fleet's recent assignments took (the service's own start and end), before the first
    // poll, instead of 4–5 polls of a 10–30 s assignment.
    await waitForEstimate(pbi, justAssigned ? await (0,src_registry/* typicalCapacityAssignmentMs */.I0)(registry) : undefined, started, MAX_FIRST_WAIT_MS, deadline);
    for (;;) {
        const late = pbi.now() >= deadline;
        const assignment = await client.capacityAssignmentStatus(groupId);
        const { status } = assignment;
        if (status === 'CompletedSuccessfully') {
            if (assignment.activityId && assignment.startTime && assignment.endTime && assignment.capacityId) {
                await (0,src_registry/* recordCapacityAssignment */.zp)(registry, { tenant, activityId: assignment.activityId, capacityId: assignment.capacityId, state: status, startTime: assignment.startTime, endTime: assignment.endTime });
            }
            return;
        }
        if (status === 'AssignmentFailed') {
            throw new errors/* RemoteApiError */.F4({ service: 'powerbi', call: 'GET /v1.0/myorg/groups/{groupId}/CapacityAssignmentStatus', status: 200, code: 'AssignmentFailed', tenant, resource: KEYS.capacity }, 'capacity assignment failed');
        }
        if (late) {
            throw new errors/* RemoteApiError */.F4({ service: 'powerbi', call: 'GET /v1.0/myorg/groups/{groupId}/CapacityAssignmentStatus', status: 200, code: 'OperationTimedOut', tenant, resource: KEYS.capacity }, `capacity assignment still ${status} after ${Math.round((pbi.now() - started) / 1000)} s; the next run waits again`);
        }
        await pbi.sleep(Math.max(0, Math.min(wait, deadline - pbi.now())));
        // Past the estimate (or without one), the interval doubles up to 8 s: a 30 s assignment costs 6
        // polls instead of 16, and its end is still seen within 8 s.
        wait = Math.min(8_000, wait * 2);
    }
}
/** The longest the fleet's estimate may hold back the first poll (one slow outlier must not stall a tenant). */
const MAX_FIRST_WAIT_MS = 120_000;

;// CONCATENATED MODULE: ./src/powerbi/model.ts
// The tenant's semantic model, bound to the tenant's own database and nothing else.
//  1. The template's TMDL definition (templates/semantic-model) with the tenant's Host, Port,
//     Database and Schema written into its M parameters before upload: one source of truth, so a
//     redeploy writes them again (never Default.UpdateDatasources: PostgreSQL is not supported).
//  2. Created (or its definition updated) by the principal through the Fabric API, which takes
//     no profile; the tenant's profile then takes it over (Default.TakeOver clears credentials,
//     so it comes first, and never again once the profile owns it).
//  3. The BI role's password, read from the registry and opened in memory only, set on the
//     model's datasource (PATCH /gateways/{g}/datasources/{d}, Basic, encryption None).








const TEMPLATE_MODEL_FOLDER = 'templates/semantic-model/Tenant Analytics.SemanticModel';
/** The registry secret provision-db stores the BI role's password under. */
const BI_PASSWORD_SECRET = (0,db/* passwordSecretName */.Fn)('bi');
const hashes = new Map();
/**
 * Hash of the template definition as it is in git (plans show it, re-runs compare it). Planning
 * a thousand tenants asks for it a thousand times in one synchronous pass: the answer is kept
 * until the event loop turns, so the folder is read once per pass and an edit is seen by the next.
 */
function templateModelHash(root) {
    let hash = hashes.get(root);
    if (hash === undefined) {
        hash = loadItemFolder((0,external_node_path_.join)(root, TEMPLATE_MODEL_FOLDER)).hash;
        hashes.set(root, hash);
        setImmediate(() => hashes.delete(root));
    }
    return hash;
}
class ModelResource {
    key = KEYS.model;
    kind = 'powerbi.model';
    dependsOn;
    #options;
    /** Where the data really is, once the registry's record of the data store has been read. */
    #parameters;
    constructor(options) {
        this.#options = options;
        this.dependsOn = options.dependsOn;
    }
    // provision-db records where the tenant's tables really are (host and port of the cluster it
    // used, a BYOD server); that record, once read, is what the parameters must say. A BYOD
    // tenant's plan keeps showing the secret's name (`secret:<name>`), never the value read from
    // it: the PR's review, before provision-db ran, can only know the name, and the plan an apply
    // binds to must hash the same (the resolved values are written into the model, not the plan).
    get desired() {
        const d = this.#options.desired;
        return d && this.#parameters && !isByod(d.parameters) ? { ...d, parameters: this.#parameters } : d;
    }
    async read(ctx) {
        const view = tenantView(ctx, this.#options.names);
        await this.#resolveParameters(view);
        if (!(await view.workspace()))
            return undefined;
        const model = await view.model();
        if (!model)
            return undefined;
        const record = (await view.records()).get(KEYS.model);
        const state = (record?.externalId?.toLowerCase() === model.id.toLowerCase() ? record.state : {});
        const owner = await ownerOf(view, model);
        const from = await secretFingerprint(view);
        const credentials = owner !== this.desired?.owner ? 'missing' : !state.credentialsFrom ? 'missing' : state.credentialsFrom === from ? 'set' : 'stale';
        return {
            id: model.id,
            name: model.name,
            template: state.template ?? 'unknown',
            parameters: this.#shownParameters(await serviceParameters(view, model)),
            owner,
            credentials,
            ...(state.credentialsFrom ? { credentialsFrom: state.credentialsFrom } : {}),
        };
    }
    /** An unchanged model: the apply pass's reports and refreshes bind to it without listing the workspace's models again. */
    prime(ctx, actual) {
        const names = this.#options.names;
        const configuredBy = actual.owner === 'tenant-profile' ? names.profile : actual.owner.startsWith('other:') ? actual.owner.slice('other:'.length) : undefined;
        tenantView(ctx, names).setModel({ id: actual.id, name: actual.name, ...(configuredBy ? { configuredBy } : {}) });
    }
    diff(desired, actual) {
        const n = this.#options.names.model;
        const change = (0,plan/* diffFields */.p5)(desired, actual, { summary: { create: `create semantic model ${n} bound to the tenant's database`, update: `update semantic model ${n}`, delete: `delete semantic model ${n}` } });
        if (change?.action === 'delete')
            Object.assign(change, { destroysData: true, reason: 'deleting the model deletes its loaded data and the reports bound to it' });
        return change;
    }
    async apply(ctx, change, actual) {
        const view = tenantView(ctx, this.#options.names);
        const ws = await view.workspace();
        if (!ws)
            throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: the model needs the workspace first`);
        const fabric = view.pbi.fabric({ tenant: ctx.tenant, step: KEYS.model });
        if (change.action === 'delete') {
            await fabric.deleteItem(ws.id, 'SemanticModel', actual.id, KEYS.model);
            view.setModel(undefined);
            return undefined;
        }
        // provision-db may have recorded the data store during this very apply (a new tenant): read it now.
        await this.#resolveParameters(view);
        const desired = this.desired;
        const parameters = this.#parameters;
        if (!parameters && isByod(desired.parameters)) {
            throw new errors/* EnvironmentError */.eG(`tenant ${ctx.tenant}: the registry records no data store for this tenant yet, so the model's host is unknown; run provision-db (apply --only db) first`);
        }
        const written = parameters ?? desired.parameters;
        const definition = writeParameters(loadItemFolder((0,external_node_path_.join)(view.host.root, TEMPLATE_MODEL_FOLDER)), { ...written });
        let id = actual?.id;
        let redeployed = false;
        if (!id) {
            const created = await createOrRediscover(() => fabric.createItem(ws.id, 'SemanticModel', { displayName: desired.name, definition }, KEYS.model), async () => (await fabric.listItems(ws.id, 'SemanticModel')).find((i) => i.displayName === desired.name)).catch(async (err) => {
                if (!isNameInUse(err))
                    throw err;
                throw new errors/* EnvironmentError */.eG(`tenant ${ctx.tenant}: a semantic model named "${desired.name}" is reserved in ${ws.name} (deleted recently); retry later`);
            });
            id = created.id;
            redeployed = true;
            ctx.log.info(`${ctx.tenant}: semantic model ${desired.name} (${id}) created with the tenant's parameters`);
        }
        else if (actual.template !== desired.template || JSON.stringify(actual.parameters) !== JSON.stringify(desired.parameters)) {
            await fabric.updateDefinition(ws.id, 'SemanticModel', id, definition, KEYS.model);
            redeployed = true;
            ctx.log.info(`${ctx.tenant}: semantic model ${desired.name} redeployed from the template`);
        }
        view.setModel({ id, name: desired.name });
        const client = await view.client(KEYS.model);
        if (!client)
            throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: the model needs the tenant's profile`);
        let owner = actual?.owner ?? 'principal';
        if (desired.owner === 'tenant-profile' && owner !== 'tenant-profile') {
            await client.takeOver(ws.id, id);
            owner = 'tenant-profile';
        }
        // TakeOver cleared them, a new definition may have a new datasource, or the password changed.
        const from = await secretFingerprint(view);
        const record = (await view.records()).get(KEYS.model);
        const recorded = record?.externalId?.toLowerCase() === id.toLowerCase() ? record.state.datasources : undefined;
        let datasources = recorded;
        if (redeployed || actual?.owner !== owner || actual?.credentials !== 'set') {
            // The service keeps a model's datasource (and its id) while the definition's server and
            // database stay: the ids recorded for this connection name it without listing it again.
            const known = recorded?.connection === connectionOf(written) && recorded.ids.length ? recorded : undefined;
            datasources = { connection: connectionOf(written), ids: await this.#setCredentials(ctx, view, ws.id, id, known?.ids) };
        }
        // The record keeps the values written (for a BYOD tenant, read from its secret); read() shows them as the plan does.
        return { id, name: desired.name, template: desired.template, parameters: written, owner, credentials: 'set', credentialsFrom: from, ...(datasources ? { datasources } : {}) };
    }
    /** The model's parameters as plans show them: a BYOD model still bound where its store is recorded shows the secret's name. */
    #shownParameters(held) {
        const spec = this.#options.desired?.parameters;
        const current = this.#parameters;
        return spec && isByod(spec) && current && sameParameters(held, current) ? spec : held;
    }
    async #resolveParameters(view) {
        const store = await view.dataStore();
        if (store)
            this.#parameters = { Host: store.host, Port: String(store.port), Database: store.database, Schema: store.schema };
    }
    async #setCredentials(ctx, view, groupId, modelId, known) {
        const client = (await view.client(KEYS.model));
        const registry = await view.host.registry();
        const password = await (0,src_registry/* readSecret */.n5)(registry, view.host.keyring(), ctx.tenant, BI_PASSWORD_SECRET);
        if (!password)
            throw new errors/* EnvironmentError */.eG(`tenant ${ctx.tenant}: the registry holds no ${BI_PASSWORD_SECRET}; run provision-db (apply --only db) first`);
        ctx.log.mask(password);
        const username = (await view.dataStore())?.biRole ?? this.#options.biRole;
        if (known) {
            try {
                for (const s of known)
                    await client.setBasicCredentials(s.gatewayId, s.datasourceId, { username, password });
                ctx.log.info(`${ctx.tenant}: credentials of ${username} set on the model's datasource`);
                return known;
            }
            catch (err) {
                // The recorded datasource is gone after all (the service made a new one): list them.
                if (!(err instanceof errors/* RemoteApiError */.F4 && err.details.status === 404))
                    throw err;
            }
        }
        const sources = (await client.listDatasources(groupId, modelId)).filter((s) => /postgre/i.test(s.datasourceType));
        if (!sources.length)
            throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: semantic model ${modelId} has no PostgreSQL datasource to set credentials on`);
        for (const s of sources)
            await client.setBasicCredentials(s.gatewayId, s.datasourceId, { username, password });
        ctx.log.info(`${ctx.tenant}: credentials of ${username} set on the model's datasource`);
        return sources.map((s) => ({ gatewayId: s.gatewayId, datasourceId: s.datasourceId }));
    }
}
/** What identifies the model's datasource to the service: server and database, not the schema. */
function connectionOf(p) {
    return `${p.Host}:${p.Port}/${p.Database}`;
}
/** A BYOD tenant's parameters name its secret (`secret:<name>`) until the registry records the store. */
function isByod(parameters) {
    return parameters.Host.startsWith('secret:');
}
function sameParameters(a, b) {
    return a.Host === b.Host && a.Port === b.Port && a.Database === b.Database && a.Schema === b.Schema;
}
/**
 * The parameters the service holds, read from it (one GET, or the pass's fleet snapshot): what the registry recorded at the last
 * apply says nothing of an edit made since in the service (its UI, a script's UpdateParameters),
 * and such an edit points the tenant's model at another database.
 */
async function serviceParameters(view, model) {
    const held = await view.parameters(model.id);
    const value = (name) => held[name] ?? '?';
    return { Host: value('Host'), Port: value('Port'), Database: value('Database'), Schema: value('Schema') };
}
async function ownerOf(view, model) {
    const profile = await view.profile();
    if (profile && model.configuredBy?.toLowerCase() === profile.name.toLowerCase())
        return 'tenant-profile';
    if (!view.host.platform.powerbi.tenantProfiles)
        return 'principal';
    return model.configuredBy ? `other:${model.configuredBy}` : 'principal';
}
/** Identifies the sealed BI password without revealing anything about it: a hash of the envelope. */
async function secretFingerprint(view) {
    const envelope = await (0,src_registry/* getSecret */.r6)(await view.host.registry(), view.tenant, BI_PASSWORD_SECRET);
    return envelope && (0,external_node_crypto_.createHash)('sha256').update(`${envelope.kid}:${envelope.iv}:${envelope.ct}`).digest('hex').slice(0, 12);
}

;// CONCATENATED MODULE: ./src/powerbi/profile.ts
// The tenant's service principal profile: its own Power BI identity, so every call about the
// tenant acts as it (`X-PowerBI-Profile-Id`), it sees only its own workspaces, and data-source
// credentials are isolated per tenant. The principal creates it and lets it read the template
// workspace, which report clones are made from.




function profileResource(names, desired) {
    return {
        key: KEYS.profile,
        kind: 'powerbi.profile',
        dependsOn: [],
        desired,
        async read(ctx) {
            const profile = await tenantView(ctx, names).profile();
            return profile && { id: profile.id, name: profile.name };
        },
        diff: (d, a) => (0,plan/* diffFields */.p5)(d, a, { summary: { create: `create service principal profile ${names.profile}`, delete: `delete service principal profile ${names.profile}` } }),
        async apply(ctx, change, actual) {
            const view = tenantView(ctx, names);
            const pbi = view.pbi.principal({ tenant: ctx.tenant, step: KEYS.profile });
            if (change.action === 'delete') {
                await ignoreNotFound(() => pbi.deleteProfile(actual.id));
                view.setProfile(undefined);
                return undefined;
            }
            const profile = actual ?? (await createOrAdopt(pbi, names.profile));
            view.setProfile(profile);
            ctx.log.info(`${ctx.tenant}: profile ${profile.name} (${profile.id}) ready`);
            return profile;
        },
    };
}
/**
 * The profile reads the template workspace (Viewer), which report clones are made from. Its own
 * resource, so granting it runs beside the workspace's creation, not before it.
 */
function templateAccessResource(names, desired) {
    return {
        key: KEYS.templateAccess,
        kind: 'powerbi.access',
        dependsOn: [KEYS.profile],
        desired,
        async read(ctx) {
            const view = tenantView(ctx, names);
            if (!(await view.profile()))
                return undefined;
            const template = view.host.platform.powerbi.templateWorkspace.toLowerCase();
            return (await view.groups()).some((g) => g.name.toLowerCase() === template) ? { access: 'Viewer' } : undefined;
        },
        // Goes with the profile: nothing to undo on its own.
        diff: (d, a) => (d ? (0,plan/* diffFields */.p5)(d, a, { summary: { create: `let ${names.profile} read the template workspace` } }) : a && { action: 'delete', fields: [], summary: `forget ${names.profile}'s template access (it goes with the profile)` }),
        async apply(ctx, change) {
            if (change.action === 'delete')
                return undefined;
            const view = tenantView(ctx, names);
            const profile = await view.profile();
            if (!profile)
                throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: template access needs the profile first`);
            const pbi = view.pbi.principal({ tenant: ctx.tenant, step: KEYS.templateAccess });
            const [tpl, oid] = await Promise.all([view.pbi.templateWorkspace(), view.pbi.principalObjectId()]);
            try {
                await pbi.addGroupUser(tpl.id, { identifier: oid, principalType: 'App', groupUserAccessRight: 'Viewer', profile: { id: profile.id } });
            }
            catch (err) {
                // Already a member (a run that died after granting): the access we want is there.
                if (!(err instanceof errors/* RemoteApiError */.F4 && err.details.status === 400 && /AlreadyExists|already/i.test(`${err.details.code} ${err.message}`)))
                    throw err;
            }
            return { access: 'Viewer' };
        },
    };
}
// Profile names are unique per principal and derived from the tenant code: one of our name is ours.
async function createOrAdopt(pbi, name) {
    const profile = await createOrRediscover(() => pbi.createProfile(name), async () => (await pbi.listProfiles()).find((p) => p.displayName.toLowerCase() === name.toLowerCase()));
    return { id: profile.id, name: profile.displayName };
}
async function ignoreNotFound(fn) {
    try {
        await fn();
    }
    catch (err) {
        if (!(err instanceof errors/* RemoteApiError */.F4 && err.details.status === 404))
            throw err;
    }
}

;// CONCATENATED MODULE: ./src/powerbi/refresh-watch.ts
// Following many refreshes on one dedicated capacity with one call. Each poll of a refresh's own
// history spends one call of the principal's Power BI budget (about 60 a minute, shared by the
// fleet); a rollout wave refreshing 100 models spends 100–300. The admin API
// `GET admin/capacities/{capacityId}/refreshables` shows every model's last refresh on a capacity
// in one call (page of 1,000), so while at least WATCH_THRESHOLD of this process's refreshes on a
// capacity are in flight, one such call per poll follows all of them, matched by request id.
//
// It has a budget of its own: 200 requests an hour per principal, i.e. one every 18 s on average,
// kept in the shared rate budget store where there is one (parallel processes calling as the
// principal share it). Below the threshold, with `powerbi.fleetReads: per-tenant`, or when the
// admin API refuses the principal (401/403 under `auto`: said once), refreshes poll their own
// history as before. A model whose last refresh is no longer ours (another one started after it),
// or that the capacity does not list, goes back to its own history: the watch only shortens the
// wait, it never decides an outcome the history would not.



/**
 * Our refreshes in flight on one capacity from which one call per poll follows them. A refresh's
 * own polls cost 1–3 calls (the first after the fleet's typical duration, then 1 → 8 s); a watch
 * poll costs one call every ≥ 18 s whatever it covers, but sees an end up to 18 s later than an
 * 8 s poll would. At 8 in flight (a rollout's default tenant concurrency) the refreshes of a
 * 45 s wave cost ~3 watch calls instead of 8–24 of their own, and the admin API's 200 an hour
 * (which other admin tools of the organisation may also use) is spent only where it saves most.
 */
const WATCH_THRESHOLD = 8;
/** The refreshables API's documented limit. */
const REFRESHABLES_PER_HOUR = 200;
/** The step watch calls are named by in errors: they belong to the capacity's watch, not to one tenant. */
const WATCH_STEP = 'powerbi/refresh-watch';
const REFRESHABLES_CALL = 'GET /v1.0/myorg/admin/capacities/{capacityId}/refreshables';
// Per services instance: one run's process shares one watch per capacity and one pacing.
const watches = new WeakMap();
/** Joins the watch of `capacityId` for our refresh `requestId` of `modelId`; undefined where refreshes are never watched. */
function joinRefreshWatch(pbi, capacityId, modelId, requestId) {
    if (!capacityId || (pbi.platform.powerbi.fleetReads ?? 'auto') === 'per-tenant')
        return undefined;
    let process = watches.get(pbi);
    if (!process) {
        const clientId = pbi.platform.credentialProfiles[pbi.platform.powerbi.credentialProfile]?.clientId ?? 'principal';
        // Burst 1: one call every 18 s at most, the first at once; shared across processes when the
        // run has a store (the registry's).
        const limiter = (0,http/* createRateLimiter */.x)({ budget: { perSecond: REFRESHABLES_PER_HOUR / 3600, burst: 1 }, now: pbi.now, sleep: (ms) => pbi.sleep(ms), store: pbi.rateBudget });
        watches.set(pbi, (process = { limiter, key: `powerbi-refreshables:${clientId.toLowerCase()}`, refused: false, capacities: new Map() }));
    }
    const id = capacityId.toLowerCase();
    let watch = process.capacities.get(id);
    if (!watch)
        process.capacities.set(id, (watch = createCapacityWatch(pbi, process, id)));
    return watch.join(modelId.toLowerCase(), requestId.toLowerCase());
}
function createCapacityWatch(pbi, process, capacityId) {
    const mode = pbi.platform.powerbi.fleetReads ?? 'auto';
    let members = 0;
    // Engaged once the threshold is reached, until the last of those refreshes is done: the tail of
    // a wave is cheaper followed by one call than by a poll loop each.
    let engaged = false;
    let pending = [];
    let polling = false;
    const poll = async () => {
        try {
            while (pending.length) {
                if (!process.refused)
                    await process.limiter.take(process.key);
                // Everyone who asked while we waited for our turn is served by this one call.
                const batch = pending;
                pending = [];
                const polledAt = pbi.now();
                if (process.refused) {
                    for (const w of batch)
                        w.resolve({ polledAt });
                    continue;
                }
                let rows;
                try {
                    rows = await pbi.principal({ step: WATCH_STEP }).listCapacityRefreshables(capacityId, { beforeNextPage: () => process.limiter.take(process.key) });
                }
                catch (err) {
                    if (mode === 'auto' && isAdminRefusal(err)) {
                        refuse(pbi, process, err);
                        for (const w of batch)
                            w.resolve({ polledAt });
                    }
                    else {
                        for (const w of batch)
                            w.reject(err);
                    }
                    continue;
                }
                const last = new Map(rows.map((r) => [r.id.toLowerCase(), r.lastRefresh]));
                for (const w of batch) {
                    const entry = last.get(w.modelId);
                    w.resolve({ polledAt, ...(entry?.requestId?.toLowerCase() === w.requestId ? { entry } : {}) });
                }
            }
        }
        finally {
            polling = false;
        }
    };
    return {
        join(modelId, requestId) {
            members++;
            if (members >= WATCH_THRESHOLD)
                engaged = true;
            let left = false;
            return {
                get engaged() {
                    return engaged && !process.refused;
                },
                next() {
                    return new Promise((resolve, reject) => {
                        pending.push({ modelId, requestId, resolve, reject });
                        if (!polling) {
                            polling = true;
                            void poll();
                        }
                    });
                },
                leave() {
                    if (left)
                        return;
                    left = true;
                    if (--members === 0)
                        engaged = false;
                },
            };
        },
    };
}
function refuse(pbi, process, err) {
    if (process.refused)
        return;
    process.refused = true;
    pbi.log.warn(`Power BI: the admin refreshables API refused the principal (${err.details.status}${err.details.code ? ` ${err.details.code}` : ''}); following each refresh through its own model's history instead (1–3 calls a refresh). Allow the read-only admin APIs for service principals, or set powerbi.fleetReads: per-tenant in platform.yaml to skip this attempt`);
}

;// CONCATENATED MODULE: ./src/powerbi/refresh.ts
// Loading the tenant's data into its model: a refresh after the model (its definition,
// parameters or credentials) changed, whose success is read back from the refresh history by
// the refresh's own request id, so it never mistakes another refresh for ours. Only one refresh
// runs per model at a time; a suspended tenant gets none. `tenantops refresh` shares runRefresh.
// Many refreshes in flight on one capacity are followed by one capacity-wide call per poll
// (refresh-watch.ts) instead of one history read each.





function refreshResource(names, desired) {
    return {
        key: KEYS.refresh,
        kind: 'powerbi.refresh',
        // An enhanced refresh needs the dedicated capacity in place.
        dependsOn: [KEYS.model, KEYS.capacity],
        desired,
        async read(ctx) {
            const view = tenantView(ctx, names);
            const model = await view.model();
            if (!model)
                return undefined;
            const record = (await view.records()).get(KEYS.refresh);
            const state = record?.state;
            if (!state?.model || state.modelId !== model.id)
                return undefined;
            return { model: state.model, status: state.status ?? 'Unknown', ...(state.requestId ? { requestId: state.requestId } : {}) };
        },
        diff(d, a) {
            if (!d)
                return a && { action: 'delete', fields: [], summary: `forget the refresh record of ${names.model}` };
            if (!d.enabled)
                return undefined;
            if (a && a.model === d.model && a.status === 'Completed')
                return undefined;
            return {
                action: a ? 'update' : 'create',
                fields: [{ path: 'model', before: a?.model, after: d.model }, ...(a?.status !== 'Completed' ? [{ path: 'status', before: a?.status, after: 'Completed' }] : [])],
                summary: `refresh ${names.model} from the tenant's database`,
            };
        },
        async apply(ctx, change) {
            if (change.action === 'delete')
                return undefined;
            const view = tenantView(ctx, names);
            const ws = await view.workspace();
            const model = await view.model();
            const client = await view.client(KEYS.refresh);
            if (!ws || !model || !client)
                throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: a refresh needs the workspace and the model`);
            // A model on a dedicated capacity may be followed with the capacity's other refreshes.
            const capacityId = desired.capacity ? await view.pbi.capacityId(desired.capacity) : undefined;
            const result = await runRefresh(client, ws.id, model.id, {
                enhanced: desired.enhanced, tenant: ctx.tenant, pbi: view.pbi, registry: await view.host.registry(),
                ...(capacityId ? { watch: { services: view.pbi, capacityId } } : {}),
            });
            ctx.log.info(`${ctx.tenant}: refresh ${result.requestId} of ${names.model} completed`);
            return { model: desired.model, status: 'Completed', requestId: result.requestId, modelId: model.id };
        },
    };
}
/**
 * Starts a refresh (after any refresh already running finishes) and waits for its history entry
 * to complete. Throws RemoteApiError naming the service's error when it fails.
 */
async function runRefresh(client, groupId, modelId, options) {
    const enhanced = options.enhanced ? { type: 'Full', commitMode: 'Transactional', retryCount: 1 } : undefined;
    const started = options.pbi.now();
    let requestId;
    for (;;) {
        try {
            requestId = (await client.startRefresh(groupId, modelId, enhanced)).requestId;
            break;
        }
        catch (err) {
            // One refresh per model at a time: wait for the running one, then start ours.
            if (!(err instanceof errors/* RemoteApiError */.F4 && (err.details.status === 409 || (err.details.status === 400 && /progress|already/i.test(`${err.details.code} ${err.message}`)))))
                throw err;
            await waitForRefresh(client, groupId, modelId, undefined, options, started);
        }
    }
    if (!requestId)
        throw new errors/* InternalError */.Gd('the refresh was accepted without a request id to follow');
    const stub = { requestId, status: 'Unknown' };
    // The service starts the refresh once it has accepted it: its own start, which the fleet's
    // durations are measured from, is no earlier than the answer to our POST.
    return options.noWait ? stub : waitForRefresh(client, groupId, modelId, requestId, options, started, options.pbi.now());
}
/** Polls the history until `requestId` (or, without one, whatever runs now) is no longer Unknown. */
async function waitForRefresh(client, groupId, modelId, requestId, options, started, accepted = started) {
    const deadline = started + options.pbi.operationTimeoutMs;
    let wait = FIRST_POLL_MS;
    let polls = 0;
    let ticket = requestId && options.watch ? joinRefreshWatch(options.watch.services, options.watch.capacityId, modelId, requestId) : undefined;
    try {
        // Our own refresh of a model that never refreshed before has no history to estimate from: wait
        // what the fleet's refreshes took (the registry's record) before the first poll instead of
        // polling from the first second.
        const typical = requestId && options.registry ? await (0,src_registry/* typicalRefreshMs */.O$)(options.registry) : undefined;
        await waitForEstimate(options.pbi, typical, accepted, MAX_POLL_MS * 8, deadline);
        for (;;) {
            // While the capacity's watch follows it, its poll (paced by the watch) stands for ours, as
            // long as the model's last refresh is ours and running or completed. A failed one is read
            // from the model's history below, so its error is exactly what the history says.
            const sighting = ticket?.engaged ? await ticket.next() : undefined;
            const watched = sighting?.entry && (sighting.entry.status === 'Unknown' || sighting.entry.status === 'Completed') ? sighting.entry : undefined;
            if (sighting && !watched) {
                // No longer ours, not listed, refused, or ended otherwise: this refresh reads its own history from now on.
                ticket.leave();
                ticket = undefined;
            }
            // Give up only when a poll made after the deadline still finds it running.
            const late = (watched ? sighting.polledAt : options.pbi.now()) >= deadline;
            const history = watched ? [] : await client.listRefreshes(groupId, modelId, 10);
            if (!watched)
                polls++;
            const call = watched ? REFRESHABLES_CALL : 'GET /v1.0/myorg/groups/{groupId}/datasets/{datasetId}/refreshes';
            const entry = watched ?? (requestId ? history.find((r) => r.requestId?.toLowerCase() === requestId.toLowerCase()) : history.find((r) => r.status === 'Unknown'));
            if (!requestId && !entry)
                return { requestId: '', status: 'Completed' };
            if (entry && entry.status !== 'Unknown') {
                // Ours only: without a request id the entry is someone else's refresh we waited behind.
                if (requestId && entry.startTime && options.registry) {
                    await (0,src_registry/* recordRefreshRun */.YL)(options.registry, { tenant: options.tenant, requestId, state: entry.status, startTime: entry.startTime, endTime: entry.endTime });
                }
                if (entry.status === 'Completed')
                    return entry;
                const detail = describeFailure(entry.serviceExceptionJson);
                throw new errors/* RemoteApiError */.F4({ service: 'powerbi', call, status: 200, code: detail.code ?? `Refresh${entry.status}`, requestId, tenant: options.tenant, resource: KEYS.refresh }, `refresh ${requestId ?? ''} ended ${entry.status}${detail.message ? `: ${detail.message}` : ''}`);
            }
            if (late) {
                throw new errors/* RemoteApiError */.F4({ service: 'powerbi', call, status: 200, code: 'OperationTimedOut', requestId, tenant: options.tenant, resource: KEYS.refresh }, `refresh still running after ${Math.round((options.pbi.now() - started) / 1000)} s`);
            }
            // The watch paces its own polls (≥ 18 s apart): no wait of ours on top.
            if (watched)
                continue;
            // Every poll spends one call of the principal's Power BI budget (60 a minute, shared by the
            // fleet): a refresh of this model that took d before is not polled until about d has passed;
            // otherwise the interval grows from 1 s to 8 s, so a 45 s refresh costs ~9 polls, not ~23,
            // and its end is still seen within 8 s.
            const estimate = polls === 1 ? remainingOfLastDuration(history, requestId, options.pbi.now() - started) : 0;
            await options.pbi.sleep(Math.max(0, Math.min(Math.max(wait, estimate), deadline - options.pbi.now())));
            wait = Math.min(MAX_POLL_MS, Math.round(wait * 1.5));
        }
    }
    finally {
        ticket?.leave();
    }
}
const FIRST_POLL_MS = 1_000;
const MAX_POLL_MS = 8_000;
/** How long the last completed refresh of the model took, less what has passed of ours (0 without one). */
function remainingOfLastDuration(history, requestId, elapsedMs) {
    const last = history.find((r) => r.status === 'Completed' && r.startTime && r.endTime && r.requestId?.toLowerCase() !== requestId?.toLowerCase());
    if (!last)
        return 0;
    const took = Date.parse(last.endTime) - Date.parse(last.startTime);
    return Number.isFinite(took) && took > 0 ? Math.min(took - elapsedMs, MAX_POLL_MS * 8) : 0;
}
function describeFailure(json) {
    if (!json)
        return {};
    try {
        const parsed = JSON.parse(json);
        return { code: parsed.errorCode, message: parsed.errorDescription };
    }
    catch {
        return { message: json.slice(0, 300) };
    }
}

;// CONCATENATED MODULE: ./src/powerbi/refresh-schedule.ts
// The model's scheduled refresh while the tenant is suspended: turned off, with what it was
// recorded in the registry, and turned back on when the tenant is active again. tenantops does not
// otherwise own the schedule (the platform's team may set one), so an active tenant's schedule is
// left as it is unless a suspension turned it off.


function refreshScheduleResource(names, desired) {
    return {
        key: KEYS.schedule,
        kind: 'powerbi.refresh-schedule',
        dependsOn: [KEYS.model],
        desired,
        async read(ctx) {
            const view = tenantView(ctx, names);
            const recorded = (await view.records()).get(KEYS.schedule)?.state;
            // An active tenant's schedule is ours only to restore: no call unless a suspension turned it off.
            if (!desired?.suspended && recorded?.restore !== true)
                return undefined;
            const [ws, model, client] = [await view.workspace(), await view.model(), await view.client(KEYS.schedule)];
            if (!ws || !model || !client)
                return undefined;
            const { enabled } = await client.getRefreshSchedule(ws.id, model.id);
            return { enabled, ...(typeof recorded?.restore === 'boolean' ? { restore: recorded.restore } : {}) };
        },
        diff(d, a) {
            // A model being deleted takes its schedule with it.
            if (!d || !a)
                return undefined;
            if (d.suspended && a.enabled) {
                return { action: 'update', fields: [{ path: 'enabled', before: true, after: false }], summary: `turn off the scheduled refresh of ${names.model} while the tenant is suspended` };
            }
            if (!d.suspended && a.restore === true && !a.enabled) {
                return { action: 'update', fields: [{ path: 'enabled', before: false, after: true }], summary: `turn the scheduled refresh of ${names.model} back on` };
            }
            return undefined;
        },
        async apply(ctx, change, actual) {
            const view = tenantView(ctx, names);
            const [ws, model, client] = [await view.workspace(), await view.model(), await view.client(KEYS.schedule)];
            if (!ws || !model || !client || !desired)
                throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: ${change.action} of the refresh schedule needs the workspace and the model`);
            const enabled = !desired.suspended;
            await client.updateRefreshSchedule(ws.id, model.id, { enabled });
            // Suspending records what resuming restores; resuming forgets it, so a schedule someone
            // turns off later stays off.
            return desired.suspended ? { enabled, restore: actual?.enabled ?? false } : { enabled };
        },
    };
}

;// CONCATENATED MODULE: ./src/powerbi/report.ts
// One matched template report in the tenant's workspace. First deploy: `Clone` from the template
// workspace with targetWorkspaceId + targetModelId (one call clones and binds to the tenant's
// model); the mapping goes to the registry the moment the clone exists. A newer template version:
// `UpdateReportContent` (+ `Rebind` when the binding is wrong), so the report id, its embed URL and
// bookmarks survive. The registry, not the name, says which report is which; a name is trusted
// only for a clone the journal shows a dead run was making.







/** Shared by a tenant's report resources in one run: progress lines ("cloning reports 17/42"). */
class ReportBatch {
    total;
    present = new Set();
    /** Reports this run leaves alone (outside the `reports` filter). */
    skipped = new Set();
    constructor(total) {
        this.total = total;
    }
}
// A class rather than a closure per verb: a large offline plan holds tens of thousands of these.
class ReportResource {
    key;
    kind = 'powerbi.report';
    dependsOn;
    desired;
    #o;
    constructor(o) {
        this.#o = o;
        this.key = o.key;
        this.dependsOn = o.dependsOn;
        this.desired = o.desired;
    }
    async read(ctx) {
        const { key, names, batch, desired } = this.#o;
        const view = tenantView(ctx, names);
        if (desired && !view.pbi.deploysReport(desired.template, desired.name))
            batch.skipped.add(key);
        else
            batch.skipped.delete(key);
        const actual = await readReport(view, key, this.#o.templateName, desired?.name);
        if (actual)
            batch.present.add(key);
        else
            batch.present.delete(key);
        return actual;
    }
    diff(d, a) {
        if (this.#o.batch.skipped.has(this.key))
            return undefined;
        // Creates and deletes list only what a reviewer needs (plans of thousands of tenants hold
        // tens of thousands of these); updates list every field that differs.
        if (d && !a)
            return { action: 'create', fields: [{ path: 'name', after: d.name }, { path: 'template', after: d.template }, { path: 'active', after: d.active }], summary: `clone "${d.template}"` };
        if (!d && a)
            return { action: 'delete', fields: [{ path: 'name', before: a.name }, { path: 'id', before: a.id }], summary: `remove "${a.name}"` };
        return (0,plan/* diffFields */.p5)(d, a, { summary: { update: `update to "${d?.template}"` } });
    }
    async apply(ctx, change, actual) {
        const view = tenantView(ctx, this.#o.names);
        if (change.action === 'delete') {
            await removeReport(ctx, view, this.key, actual.id);
            await (0,src_registry/* deleteReportMapping */.IS)(await view.host.registry(), ctx.tenant, this.#o.templateName);
            this.#o.batch.present.delete(this.key);
            return undefined;
        }
        return deployReport(ctx, view, this.#o, actual);
    }
}
function reportResource(o) {
    return new ReportResource(o);
}
async function readReport(view, key, templateName, name) {
    const ws = await view.workspace();
    if (!ws)
        return undefined;
    const [reports, mappings, model, intents] = await Promise.all([view.reports(), view.mappings(), view.model(), view.openIntents()]);
    const mapping = mappings.find((m) => m.templateName === templateName);
    const byId = new Map(reports.map((r) => [r.id.toLowerCase(), r]));
    let report = mapping && byId.get(mapping.tenantReportId.toLowerCase());
    let duplicates = [];
    if (intents.has(key) && name) {
        // A run died while cloning this one: its clone (and any retry's) has our name and no mapping.
        const claimed = new Set(mappings.map((m) => m.tenantReportId.toLowerCase()));
        const orphans = reports.filter((r) => r.name === name && !claimed.has(r.id.toLowerCase()));
        if (!report)
            report = orphans.shift();
        duplicates = orphans.map((r) => r.id).sort();
    }
    if (!report)
        return undefined;
    const recorded = mapping?.tenantReportId.toLowerCase() === report.id.toLowerCase();
    return {
        id: report.id,
        name: report.name,
        template: recorded ? `${mapping.templateName} v${mapping.templateVersion}` : 'unknown',
        version: recorded ? mapping.templateVersion : 'unknown',
        model: model && report.datasetId?.toLowerCase() === model.id.toLowerCase() ? 'tenant' : `other:${report.datasetId ?? 'none'}`,
        active: recorded ? mapping.status === 'active' : false,
        recorded,
        duplicates,
    };
}
async function deployReport(ctx, view, o, actual) {
    const desired = o.desired;
    const ws = await view.workspace();
    const model = await view.model();
    const client = await view.client(o.key);
    if (!ws || !model || !client)
        throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: reports need the workspace, the model and the profile first`);
    let report;
    let template;
    if (!actual) {
        template = await resolveTemplate(view, desired.template);
        report = await createOrRediscover(() => client.cloneReport(template.workspaceId, template.id, { name: desired.name, targetWorkspaceId: ws.id, targetModelId: model.id }, o.key), async () => {
            // Look before trying again: a lost answer may hide a clone that exists.
            const claimed = new Set((await view.mappings()).map((m) => m.tenantReportId.toLowerCase()));
            return (await client.listReports(ws.id)).find((r) => r.name === desired.name && !claimed.has(r.id.toLowerCase()));
        });
        // Recorded before anything else can fail: a clone the registry knows is never cloned twice.
        await recordMapping(view, o, desired, template.id, report.id, ws.id, model.id);
        o.batch.present.add(o.key);
        ctx.log.info(`${ctx.tenant}: cloning reports ${o.batch.present.size}/${o.batch.total}`);
    }
    else {
        report = { id: actual.id, name: actual.name };
        for (const id of actual.duplicates)
            await removeReport(ctx, view, o.key, id);
        // An adopted clone whose template is not on record is brought to the desired version too.
        const stale = !actual.recorded || actual.template !== desired.template;
        let bound = actual.model === 'tenant';
        if (stale) {
            template = await resolveTemplate(view, desired.template);
            const updated = await client.updateReportContent(ws.id, actual.id, { reportId: template.id, workspaceId: template.workspaceId }, o.key);
            // UpdateReportContent is documented to keep the report id, not its binding: the answer says
            // which model the report is bound to now, so a service that dropped the binding costs one
            // Rebind and no extra read.
            bound = updated?.datasetId?.toLowerCase() === model.id.toLowerCase() || (updated?.datasetId === undefined && bound);
            ctx.log.info(`${ctx.tenant}: ${desired.name} updated in place to "${desired.template}"`);
        }
        if (!bound)
            await client.rebindReport(ws.id, actual.id, model.id, o.key);
        if (stale || actual.active !== desired.active) {
            const templateId = template?.id ?? (await view.mappings()).find((m) => m.templateName === o.templateName).templateReportId;
            await recordMapping(view, o, desired, templateId, actual.id, ws.id, model.id);
        }
    }
    return { ...desired, id: report.id, model: 'tenant', recorded: true, duplicates: [] };
}
async function recordMapping(view, o, d, templateReportId, reportId, workspaceId, modelId) {
    return (0,src_registry/* upsertReportMapping */.WB)(await view.host.registry(), {
        tenant: view.tenant,
        templateName: o.templateName,
        templateVersion: d.version,
        templateReportId,
        tenantReportId: reportId,
        workspaceId,
        modelId,
        status: d.active ? 'active' : 'inactive',
    });
}
async function resolveTemplate(view, name) {
    const tpl = await view.pbi.templateWorkspace();
    const { ids, problems } = (0,src_catalog/* resolveTemplateIds */.fh)([{ name }], tpl.reports);
    if (problems.length)
        throw new errors/* EnvironmentError */.eG(`tenant ${view.tenant}: ${problems.map((p) => p.message).join('; ')}`);
    return { id: ids.get(name), workspaceId: tpl.id };
}
async function removeReport(ctx, view, key, id) {
    const ws = await view.workspace();
    const client = await view.client(key);
    if (!ws || !client)
        return;
    await ignoreNotFound(() => client.deleteReport(ws.id, id, key));
    ctx.log.info(`${ctx.tenant}: report ${id} removed`);
}

;// CONCATENATED MODULE: ./src/powerbi/retired.ts



/** `matched` holds the template names (without version) the tenant should have. */
function retiredReportsResource(names, matched, dependsOn) {
    return {
        key: KEYS.retired,
        kind: 'powerbi.report',
        dependsOn,
        // Never desired: when some exist, the plan deletes them.
        desired: undefined,
        async read(ctx) {
            const view = tenantView(ctx, names);
            // A run narrowed to some reports removes none.
            if (view.pbi.reportsFiltered)
                return undefined;
            const mappings = await view.mappings();
            const retired = mappings.filter((m) => !matched.has(m.templateName));
            if (!retired.length)
                return undefined;
            return { reports: Object.fromEntries(retired.map((m) => [m.templateName, m.tenantReportId])) };
        },
        diff: (_d, a) => a && {
            action: 'delete',
            fields: Object.entries(a.reports).map(([template, id]) => ({ path: `reports.${template}`, before: id })),
            summary: `remove ${Object.keys(a.reports).length} report(s) whose template no longer matches`,
        },
        async apply(ctx, _change, actual) {
            const view = tenantView(ctx, names);
            const ws = await view.workspace();
            const client = await view.client(KEYS.retired);
            const registry = await view.host.registry();
            for (const [template, id] of Object.entries(actual?.reports ?? {})) {
                if (ws && client)
                    await ignoreNotFound(() => client.deleteReport(ws.id, id, KEYS.retired));
                await (0,src_registry/* deleteReportMapping */.IS)(registry, ctx.tenant, template);
                ctx.log.info(`${ctx.tenant}: retired report "${template}" (${id}) removed`);
            }
            return undefined;
        },
    };
}

;// CONCATENATED MODULE: ./src/powerbi/workspace.ts
// The tenant's workspace, created by the tenant's profile (so only that profile, the platform's
// principal and the admin group can see it), then moved to its capacity and opened to the admin
// group. A workspace is adopted only when the registry records it as ours (see view.ts).





function workspaceResource(names, desired, dependsOn) {
    return {
        key: KEYS.workspace,
        kind: 'powerbi.workspace',
        dependsOn,
        desired,
        async read(ctx) {
            const ws = await tenantView(ctx, names).workspace();
            return ws && { id: ws.id, name: ws.name };
        },
        // An unchanged workspace: the apply pass's capacity, access, model and reports need only its id
        // (each reads capacity and membership from its own planned actual), so they need not list the
        // tenant's workspaces again. The id is what the plan read, or the re-read under the tenant's lock.
        prime(ctx, actual) {
            tenantView(ctx, names).setWorkspace({ id: actual.id, name: actual.name });
        },
        diff(d, a) {
            const change = (0,plan/* diffFields */.p5)(d, a, { summary: { create: `create workspace ${names.workspace}`, update: `rename workspace to ${names.workspace}`, delete: `delete workspace ${names.workspace} and everything in it` } });
            if (change?.action === 'delete')
                Object.assign(change, { destroysData: true, reason: 'deleting the workspace deletes the semantic model, its loaded data and every report in it' });
            return change;
        },
        async apply(ctx, change, actual) {
            const view = tenantView(ctx, names);
            const client = await view.client(KEYS.workspace);
            if (!client)
                throw new errors/* InternalError */.Gd(`tenant ${ctx.tenant}: the workspace needs the tenant's profile first`);
            if (change.action === 'delete') {
                await ignoreNotFound(() => client.deleteGroup(actual.id));
                view.setWorkspace(undefined);
                return undefined;
            }
            if (actual) {
                // Only the name can differ; renaming is left to a person (links and bookmarks use it).
                throw new errors/* EnvironmentError */.eG(`tenant ${ctx.tenant}: workspace ${actual.id} is named "${actual.name}", the naming rule says "${names.workspace}"; rename it in Power BI`);
            }
            const created = await createOrRediscover(() => client.createGroup(names.workspace), async () => (await client.listGroups()).find((g) => g.name.toLowerCase() === names.workspace.toLowerCase()));
            view.setWorkspace(created);
            ctx.log.info(`${ctx.tenant}: workspace ${created.name} (${created.id}) created`);
            return { id: created.id, name: created.name };
        },
    };
}

;// CONCATENATED MODULE: ./src/powerbi/desired.ts
// What a tenant's analytics should look like in Power BI / Fabric, as resources in dependency
// order: its own service principal profile → its workspace → capacity → access → optional Fabric
// items → the semantic model bound to its own database → a refresh → one report per matched
// template (and the removal of reports whose template no longer matches).













function reportKey(report) {
    return `powerbi/report/${report.persona.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}
/** The names the tenant's Power BI resources look objects up by, from the run's derived names. */
function viewNames(derived) {
    return { profile: derived.profile, workspace: derived.workspace, model: derived.semanticModel };
}
function desiredPowerBiResources(ctx) {
    const { config: tenant, platform, names: derived, reports } = ctx;
    const names = viewNames(derived);
    const gone = tenant.lifecycle === 'decommissioned';
    const remove = gone && tenant.deletionPolicy === 'delete';
    const keep = (state) => (remove ? undefined : state);
    const active = tenant.lifecycle === 'active';
    const profiles = platform.powerbi.tenantProfiles;
    const capacity = platform.capacities[tenant.powerbi.capacity];
    const dedicated = !!capacity && capacity.sku.toLowerCase() !== 'shared';
    const resources = [];
    if (profiles) {
        resources.push(profileResource(names, keep({ name: names.profile })));
        resources.push(templateAccessResource(names, keep({ access: 'Viewer' })));
    }
    resources.push(workspaceResource(names, keep({ name: names.workspace }), profiles ? [KEYS.profile] : []));
    resources.push(capacityResource(names, keep({ capacity: tenant.powerbi.capacity, status: 'CompletedSuccessfully' })));
    const members = {};
    if (profiles)
        members.principal = 'Admin';
    if (platform.powerbi.adminGroupId)
        members[`group:${platform.powerbi.adminGroupId.toLowerCase()}`] = 'Admin';
    if (Object.keys(members).length)
        resources.push(accessResource(names, keep({ members })));
    const access = Object.keys(members).length ? [KEYS.access] : [];
    // Fabric items need the capacity; the model does not (it moves with its workspace), so its
    // creation runs beside the capacity assignment and only the refresh waits for both.
    const ready = [KEYS.workspace, KEYS.capacity, ...access];
    for (const [item, spec] of Object.entries(tenant.powerbi.fabric ?? {})) {
        if (!spec)
            continue;
        const type = item === 'lakehouse' ? 'Lakehouse' : 'Warehouse';
        const key = `fabric/${item}`;
        resources.push(fabricItemResource({
            key,
            type,
            desired: keep({ name: spec.name ?? `${derived.workspace}-${item}`, type }),
            dependsOn: ready,
            workspaceId: async (ctx) => (await tenantView(ctx, names).workspace())?.id,
            recordedId: async (ctx) => (await tenantView(ctx, names).records()).get(key)?.externalId ?? undefined,
            fabric: (ctx) => tenantView(ctx, names).pbi.fabric({ tenant: ctx.tenant, step: key }),
        }));
    }
    const store = (0,db/* locateDataStore */.Sw)(tenant, platform, derived);
    const parameters = {
        Host: store.host,
        Port: String(store.port),
        Database: store.database,
        Schema: store.schema,
    };
    const template = templateModelHash(ctx.root);
    resources.push(new ModelResource({
        names,
        biRole: derived.roles.bi,
        // db/route is provision-db's last step: the data store recorded, its tables migrated.
        dependsOn: [KEYS.workspace, ...access, 'db/route'],
        desired: keep({ name: names.model, template, parameters, owner: profiles ? 'tenant-profile' : 'principal', credentials: 'set' }),
    }));
    resources.push(refreshResource(names, keep({ model: `${template}:${Object.values(parameters).join('/')}`, enabled: active, enhanced: dedicated, ...(dedicated ? { capacity: tenant.powerbi.capacity } : {}) })));
    resources.push(refreshScheduleResource(names, keep({ suspended: !active })));
    const batch = new ReportBatch(reports.length);
    for (const report of reports) {
        resources.push(reportResource({
            key: reportKey(report),
            names,
            templateName: (0,src_catalog/* templateBaseName */.Jk)(report),
            batch,
            dependsOn: profiles ? [KEYS.model, KEYS.templateAccess] : [KEYS.model],
            desired: keep({ name: report.persona, template: report.name, version: report.version, model: 'tenant', active, recorded: true, duplicates: [] }),
        }));
    }
    resources.push(retiredReportsResource(names, new Set(reports.map(src_catalog/* templateBaseName */.Jk)), [KEYS.model]));
    return resources;
}

;// CONCATENATED MODULE: ./src/powerbi/capability.ts

const KIND_LABELS = {
    'powerbi.report': { plural: 'reports', verbs: { create: 'to clone', update: 'to update', delete: 'to remove' } },
};
const powerBiCapability = {
    name: 'powerbi',
    desiredResources: desiredPowerBiResources,
    labels: KIND_LABELS,
    // The refresh of the current model is known only from the registry; a rebuild refreshes again.
    recordKinds: ['powerbi.refresh'],
};

// EXTERNAL MODULE: ./src/naming/index.ts + 1 modules
var naming = __webpack_require__(52135);
;// CONCATENATED MODULE: ./src/powerbi/verify.ts
// Verification, a step of its own after apply (`tenantops verify --tenant <code>`): the tenant's
// analytics can only ever see its own data. Every report in its workspace is bound to its own
// model; the model's parameters point at its own database; the data the model loaded, read back
// through executeQueries, holds the tenant's marker and no one else's; its profile sees no other
// tenant's workspace; and an embed token can be generated for its reports. executeQueries and
// GenerateToken are POSTs that change nothing: they are counted as verify calls, apart from the
// deploy's reads and writes.







/** Tables of the template model that carry the tenant marker column. */
function markerTables(root, column = 'tenant_marker') {
    const dir = (0,external_node_path_.join)(root, TEMPLATE_MODEL_FOLDER, 'definition/tables');
    const out = [];
    for (const file of (0,external_node_fs_.readdirSync)(dir).filter((f) => f.endsWith('.tmdl')).sort()) {
        const text = (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, file), 'utf8');
        const table = /^table\s+('(?:[^']|'')+'|\S+)/m.exec(text)?.[1]?.replace(/^'|'$/g, '').replaceAll("''", "'");
        if (table && new RegExp(`^\\s+column\\s+'?${column}'?\\s*$`, 'm').test(text))
            out.push(table);
    }
    return out;
}
async function verifyPowerBiTenant(host, tenant) {
    const pbi = host.powerbi();
    const before = { ...pbi.counts.verify };
    const checks = [];
    const check = (name, ok, detail) => checks.push({ name, ok, detail });
    const done = () => ({
        tenant: tenant.code,
        ok: checks.every((c) => c.ok),
        checks,
        calls: { reads: pbi.counts.verify.reads - before.reads, writes: pbi.counts.verify.writes - before.writes },
    });
    const code = tenant.code;
    const names = (0,naming/* deriveNames */.On)(code);
    const registry = await host.registry();
    const records = new Map((await (0,src_registry/* listResources */.U2)(registry, code)).map((r) => [r.key, r]));
    const id = (key) => records.get(key)?.externalId ?? undefined;
    const profileId = id(KEYS.profile);
    const workspaceId = id(KEYS.workspace);
    const modelId = id(KEYS.model);
    const profiles = host.platform.powerbi.tenantProfiles;
    if ((profiles && !profileId) || !workspaceId || !modelId) {
        check('registry', false, `the registry records no ${[profiles && !profileId && 'profile', !workspaceId && 'workspace', !modelId && 'model'].filter(Boolean).join(', ')} for ${code}: apply first`);
        return done();
    }
    const client = profileId ? pbi.asProfile(profileId, 'verify', { tenant: code, step: 'verify' }) : pbi.principal({ tenant: code, step: 'verify' });
    const attempt = async (name, fn) => {
        try {
            await fn();
        }
        catch (err) {
            check(name, false, err instanceof errors/* RemoteApiError */.F4 ? err.message : String(err.message ?? err));
        }
    };
    await attempt('isolation', async () => {
        const template = host.platform.powerbi.templateWorkspace.toLowerCase();
        const visible = await client.listGroups();
        const foreign = visible.filter((g) => g.id.toLowerCase() !== workspaceId.toLowerCase() && g.name.toLowerCase() !== template);
        const own = visible.some((g) => g.id.toLowerCase() === workspaceId.toLowerCase());
        check('isolation', own && foreign.length === 0, own ? (foreign.length ? `the tenant's identity also sees ${foreign.map((g) => g.name).join(', ')}` : `sees only ${names.workspace} and the template workspace`) : `workspace ${workspaceId} is not visible to the tenant's identity`);
    });
    await attempt('model', async () => {
        const model = (await client.listDatasets(workspaceId)).find((d) => d.id.toLowerCase() === modelId.toLowerCase());
        const owned = !profiles || model?.configuredBy?.toLowerCase() === names.profile.toLowerCase();
        check('model', !!model && owned, !model ? `model ${modelId} is not in the workspace` : owned ? `${model.name} is owned by the tenant's profile` : `${model.name} is owned by ${model.configuredBy}, not by the tenant's profile`);
    });
    await attempt('reports bound', async () => {
        const reports = await client.listReports(workspaceId);
        const mappings = await (0,src_registry/* listReportMappings */.UJ)(registry, code);
        const stray = reports.filter((r) => r.datasetId?.toLowerCase() !== modelId.toLowerCase());
        const ids = new Set(reports.map((r) => r.id.toLowerCase()));
        const missing = mappings.filter((m) => !ids.has(m.tenantReportId.toLowerCase()));
        const wrongModel = mappings.filter((m) => m.modelId.toLowerCase() !== modelId.toLowerCase());
        check('reports bound', stray.length === 0 && missing.length === 0 && wrongModel.length === 0 && reports.length > 0, stray.length ? `${stray.length} report(s) bound to another model: ${stray.map((r) => `${r.name} → ${r.datasetId ?? 'none'}`).slice(0, 5).join(', ')}`
            : missing.length ? `${missing.length} mapped report(s) missing: ${missing.map((m) => m.templateName).slice(0, 5).join(', ')}`
                : wrongModel.length ? `${wrongModel.length} mapping(s) name another model`
                    : `${reports.length} report(s), all bound to the tenant's model`);
    });
    await attempt('parameters', async () => {
        const store = await (0,src_registry/* getDataStore */.eE)(registry, code);
        const params = await readModelParameters(client, workspaceId, modelId);
        if (!store) {
            check('parameters', false, 'the registry records no data store for the tenant');
            return;
        }
        const want = { Host: store.host, Port: String(store.port), Database: store.database, Schema: store.schema };
        const wrong = Object.entries(want).filter(([k, v]) => params[k] !== v);
        check('parameters', wrong.length === 0, wrong.length ? wrong.map(([k, v]) => `${k} is ${JSON.stringify(params[k])}, the tenant's is ${JSON.stringify(v)}`).join('; ') : `Host, Port, Database and Schema point at ${store.database}.${store.schema}`);
    });
    await attempt('data', async () => {
        const foreign = new Set();
        let own = 0;
        for (const table of markerTables(host.root)) {
            const rows = await client.executeQuery(workspaceId, modelId, `EVALUATE VALUES('${table.replaceAll("'", "''")}'[tenant_marker])`);
            for (const row of rows) {
                const value = Object.values(row)[0];
                if (value === code)
                    own++;
                else if (value !== null && value !== undefined)
                    foreign.add(String(value));
            }
        }
        // Isolation fails on any foreign row; a tenant whose tables are still empty passes, and says so.
        check('data', foreign.size === 0, foreign.size ? `the model holds rows of ${[...foreign].join(', ')}` : own ? `only ${code}'s marker rows` : 'no rows loaded yet (the tables are empty), none of another tenant');
    });
    await attempt('embed token', async () => {
        const reports = await client.listReports(workspaceId);
        if (!reports.length) {
            check('embed token', false, 'no reports to embed');
            return;
        }
        const token = await client.generateEmbedToken({ reportIds: reports.map((r) => r.id), datasetIds: [modelId], workspaceIds: [workspaceId] });
        // A bearer credential for the tenant's reports: masked before anything can print it.
        if (token.token)
            pbi.log.mask(token.token);
        check('embed token', !!token.token, `a token for ${reports.length} report(s), expiring ${token.expiration}`);
    });
    return done();
}

;// CONCATENATED MODULE: ./src/powerbi/operations.ts




/** Refreshes per model per UTC day on shared capacity. */
const SHARED_DAILY_REFRESHES = 8;
async function refreshTenants(host, options) {
    const pbi = host.powerbi();
    const what = options.what ?? 'models';
    const perTenant = await boundedMap(options.tenants, options.concurrency ?? 4, async (tenant) => {
        const started = pbi.now();
        const row = (target, status, extra = {}) => ({ tenant: tenant.code, target, status, ...extra, durationMs: pbi.now() - started });
        if (tenant.lifecycle !== 'active')
            return [row('tenant', 'Skipped', { detail: `the tenant is ${tenant.lifecycle}` })];
        const records = new Map((await (0,src_registry/* listResources */.U2)(await host.registry(), tenant.code)).map((r) => [r.key, r.externalId ?? undefined]));
        const ws = records.get(KEYS.workspace);
        const profile = records.get(KEYS.profile);
        if (!ws || (host.platform.powerbi.tenantProfiles && !profile))
            return [row('tenant', 'Skipped', { detail: 'not onboarded: the registry records no workspace' })];
        const client = profile ? pbi.asProfile(profile, 'deploy', { tenant: tenant.code, step: 'refresh' }) : pbi.principal({ tenant: tenant.code, step: 'refresh' });
        const rows = [];
        if (what !== 'dataflows') {
            const model = records.get(KEYS.model);
            if (!model)
                rows.push(row('model', 'Skipped', { detail: 'the registry records no model' }));
            else
                rows.push(await refreshModel(tenant, client, ws, model, options.wait ?? false, row, pbi, await host.registry()));
        }
        if (what !== 'models')
            rows.push(...(await refreshDataflows(client, ws, options.wait ?? false, row, pbi)));
        return rows;
    });
    return perTenant.flat();
}
async function refreshModel(tenant, client, ws, model, wait, row, pacing, registry) {
    const dedicated = tenant.powerbi.capacity !== 'shared';
    try {
        const history = await client.listRefreshes(ws, model, 50);
        const running = history.find((r) => r.status === 'Unknown');
        if (running && !wait)
            return row('model', 'Skipped', { requestId: running.requestId, detail: 'a refresh is already running (one at a time per model)' });
        const group = (await client.listGroups()).find((g) => g.id.toLowerCase() === ws.toLowerCase());
        const onDedicated = dedicated && !!group?.isOnDedicatedCapacity;
        if (!onDedicated) {
            const today = new Date(pacing.now()).toISOString().slice(0, 10);
            const used = history.filter((r) => r.startTime?.slice(0, 10) === today).length;
            if (used >= SHARED_DAILY_REFRESHES)
                return row('model', 'Skipped', { detail: `the daily budget of ${SHARED_DAILY_REFRESHES} refreshes on shared capacity is used` });
        }
        const result = await runRefresh(client, ws, model, { enhanced: onDedicated, tenant: tenant.code, pbi: pacing, noWait: !wait, registry });
        return row('model', wait ? 'Completed' : 'Started', { requestId: result.requestId, detail: onDedicated ? 'enhanced refresh' : 'refresh' });
    }
    catch (err) {
        return row('model', 'Failed', { detail: err instanceof Error ? err.message : String(err), requestId: err instanceof errors/* RemoteApiError */.F4 ? err.details.requestId : undefined });
    }
}
async function refreshDataflows(client, ws, wait, row, pacing) {
    const out = [];
    for (const flow of await client.listDataflows(ws)) {
        const target = `dataflow ${flow.name}`;
        try {
            const before = new Set((await client.listDataflowTransactions(ws, flow.objectId)).map((t) => t.id));
            await client.refreshDataflow(ws, flow.objectId);
            if (!wait) {
                out.push(row(target, 'Started'));
                continue;
            }
            // Follow the transaction this refresh started (the one not there before), not an older one.
            const deadline = pacing.now() + pacing.operationTimeoutMs;
            let wait_ = 1_000;
            for (;;) {
                const mine = (await client.listDataflowTransactions(ws, flow.objectId)).find((t) => !before.has(t.id));
                if (mine && mine.status !== 'InProgress') {
                    out.push(row(target, mine.status === 'Success' ? 'Completed' : 'Failed', { requestId: mine.id, detail: `transaction ${mine.status}` }));
                    break;
                }
                if (pacing.now() >= deadline) {
                    out.push(row(target, 'Failed', { requestId: mine?.id, detail: 'still in progress at the timeout' }));
                    break;
                }
                await pacing.sleep(Math.min(wait_, deadline - pacing.now()));
                wait_ = Math.min(5_000, wait_ * 2);
            }
        }
        catch (err) {
            out.push(row(target, 'Failed', { detail: err instanceof Error ? err.message : String(err) }));
        }
    }
    return out;
}
async function boundedMap(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i]);
        }
    }));
    return out;
}
/** A result table: one row per tenant and target. */
function renderRefreshTable(results) {
    const lines = ['| tenant | target | status | request id | detail |', '|---|---|---|---|---|'];
    for (const r of results)
        lines.push(`| ${r.tenant} | ${r.target} | ${r.status} | ${r.requestId ?? ''} | ${(r.detail ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ')} |`);
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/powerbi/discover.ts
// `tenantops discover`: what the platform's principal and each of its service principal profiles
// can see in Power BI (workspaces, models, reports, dataflows), compared with what the registry
// records: unknown objects (there, not recorded), missing ones (recorded, not there) and
// mismatched ones (a report bound to another model, a model not owned by its tenant's profile).
// List calls only: one per profile and one per kind of object per workspace.


async function discoverPowerBi(host) {
    const pbi = host.powerbi();
    const principal = pbi.principal({ step: 'discover' });
    const registry = await host.registry();
    const tenants = await (0,src_registry/* listTenants */._X)(registry);
    const records = new Map();
    for (const t of tenants)
        records.set(t.code, new Map((await (0,src_registry/* listResources */.U2)(registry, t.code)).filter((r) => r.externalId).map((r) => [r.key, r.externalId.toLowerCase()])));
    const byProfile = new Map([...records].filter(([, r]) => r.has(KEYS.profile)).map(([code, r]) => [r.get(KEYS.profile), code]));
    const byWorkspace = new Map([...records].filter(([, r]) => r.has(KEYS.workspace)).map(([code, r]) => [r.get(KEYS.workspace), code]));
    const template = host.platform.powerbi.templateWorkspace.toLowerCase();
    const discrepancies = [];
    const identities = [];
    const seenWorkspaces = new Set();
    const seenProfiles = new Set();
    const profiles = host.platform.powerbi.tenantProfiles ? await principal.listProfiles() : [];
    const callers = [{ name: 'principal', client: principal, profileId: undefined }, ...profiles.map((p) => ({ name: p.displayName, client: pbi.asProfile(p.id, 'deploy', { step: 'discover' }), profileId: p.id.toLowerCase() }))];
    for (const caller of callers) {
        const tenant = caller.profileId ? byProfile.get(caller.profileId) : undefined;
        if (caller.profileId) {
            seenProfiles.add(caller.profileId);
            if (!tenant)
                discrepancies.push({ kind: 'unknown', what: 'profile', id: caller.profileId, detail: `profile ${caller.name} is recorded for no tenant` });
        }
        const workspaces = [];
        for (const g of await caller.client.listGroups()) {
            const id = g.id.toLowerCase();
            if (g.name.toLowerCase() === template || (caller.profileId === undefined && byWorkspace.has(id)))
                continue;
            const [models, reports, dataflows] = await Promise.all([caller.client.listDatasets(g.id), caller.client.listReports(g.id), caller.client.listDataflows(g.id)]);
            const owner = byWorkspace.get(id);
            workspaces.push({ id: g.id, name: g.name, tenant: owner, models, reports, dataflows });
            seenWorkspaces.add(id);
            if (!owner) {
                discrepancies.push({ kind: 'unknown', tenant, what: 'workspace', id: g.id, detail: `workspace ${g.name} is recorded for no tenant` });
                continue;
            }
            if (tenant && owner !== tenant)
                discrepancies.push({ kind: 'mismatched', tenant, what: 'workspace', id: g.id, detail: `the profile of ${tenant} sees ${owner}'s workspace ${g.name}` });
            await compareWorkspace(host, owner, records.get(owner), { models, reports }, caller.name, discrepancies);
        }
        identities.push({ name: caller.name, profileId: caller.profileId, tenant, workspaces });
    }
    for (const [code, r] of records) {
        const profile = r.get(KEYS.profile);
        if (profile && host.platform.powerbi.tenantProfiles && !seenProfiles.has(profile))
            discrepancies.push({ kind: 'missing', tenant: code, what: 'profile', id: profile, detail: `${code}'s profile is gone` });
        const ws = r.get(KEYS.workspace);
        if (ws && !seenWorkspaces.has(ws))
            discrepancies.push({ kind: 'missing', tenant: code, what: 'workspace', id: ws, detail: `${code}'s workspace is not visible to its profile` });
    }
    return { principalWorkspaces: await principal.countGroups(), identities, discrepancies };
}
async function compareWorkspace(host, code, records, seen, callerName, out) {
    const modelId = records.get(KEYS.model);
    const model = seen.models.find((m) => m.id.toLowerCase() === modelId);
    if (modelId && !model)
        out.push({ kind: 'missing', tenant: code, what: 'model', id: modelId, detail: `${code}'s semantic model is gone` });
    for (const m of seen.models) {
        if (m.id.toLowerCase() !== modelId)
            out.push({ kind: 'unknown', tenant: code, what: 'model', id: m.id, detail: `model ${m.name} is not the one the registry records` });
    }
    if (model && host.platform.powerbi.tenantProfiles && callerName !== 'principal' && model.configuredBy?.toLowerCase() !== callerName.toLowerCase()) {
        out.push({ kind: 'mismatched', tenant: code, what: 'model', id: model.id, detail: `owned by ${model.configuredBy}, not by the tenant's profile` });
    }
    const mappings = await (0,src_registry/* listReportMappings */.UJ)(await host.registry(), code);
    const mapped = new Map(mappings.map((m) => [m.tenantReportId.toLowerCase(), m]));
    const present = new Set(seen.reports.map((r) => r.id.toLowerCase()));
    for (const r of seen.reports) {
        if (!mapped.has(r.id.toLowerCase()))
            out.push({ kind: 'unknown', tenant: code, what: 'report', id: r.id, detail: `report ${r.name} maps to no template` });
        else if (modelId && r.datasetId?.toLowerCase() !== modelId)
            out.push({ kind: 'mismatched', tenant: code, what: 'report', id: r.id, detail: `report ${r.name} is bound to ${r.datasetId ?? 'nothing'}, not to the tenant's model` });
    }
    for (const m of mappings) {
        if (!present.has(m.tenantReportId.toLowerCase()))
            out.push({ kind: 'missing', tenant: code, what: 'report', id: m.tenantReportId, detail: `the report of "${m.templateName}" is gone` });
    }
}
function renderDiscovery(d) {
    const lines = [`principal: member of ${d.principalWorkspaces} of 1,000 workspaces`];
    for (const id of d.identities) {
        if (id.name === 'principal' && !id.workspaces.length)
            continue;
        lines.push(`${id.name}${id.tenant ? ` (${id.tenant})` : ''}: ${id.workspaces.map((w) => `${w.name} [${w.models.length} model(s), ${w.reports.length} report(s), ${w.dataflows.length} dataflow(s)]`).join('; ') || 'no workspaces'}`);
    }
    lines.push(d.discrepancies.length ? `${d.discrepancies.length} discrepancy(ies):` : 'no discrepancies: Power BI and the registry agree');
    for (const x of d.discrepancies)
        lines.push(`  ${x.kind.padEnd(10)} ${x.what.padEnd(9)} ${x.id}${x.tenant ? ` (${x.tenant})` : ''}: ${x.detail}`);
    return lines.join('\n');
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/powerbi/catalog-sync.ts
// `tenantops catalog sync`: reads the template workspace, parses its report names with the
// catalog's rules and shows (or writes into templates/reports.yaml) what changed, so a template
// published in Power BI becomes a reviewed commit. A new report takes the module of its earlier
// versions (same provider code and persona), else of the same persona elsewhere; one with no such
// relative is listed for a person to place, never guessed.



async function syncCatalog(host, catalog, providers) {
    const workspace = await host.powerbi().templateWorkspace();
    const diff = (0,src_catalog/* diffCatalog */.hM)(catalog, workspace.reports.map((r) => r.name), providers);
    const additions = diff.added.map((a) => {
        const sibling = catalog.find((r) => r.providerCode === a.providerCode && r.persona === a.persona) ?? catalog.find((r) => r.persona === a.persona);
        return { name: a.name, module: sibling?.module };
    });
    return { diff, additions };
}
/**
 * Writes the placeable additions and the removals into the catalog file, keeping its comments and
 * order: removed entries are cut, added ones appended. Returns what could not be written.
 */
async function writeCatalogSync(root, sync) {
    const file = (0,external_node_path_.join)(root, src_catalog/* REPORTS_FILE */.xt);
    let text = await (0,promises_.readFile)(file, 'utf8');
    let written = 0;
    for (const name of sync.diff.removed) {
        const entry = new RegExp(`^\\s*- name: ${catalog_sync_escapeRegExp(name)}\\s*\\n\\s+module: .*\\n`, 'm');
        if (entry.test(text)) {
            text = text.replace(entry, '');
            written++;
        }
    }
    const placeable = sync.additions.filter((a) => a.module);
    if (placeable.length) {
        if (!text.endsWith('\n'))
            text += '\n';
        text += `  # added by tenantops catalog sync\n${placeable.map((a) => `  - name: ${a.name}\n    module: ${a.module}\n`).join('')}`;
        written += placeable.length;
    }
    if (written)
        await (0,promises_.writeFile)(file, text);
    return { written, unplaced: sync.additions.filter((a) => !a.module).map((a) => a.name) };
}
function renderCatalogSync(sync) {
    const { diff } = sync;
    if (!diff.added.length && !diff.removed.length && !diff.unparseable.length)
        return 'the catalog matches the template workspace';
    const lines = [];
    for (const a of sync.additions)
        lines.push(`+ ${a.name}${a.module ? ` (module ${a.module})` : ' (no module: choose one in templates/reports.yaml)'}`);
    for (const r of diff.removed)
        lines.push(`- ${r}`);
    for (const u of diff.unparseable)
        lines.push(`! ${u.name}: ${u.reason}`);
    return lines.join('\n');
}
function catalog_sync_escapeRegExp(s) {
    return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

;// CONCATENATED MODULE: ./src/powerbi/index.ts
// powerbi: the Power BI REST client, the run's identities (principal and per-tenant profiles),
// the tenant's resources (profile, workspace, capacity, access, semantic model, refresh,
// reports), verification, and the operations (refresh, discover, catalog sync).












/***/ }),

/***/ 86684:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AL: () => (/* reexport */ CAPABILITY_NAMES),
  bu: () => (/* reexport */ resources_KIND_LABELS),
  So: () => (/* reexport */ apply_applyTenants),
  AM: () => (/* reexport */ approveGoLive),
  nL: () => (/* reexport */ checkProvisionGate),
  DG: () => (/* reexport */ isLive),
  S$: () => (/* reexport */ listOperationHistory),
  IV: () => (/* reexport */ loadInputs),
  Gk: () => (/* reexport */ loadSequence),
  wt: () => (/* reexport */ loadValidInputs),
  Y_: () => (/* reexport */ offboardTenant),
  cK: () => (/* reexport */ offlinePlanOf),
  LL: () => (/* reexport */ operationContext),
  c3: () => (/* reexport */ operationFindings),
  vR: () => (/* reexport */ parseAcceptedHashes),
  v0: () => (/* reexport */ parseSandboxInfo),
  vd: () => (/* reexport */ planForReview),
  bZ: () => (/* reexport */ plan_planOnline),
  fY: () => (/* reexport */ planSequence),
  P6: () => (/* reexport */ rebuildRegistry),
  SL: () => (/* reexport */ recordQaChecklist),
  E4: () => (/* reexport */ renderChecklistMarkdown),
  IL: () => (/* reexport */ renderChecklistText),
  Ht: () => (/* reexport */ renderReviewDetails),
  Nt: () => (/* reexport */ renderReviewLine),
  J$: () => (/* reexport */ renderRolloutMarkdown),
  fK: () => (/* reexport */ resumeRollout),
  ub: () => (/* reexport */ retryRollout),
  Nc: () => (/* reexport */ reviewHashes),
  vy: () => (/* reexport */ rollbackLiveTenant),
  Tp: () => (/* reexport */ rollbackTenant),
  OI: () => (/* reexport */ rolloutStatus),
  Yq: () => (/* reexport */ runChecklist),
  xj: () => (/* reexport */ runOperation),
  v1: () => (/* reexport */ sandboxRun),
  Nq: () => (/* reexport */ sandboxTarget),
  Mu: () => (/* reexport */ plan_selectTenants),
  wz: () => (/* reexport */ startRollout),
  me: () => (/* reexport */ resources_tenantContext),
  cE: () => (/* reexport */ tenantSubPlan),
  F5: () => (/* reexport */ with_run_withRun)
});

// UNUSED EXPORTS: CHECKLIST_IDS, REBUILD_PLAN_HASH, SANDBOX_FILE_VARIABLE, SANDBOX_INFO_VERSION, TEARDOWN_ORDER, checkDerivedNameCollisions, contextFactory, createServices, deliverGoLiveMail, deliverMailAfterApply, deliverPendingMail, deployPowerBi, goLiveTenant, maskConnectionString, planTenants, provisionDb, renderCertificateMarkdown, renderSummaryMarkdown, runDnsStep, tenantGraphs, tenantResources

// EXTERNAL MODULE: ./src/catalog/index.ts + 6 modules
var src_catalog = __webpack_require__(44046);
// EXTERNAL MODULE: ./src/config/index.ts + 14 modules
var src_config = __webpack_require__(46932);
// EXTERNAL MODULE: ./src/errors/index.ts
var src_errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/registry/index.ts + 24 modules
var src_registry = __webpack_require__(25470);
// EXTERNAL MODULE: ./src/db/index.ts + 29 modules
var db = __webpack_require__(40919);
// EXTERNAL MODULE: ./src/naming/index.ts + 1 modules
var naming = __webpack_require__(52135);
;// CONCATENATED MODULE: ./src/run/name-collisions.ts


const checkDerivedNameCollisions = (tenants, platform) => (0,naming/* findNameCollisions */.mQ)([...platformClaims(platform), ...tenants.flatMap((t) => tenantClaims(t, platform))])
    .filter((c) => c.claim.at)
    .map(({ claim, others }) => ({ file: claim.at.file, field: claim.at.field, message: describeCollision(claim, others) }));
function describeCollision(claim, others) {
    const at = claim.at;
    // Tenants merely living in a shared database are not news when the platform names it.
    const listed = others.some((o) => !o.at) ? others.filter((o) => !(o.shared && o.at)) : others;
    const holders = listed.map((o) => `${o.what} "${o.name}" of ${o.at ? o.at.file : o.owner}`).join(' and ');
    if (at.value === claim.name) {
        return `${at.field} "${at.value}" collides with ${holders} (${claim.space}, compared as they read); allowed: a ${at.field} that reads differently from every other tenant's`;
    }
    return (`${at.field} "${at.value}" derives ${claim.what} "${claim.name}" (${claim.space}), which is already ${holders}; ` +
        `allowed: a ${at.field} whose derived names no other tenant and no platform name use`);
}
function platformClaims(platform) {
    const claims = [];
    for (const [cluster, config] of Object.entries(platform.clusters)) {
        const space = `databases on cluster ${cluster}`;
        for (const name of naming/* SERVER_DATABASES */.Lw)
            claims.push({ space, name, owner: 'PostgreSQL itself', what: 'the database' });
        // Schema tenants share it with the platform, so the claim is shared; a tenant's own database may not be it.
        if (config.database)
            claims.push({ space, name: config.database, owner: `platform.yaml clusters.${cluster}.database`, what: 'the shared database', shared: true });
    }
    claims.push({ space: 'Power BI workspaces', name: platform.powerbi.templateWorkspace, owner: 'platform.yaml powerbi.templateWorkspace', what: 'the template workspace' });
    return claims;
}
function tenantClaims({ file, config }, platform) {
    const names = (0,naming/* deriveNames */.On)(config.code);
    const strategy = (0,db/* chooseIsolation */.I1)(config);
    const store = strategy.locate(config, platform, names);
    const byCode = { file, field: 'code', value: config.code };
    const bySubdomain = { file, field: 'subdomain', value: config.subdomain };
    const claims = [];
    const cluster = store.clusterName;
    if (cluster !== undefined) {
        // A tenant in its cluster's shared database shares it; one with its own database holds it alone.
        claims.push({ space: `databases on cluster ${cluster}`, name: store.database, owner: file, at: byCode, what: 'the database', shared: !strategy.ownDatabase });
        claims.push({ space: `schemas in database ${store.database} on cluster ${cluster}`, name: store.schema, owner: file, at: byCode, what: 'the schema' });
        const roles = strategy.roles(config, names);
        for (const purpose of ['owner', 'app', 'bi']) {
            if (roles.managed[purpose])
                claims.push({ space: `roles on cluster ${cluster}`, name: roles.labels[purpose], owner: file, at: byCode, what: 'the role' });
        }
    }
    claims.push({ space: 'Power BI workspaces', name: names.workspace, owner: file, at: byCode, what: 'the workspace' });
    claims.push({ space: 'service principal profiles', name: names.profile, owner: file, at: byCode, what: 'the profile' });
    const zone = `names in the DNS zone ${platform.dns.zone}`;
    claims.push({ space: zone, name: config.subdomain, key: (0,naming/* dnsLabelSkeleton */.B)(config.subdomain), owner: file, at: bySubdomain, what: 'the subdomain' });
    claims.push({ space: zone, name: (0,naming/* ownershipRecordName */.mo)(config.subdomain), owner: file, at: bySubdomain, what: 'the ownership record' });
    return claims;
}

;// CONCATENATED MODULE: ./src/run/inputs.ts
// Everything a command needs from the repository, loaded once: the provider registry and the
// report catalog from templates/, then the tenant files and platform.yaml validated against them.
// Findings of all files come back together; nothing throws for bad input.





async function loadInputs(root, options = {}) {
    const catalog = await (0,src_catalog/* loadCatalog */.ak)(root);
    const repo = await (0,src_config/* loadRepository */.rV)(root, { paths: options.paths, providers: catalog.registry, rules: [checkDerivedNameCollisions] });
    // The features reports are linked to: checked with the catalog, before any plan needs them.
    const modules = catalog.findings.length ? [] : (0,src_registry/* checkModuleFeatures */.a2)(root, catalog.registry.modules, catalog.reports);
    const findings = (0,src_errors/* sortFindings */.Tc)([...catalog.findings, ...modules, ...repo.findings, ...unknownPinnedTenants(catalog.pins, repo.tenants)]);
    const errors = findings.filter((f) => f.severity !== 'warning');
    if (errors.length || !repo.platform)
        return { findings };
    return {
        inputs: { root, platform: repo.platform, tenants: repo.tenants, catalog: catalog.reports, providers: catalog.registry, pins: catalog.pins },
        findings,
    };
}
/** A pin naming a tenant that has no file holds nobody: a typo would silently roll back nothing. */
function unknownPinnedTenants(pins, tenants) {
    const known = new Set(tenants.map((t) => t.config.code));
    return pins.flatMap((pin) => pin.tenants.filter((t) => !known.has(t.code)).map((t) => ({
        file: pin.file, line: t.line, col: t.col,
        message: `pin ${JSON.stringify(pin.name)} names tenant ${JSON.stringify(t.code)}, which has no file in tenants/; allowed: the code of an existing tenant`,
    })));
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ./src/run/sandbox-target.ts
// A run pointed at a local sandbox: `.tenantops/sandbox.json` (a plain JSON contract, version 2,
// written by `npm start -- --keep`) turned into platform.yaml with the sandbox's hosts and
// authority, the secrets platform.yaml and the tenant files name, and the endpoints the services
// reach. `npm start`, `tenantops <command> --sandbox` and any run whose environment names a
// sandbox.json in TENANTOPS_SANDBOX all go through here, so they cannot drift.



/**
 * The variable that points every run of a process at a sandbox: the path of its sandbox.json.
 * Steps started by a local workflow runner cannot take `--sandbox` (the workflows are GitHub's),
 * so the runner's environment carries this instead. Unset (as on GitHub), nothing changes.
 */
const SANDBOX_FILE_VARIABLE = 'TENANTOPS_SANDBOX';
const SANDBOX_INFO_VERSION = 2;
/** Parses sandbox.json; a file of another version or shape is the user's to regenerate (exit 2). */
function parseSandboxInfo(text, file) {
    let info;
    try {
        info = JSON.parse(text);
    }
    catch (err) {
        throw new src_errors/* EnvironmentError */.eG(`${file} is not JSON (${err.message}); start the sandbox again with \`npm start -- --keep\``);
    }
    if (info?.version !== SANDBOX_INFO_VERSION) {
        throw new src_errors/* EnvironmentError */.eG(`${file} is version ${String(info?.version)}, this tenantops reads version ${SANDBOX_INFO_VERSION}; start the sandbox again with \`npm start -- --keep\``);
    }
    const missing = ['pid', 'caFile', 'entra', 'identities', 'powerbi', 'fabric', 'postgres', 'encryptionKey'].filter((k) => info[k] === undefined);
    if (missing.length)
        throw new src_errors/* EnvironmentError */.eG(`${file} lacks ${missing.join(', ')}; start the sandbox again with \`npm start -- --keep\``);
    return info;
}
/**
 * The target the sandbox described by `info` offers the repository's platform and tenants; `ca`
 * is the text of `info.caFile`. A cluster or profile platform.yaml gained after the sandbox
 * started has nothing to point at: that is an EnvironmentError asking for a restart.
 */
function sandboxTarget(info, ca, inputs) {
    const platform = structuredClone(inputs.platform);
    const restart = 'restart the sandbox (`npm start -- --keep`) to give it one';
    const env = { [platform.registry.urlSecret]: info.postgres.registry, TENANTOPS_ENCRYPTION_KEY: info.encryptionKey };
    for (const [name, cluster] of Object.entries(platform.clusters)) {
        const url = info.postgres.clusters[name];
        if (!url)
            throw new src_errors/* EnvironmentError */.eG(`cluster "${name}" of platform.yaml has no server in the sandbox; ${restart}`);
        const { hostname, port } = new URL(url);
        Object.assign(cluster, { host: hostname, port: Number(port), sslmode: 'disable' });
        env[cluster.adminSecret] = url;
    }
    for (const [name, profile] of Object.entries(platform.credentialProfiles)) {
        const identity = info.identities.find((i) => i.name === name);
        if (!identity)
            throw new src_errors/* EnvironmentError */.eG(`credential profile "${name}" of platform.yaml has no app registration in the sandbox; ${restart}`);
        Object.assign(profile, { authorityHost: info.entra.authorityHost, tenantId: info.entra.tenantId });
        if (profile.clientSecretSecret)
            env[profile.clientSecretSecret] = identity.clientSecret;
    }
    for (const { config } of inputs.tenants) {
        const url = info.postgres.byod[config.code];
        if ((0,db/* chooseIsolation */.I1)(config).onCustomerServer && config.database.connectionSecret && url)
            env[config.database.connectionSecret] = url;
    }
    const dnsNames = platform.dns.credentials ?? {};
    if (info.godaddy && platform.dns.provider === 'godaddy') {
        if (dnsNames.apiKeySecret)
            env[dnsNames.apiKeySecret] = info.godaddy.key;
        if (dnsNames.apiSecretSecret)
            env[dnsNames.apiSecretSecret] = info.godaddy.secret;
    }
    if (info.smtp && platform.mail)
        pointMailAtSandbox(platform.mail, info.smtp, env);
    // Offboarding's storage account and export key, under the names platform.yaml gives them.
    if (info.blob && platform.offboarding) {
        env[platform.offboarding.blob.connectionSecret] = info.blob.connectionString;
        env[platform.offboarding.exportKeySecret] = info.blob.exportKey;
    }
    return {
        platform,
        env,
        github: info.github ? { GITHUB_API_URL: info.github.url, GITHUB_TOKEN: info.github.token } : {},
        dns: info.godaddy && platform.dns.provider === 'godaddy' ? { apiUrl: info.godaddy.url, ca } : undefined,
        powerbi: { ca, authorityHost: info.entra.authorityHost, powerbiUrl: info.powerbi.url, fabricUrl: info.fabric.url },
        mail: { ca },
    };
}
/**
 * platform.yaml's mail section on the sandbox's SMTP server: its host and port, and for password
 * sign-in its account (the password under the secret name platform.yaml gives). An oauth2 sign-in
 * keeps its profile, whose authority is already the sandbox's Entra.
 */
function pointMailAtSandbox(mail, smtp, env) {
    Object.assign(mail, { host: smtp.host, port: smtp.port });
    if (mail.auth.type === 'password') {
        mail.auth.user = smtp.user;
        env[mail.auth.passwordSecret] = smtp.password;
    }
}
/** What `withRun` opens on the sandbox: the inputs with its platform, services on its endpoints and secrets. */
function sandboxRun(inputs, target, base) {
    // Every value the sandbox hands over is a secret (throwaway, but a secret to whatever prints it):
    // masked before any capability reads it, whatever it reads it for.
    for (const value of Object.values(target.env))
        base.log.mask(value);
    // A connection string's account key is a secret on its own too.
    for (const value of Object.values(target.env))
        for (const part of value.split(';'))
            if (/^AccountKey=./.test(part))
                base.log.mask(part.slice('AccountKey='.length));
    return {
        inputs: { ...inputs, platform: target.platform },
        // The sandbox's secrets win over the caller's environment: `--sandbox` means its world.
        // GitHub's variables are the exception: a workflow step's own GITHUB_TOKEN and API URL (its run's)
        // stay, and the sandbox's GitHub serves only a process that has none.
        options: { log: base.log, env: { ...target.github, ...base.env, ...target.env }, dns: target.dns, powerbi: target.powerbi, mail: target.mail },
    };
}
/**
 * The run as `withRun` opens it: on the sandbox whose sandbox.json TENANTOPS_SANDBOX names (its
 * endpoints over the caller's, its secrets over the environment's), else unchanged.
 */
async function runOnNamedSandbox(inputs, options) {
    const env = options.env ?? process.env;
    const file = env[SANDBOX_FILE_VARIABLE];
    if (!file)
        return { inputs, options };
    const read = (what) => (0,promises_.readFile)(what, 'utf8').catch((err) => {
        throw new src_errors/* EnvironmentError */.eG(`${SANDBOX_FILE_VARIABLE} names ${file}, whose ${what === file ? 'file' : `CA file ${what}`} cannot be read (${err.message})`);
    });
    const info = parseSandboxInfo(await read(file), file);
    const run = sandboxRun(inputs, sandboxTarget(info, await read(info.caFile), inputs), { log: options.log, env });
    return { inputs: run.inputs, options: { ...options, ...run.options, powerbi: { ...options.powerbi, ...run.options.powerbi } } };
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(83849);
;// CONCATENATED MODULE: ./src/dns/normalize.ts
function normalizeZone(zone) {
    return zone.trim().replace(/\.$/, '').toLowerCase();
}
/** `acme` + `tenants.example.com` → `acme.tenants.example.com`; `@` is the zone itself. */
function toFqdn(name, zone) {
    const z = normalizeZone(zone);
    return name === '@' || name === '' ? z : `${name.toLowerCase()}.${z}`;
}
/** The relative name of a fully qualified one, or undefined when it is outside the zone. */
function fromFqdn(fqdn, zone) {
    const name = fqdn.trim().replace(/\.$/, '').toLowerCase();
    const z = normalizeZone(zone);
    if (name === z)
        return '@';
    return name.endsWith(`.${z}`) ? name.slice(0, -(z.length + 1)) : undefined;
}
/**
 * Names inside a hosting zone that is a parent of the platform zone (GoDaddy hosts `example.com`
 * while the platform zone is `tenants.example.com`): `suffix` is the platform zone relative to
 * the hosting zone (`tenants`), empty when both are the same.
 */
function toHostingName(name, suffix) {
    if (!suffix)
        return name;
    return name === '@' ? suffix : `${name}.${suffix}`;
}
function fromHostingName(hostName, suffix) {
    const name = hostName.toLowerCase();
    if (!suffix)
        return name === '' ? '@' : name;
    if (name === suffix)
        return '@';
    return name.endsWith(`.${suffix}`) ? name.slice(0, -(suffix.length + 1)) : undefined;
}
/** Candidate hosting zones for a platform zone, longest first, never a bare TLD. */
function parentZones(zone) {
    const labels = normalizeZone(zone).split('.');
    const out = [];
    for (let i = 0; i <= labels.length - 2; i++)
        out.push(labels.slice(i).join('.'));
    return out;
}
/** One value in canonical form for its type. */
function normalizeValue(type, value) {
    const v = value.trim();
    switch (type.toUpperCase()) {
        case 'CNAME':
        case 'NS':
        case 'PTR':
            return v.replace(/\.$/, '').toLowerCase();
        case 'AAAA':
            return canonicalIpv6(v);
        case 'TXT':
            return parseTxt(v);
        default:
            return v;
    }
}
/** A record set in canonical form. `minTtl` raises a TTL the provider would not store. */
function normalizeSet(set, minTtl = 0) {
    const type = set.type.toUpperCase();
    const values = [...new Set(set.values.map((v) => normalizeValue(type, v)))].sort();
    return { name: set.name.toLowerCase() || '@', type, ttl: Math.max(set.ttl, minTtl), values };
}
function sameRecordSet(a, b) {
    if (!a || !b)
        return a === b;
    const x = normalizeSet(a);
    const y = normalizeSet(b);
    return x.name === y.name && x.type === y.type && x.ttl === y.ttl && x.values.length === y.values.length && x.values.every((v, i) => v === y.values[i]);
}
/** `CNAME 600 app.example.com`: how plans and errors show a set. */
function normalize_describeSet(set) {
    return `${set.type} ${set.ttl} ${set.values.join(', ') || '(no values)'}`;
}
/**
 * TXT presentation (`"chunk one" "chunk two"`, with `\"` and `\\` escapes) → the joined text.
 * Text that is not quoted is taken as it is: GoDaddy and Azure hand out the bare value.
 */
function parseTxt(value) {
    const v = value.trim();
    if (!(v.startsWith('"') && v.endsWith('"') && v.length >= 2))
        return v;
    const chunks = [...v.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
    return chunks.join('');
}
/** The presentation form PowerDNS and Cloudflare expect: quoted, escaped, 255-byte chunks. */
function quoteTxt(value) {
    const chunks = [];
    for (let i = 0; i < value.length || i === 0; i += 255)
        chunks.push(value.slice(i, i + 255));
    return chunks.map((c) => `"${c.replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(' ');
}
/** RFC 5952 text form (lower case, longest zero run compressed), via the URL host serialiser. */
function canonicalIpv6(address) {
    try {
        return new URL(`http://[${address}]/`).hostname.slice(1, -1);
    }
    catch {
        return address.toLowerCase();
    }
}

;// CONCATENATED MODULE: ./src/dns/names.ts



function tenantRecordNames(tenant) {
    const zone = normalizeZone(tenant.platform.dns.zone);
    if (!tenant.hostname.endsWith(`.${zone}`))
        throw new src_errors/* InternalError */.Gd(`${tenant.hostname} is not a name inside the DNS zone ${zone}`);
    const name = tenant.hostname.slice(0, -(zone.length + 1));
    return { zone, name, ownershipName: (0,naming/* ownershipRecordName */.mo)(name) };
}

;// CONCATENATED MODULE: ./src/dns/ownership.ts
const HERITAGE = 'tenantops';
function ownerIdOf(platform) {
    return platform.dns.ownerId ?? platform.name;
}
function ownershipValue(platform, tenant) {
    return formatOwnership({ heritage: HERITAGE, platform: ownerIdOf(platform), tenant: tenant.code });
}
function formatOwnership(claim) {
    return `heritage=${claim.heritage},platform=${claim.platform},tenant=${claim.tenant}`;
}
/** The claim in a TXT value, or undefined when the value is not one of ours. */
function parseOwnership(value) {
    const fields = new Map();
    for (const part of value.split(',')) {
        const eq = part.indexOf('=');
        if (eq > 0)
            fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    const heritage = fields.get('heritage');
    const platform = fields.get('platform');
    const tenant = fields.get('tenant');
    if (heritage !== HERITAGE || !platform || !tenant)
        return undefined;
    return { heritage, platform, tenant };
}
/** The tenant of this platform an ownership TXT set names, if any. */
function claimedTenant(set, ownerId) {
    for (const v of set?.values ?? []) {
        const claim = parseOwnership(v);
        if (claim && claim.platform === ownerId)
            return claim.tenant;
    }
    return undefined;
}
/**
 * How many record sets of the zone this platform provably owns: each ownership TXT that names it,
 * plus the sets of the managed types at the name it covers. The base of the safety threshold.
 */
function countOwnedSets(sets, ownerId, managedTypes) {
    const byName = new Map();
    for (const s of sets)
        byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    let owned = 0;
    for (const s of sets) {
        if (s.type !== 'TXT' || !s.name.startsWith('_tenantops.'))
            continue;
        if (claimedTenant(s, ownerId) === undefined)
            continue;
        owned += 1;
        const name = s.name.slice('_tenantops.'.length);
        owned += (byName.get(name) ?? []).filter((r) => managedTypes.includes(r.type)).length;
    }
    return owned;
}

// EXTERNAL MODULE: ./src/plan/index.ts + 18 modules
var src_plan = __webpack_require__(61716);
// EXTERNAL MODULE: external "node:dns/promises"
var external_node_dns_promises_ = __webpack_require__(71553);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(77030);
// EXTERNAL MODULE: external "node:timers/promises"
var external_node_timers_promises_ = __webpack_require__(58500);
// EXTERNAL MODULE: ./src/http/index.ts + 4 modules
var src_http = __webpack_require__(27201);
;// CONCATENATED MODULE: ./src/dns/providers/common.ts
// What every provider shares: its HTTP client (naming the tenant in errors when a call is made for
// one), finding the hosting zone once, the identity / counts / probe part of the provider,
// grouping flat record lists into name+type sets, and the real sleep used when no clock is injected.



const realSleep = (ms, signal) => (0,external_node_timers_promises_.setTimeout)(ms, undefined, { signal });
/** `settings` says what is the provider's own (service, URL, credentials, and any override). */
function createProviderHttp(options, settings) {
    const http = (0,src_http/* createHttpClient */.uT)({ ca: options.ca, retry: options.retry, log: options.log, sleep: options.sleep ?? realSleep, now: options.now, ...settings });
    return { http, client: (ctx) => (ctx?.tenant ? http.withContext({ tenant: ctx.tenant }) : http) };
}
/**
 * A provider from its own record-set calls: the identity, the call counts and the probe (find the
 * hosting zone) are the same shape for every provider.
 */
function assembleProvider(identity, http, findZone, records) {
    return {
        ...identity,
        // A getter: the client's counts grow after the provider is made.
        get counts() {
            return http.counts;
        },
        async probe(ctx) {
            await findZone(ctx);
        },
        ...records,
    };
}
/**
 * `find` runs once and its answer is kept for the provider's lifetime; a failure is not kept, so
 * the next call tries again (a later run may succeed once the operator fixed what it named).
 */
function keepOnSuccess(find) {
    let found;
    return (ctx) => (found ??= find(ctx).catch((err) => {
        found = undefined;
        throw err;
    }));
}
/** Name, then type: the stable order of a zone listing. */
function compareSets(a, b) {
    return a.name < b.name ? -1 : a.name > b.name ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}
/** Flat records → normalised sets, in name then type order (a stable listing). */
function groupRecordSets(records, view) {
    const sets = new Map();
    for (const r of records) {
        const { name, type, ttl, value } = view(r);
        const key = `${name.toLowerCase()}\u0000${type.toUpperCase()}`;
        const set = sets.get(key);
        if (set) {
            set.values.push(value);
            set.ttl = Math.min(set.ttl, ttl);
        }
        else
            sets.set(key, { name, type, ttl, values: [value] });
    }
    return [...sets.values()].map((s) => normalizeSet(s)).sort(compareSets);
}

;// CONCATENATED MODULE: ./src/dns/verify.ts
// Verification by query: after apply, ask the zone's authoritative server (not a recursive
// resolver, whose cache would hide the change) what it now answers for the tenant's name.
// Cloud providers take a moment to publish, so a missing or stale answer is asked again.





/** One query of `type` for `fqdn` at `server` (`host` or `host:port`). */
async function queryServer(server, fqdn, type, timeoutMs = 2000) {
    let address;
    try {
        address = await toAddress(server);
    }
    catch (err) {
        // The server's own name does not resolve: nobody to ask, which is not an answer.
        return { reachable: false, answer: [], error: `${server}: ${err.code ?? err.message}` };
    }
    const resolver = new external_node_dns_promises_.Resolver({ timeout: timeoutMs, tries: 1 });
    try {
        resolver.setServers([address]);
        let answer;
        switch (type.toUpperCase()) {
            case 'CNAME':
                answer = await resolver.resolveCname(fqdn);
                break;
            case 'A':
                answer = await resolver.resolve4(fqdn);
                break;
            case 'AAAA':
                answer = await resolver.resolve6(fqdn);
                break;
            case 'TXT':
                answer = (await resolver.resolveTxt(fqdn)).map((chunks) => chunks.join(''));
                break;
            default:
                throw new Error(`cannot verify ${type} records by query`);
        }
        return { reachable: true, answer: [...new Set(answer.map((v) => normalizeValue(type, v)))].sort() };
    }
    catch (err) {
        const code = err.code ?? err.message;
        // NXDOMAIN and NODATA are answers: the server is there and says "nothing (yet)".
        return { reachable: code === 'ENOTFOUND' || code === 'ENODATA', answer: [], error: code };
    }
    finally {
        resolver.cancel();
    }
}
/**
 * Queries until the server answers `expected` (or `attempts` run out) and returns the last result.
 * An unreachable server is not asked again: the caller reports it and relies on the API read-back.
 */
async function awaitAnswer(server, fqdn, type, expected, options = {}) {
    const attempts = options.attempts ?? 10;
    const sleep = options.sleep ?? realSleep;
    const want = [...expected].sort().join('\n');
    let result = { reachable: false, answer: [] };
    for (let i = 1; i <= attempts; i++) {
        result = await queryServer(server, fqdn, type, options.timeoutMs);
        if (!result.reachable || result.answer.join('\n') === want)
            return result;
        if (i < attempts)
            await sleep(options.intervalMs ?? 2000);
    }
    return result;
}
/** `host:port` with the host resolved to an address, as c-ares wants it. */
async function toAddress(server) {
    const m = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(server.includes(':') && !server.includes(']') && server.split(':').length > 2 ? `[${server}]` : server);
    const host = m?.[1] ?? server;
    const port = m?.[2];
    const address = (0,external_node_net_.isIP)(host) ? host : (await (0,external_node_dns_promises_.lookup)(host)).address;
    if (!port)
        return address;
    return (0,external_node_net_.isIP)(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

;// CONCATENATED MODULE: ./src/dns/resources.ts
// The two DNS resources of a tenant: its ownership TXT and its record (CNAME, or A / AAAA), the
// TXT first. Reads come from one listing of the zone; diffs refuse any set tenantops cannot prove
// it owns (unless the tenant file says `dns.takeover: true`), delete only with the gate's force,
// and declare each change of an owned set towards the zone-wide threshold, which the plan judges
// over the whole run (octoDNS's).





function dnsServiceOf(ctx) {
    const services = ctx.services.tenantops;
    if (!services?.dns)
        throw new src_errors/* EnvironmentError */.eG(`tenant ${ctx.tenant}: DNS needs live services, but the run is offline; plan with --offline`);
    return services.dns();
}
function createDnsResource(spec, lookup = dnsServiceOf) {
    const fqdn = toFqdn(spec.name, spec.zone);
    const resource = {
        key: spec.key,
        kind: spec.kind,
        dependsOn: spec.dependsOn,
        desired: spec.desired,
        async read(ctx) {
            const service = lookup(ctx);
            const zone = await service.zoneFor(ctx);
            const ownership = zone.find(spec.ownershipName, 'TXT');
            const claimed = claimedTenant(ownership, service.ownerId);
            const owner = claimed === spec.tenant ? 'this-tenant' : ownership ? 'other' : 'none';
            const set = zone.find(spec.name, spec.type);
            const blocking = zone.at(spec.name).filter((s) => s.type !== spec.type && conflictsWith(spec.type, s.type));
            return { set, owner, ownerValues: owner === 'other' ? ownership?.values : undefined, blocking, minTtl: service.provider.minTtl, ownedInZone: zone.owned };
        },
        diff(desired, actual) {
            const change = planChange(spec, desired, actual);
            // Only a set provably ours that would change or go counts: creates and takeovers touch nothing we own.
            if (!change || !actual || actual.owner !== 'this-tenant' || !actual.set || change.action === 'create')
                return change;
            return { ...change, safetyGroup: zoneThreshold(spec, actual.ownedInZone) };
        },
        async apply(ctx, change, actual) {
            const dns = lookup(ctx);
            const call = { tenant: ctx.tenant, resource: spec.key, signal: ctx.signal };
            // Right before writing, the set must still be what the plan saw: anything else is someone
            // else's change, and overwriting it is exactly what ownership records exist to prevent.
            const current = await dns.provider.readRecordSet(spec.name, spec.type, call);
            if (!sameRecordSet(current, actual?.set)) {
                throw new src_errors/* UnsafePlanError */.Qm([
                    `tenant ${spec.tenant}: ${fqdn} ${spec.type} changed since it was planned (planned ${show(actual?.set)}, now ${show(current)}); nothing was written: plan again`,
                ]);
            }
            if (change.action === 'delete') {
                if (!ctx.allowDestroy)
                    throw new src_errors/* UnsafePlanError */.Qm([`tenant ${spec.tenant}: deleting ${fqdn} ${spec.type} needs the approved gate (force)`]);
                await dns.provider.deleteRecordSet(spec.name, spec.type, call);
                return undefined;
            }
            const desired = effective(spec.desired, dns.provider.minTtl);
            // What blocks the set (an owned CNAME when the platform moved to A records, or what the
            // tenant file took over) goes first: the provider would refuse the new set beside it.
            for (const b of actual?.blocking ?? [])
                await dns.provider.deleteRecordSet(b.name, b.type, call);
            // A set read as absent just now is a create, which a provider may batch across tenants.
            if (!current && dns.provider.createRecordSet)
                await dns.provider.createRecordSet(desired, call);
            else
                await dns.provider.replaceRecordSet(desired, call);
            return { set: desired, owner: 'this-tenant', blocking: [], minTtl: dns.provider.minTtl, ownedInZone: actual?.ownedInZone ?? 0 };
        },
        async verify(ctx) {
            if (!spec.desired)
                return;
            const dns = lookup(ctx);
            const expected = effective(spec.desired, dns.provider.minTtl);
            const readBack = await dns.provider.readRecordSet(spec.name, spec.type, { tenant: ctx.tenant, resource: spec.key, signal: ctx.signal });
            if (!sameRecordSet(readBack, expected)) {
                throw new Error(`${fqdn} ${spec.type} reads back as ${show(readBack)}, expected ${show(expected)}`);
            }
            const report = { tenant: spec.tenant, fqdn, type: spec.type, expected: expected.values, readBack: readBack.values };
            const server = dns.provider.nameserver;
            if (!server) {
                dns.verifications.push({ ...report, note: 'no authoritative server configured to query; checked through the API' });
                ctx.log.info(`${spec.tenant}: ${fqdn} ${spec.type} ${expected.values.join(', ')} (read back through the ${dns.provider.name} API)`);
                return;
            }
            const result = await awaitAnswer(server, fqdn, spec.type, expected.values, { sleep: dns.sleep });
            if (!result.reachable) {
                dns.verifications.push({ ...report, server, note: `authoritative server not reachable (${result.error}); checked through the API` });
                ctx.log.warn(`${spec.tenant}: ${fqdn}: authoritative server ${server} not reachable (${result.error}); the ${dns.provider.name} API reads back ${expected.values.join(', ')}`);
                return;
            }
            dns.verifications.push({ ...report, server, answer: result.answer });
            const same = result.answer.join('\n') === [...expected.values].sort().join('\n');
            if (!same)
                throw new Error(`${fqdn} ${spec.type}: the authoritative server ${server} answers ${result.answer.join(', ') || `nothing (${result.error})`}, expected ${expected.values.join(', ')}`);
            ctx.log.info(`${spec.tenant}: ${fqdn} ${spec.type} → ${result.answer.join(', ')} (answered by ${server})`);
        },
    };
    return resource;
}
/** The plan for one set, without the threshold. Throws UnsafePlanError on an ownership conflict. */
function planChange(spec, desired, actual) {
    if (!actual) {
        // Offline: planned against an empty world.
        return desired ? { action: 'create', fields: fieldsOf(desired, undefined), summary: summarize('create', desired, spec.zone) } : undefined;
    }
    const owned = actual.owner === 'this-tenant';
    const occupied = actual.set !== undefined || actual.blocking.length > 0;
    if (!desired) {
        if (!owned || !actual.set)
            return undefined; // never delete what is not provably ours
        return {
            action: 'delete',
            fields: fieldsOf(undefined, actual.set),
            summary: summarize('delete', actual.set, spec.zone),
            destroysData: true,
            reason: `removes ${toFqdn(spec.name, spec.zone)} from public DNS (the tenant is decommissioned)`,
        };
    }
    const want = effective(desired, actual.minTtl);
    // Everything at a name we own is ours to change (our CNAME where the platform now wants an A
    // record); anything at a name we cannot prove is ours is refused unless the tenant file says so.
    if (occupied && !owned && !spec.takeover)
        throw conflict(spec, actual);
    if (!occupied)
        return { action: 'create', fields: fieldsOf(want, undefined), summary: summarize('create', want, spec.zone) };
    if (sameRecordSet(want, actual.set) && actual.blocking.length === 0)
        return undefined;
    const before = actual.set ?? actual.blocking[0];
    const verb = owned ? 'update' : 'take over';
    return { action: 'update', fields: fieldsOf(want, before), summary: `${verb} ${spec.type} ${toFqdn(spec.name, spec.zone)} → ${want.values.join(', ')} (was ${normalize_describeSet(before)})` };
}
/** The zone-wide threshold every owned set of the zone shares, across tenants. */
function zoneThreshold(spec, ownedInZone) {
    return {
        id: `dns zone ${spec.zone}`,
        title: `zone-wide DNS safety threshold of ${spec.zone}`,
        noun: 'tenantops-owned record sets',
        existing: ownedInZone,
        maxShare: spec.threshold.maxShare,
        minExisting: spec.threshold.minRecords,
    };
}
function effective(desired, minTtl) {
    return normalizeSet(desired, minTtl);
}
function fieldsOf(after, before) {
    const view = (s) => (s ? { type: s.type, ttl: s.ttl, values: s.values } : undefined);
    return (0,src_plan/* diffFields */.p5)(view(after), view(before))?.fields ?? [];
}
function summarize(action, set, zone) {
    return `${action} ${set.type} ${toFqdn(set.name, zone)} ${action === 'create' ? '→' : 'was'} ${set.values.join(', ')}`;
}
function show(set) {
    return set ? normalize_describeSet(set) : 'absent';
}
/** A CNAME shares its name with nothing; A and AAAA cannot stand beside a CNAME. */
function conflictsWith(wanted, existing) {
    return wanted === 'CNAME' || existing === 'CNAME';
}
function conflict(spec, actual) {
    const fqdn = toFqdn(spec.name, spec.zone);
    const existing = [actual.set, ...actual.blocking].filter((s) => !!s).map((s) => `${s.type} ${s.ttl} ${s.values.join(', ')}`);
    const proof = actual.owner === 'other'
        ? `its ownership record ${toFqdn(spec.ownershipName, spec.zone)} names someone else (${(actual.ownerValues ?? []).join('; ')})`
        : `there is no ownership record ${toFqdn(spec.ownershipName, spec.zone)}`;
    return new src_errors/* UnsafePlanError */.Qm([
        `tenant ${spec.tenant}: ${fqdn} already exists and tenantops cannot prove it owns it: ${proof}. Existing: ${existing.join('; ')}. ` +
            `Remove it, or set dns.takeover: true in ${spec.tenantFile} to take it over.`,
    ]);
}

;// CONCATENATED MODULE: ./src/dns/desired.ts




function desiredDnsResources(tenant) {
    const { config, platform } = tenant;
    const { dns } = platform;
    const { zone, name, ownershipName } = tenantRecordNames(tenant);
    const gone = config.lifecycle === 'decommissioned';
    const common = {
        tenant: config.code,
        tenantFile: `tenants/${config.code}.yaml`,
        zone,
        ownershipName,
        takeover: config.dns?.takeover ?? false,
        threshold: dns.changeThreshold,
    };
    const desired = (set) => (gone ? undefined : normalizeSet(set));
    const ownership = createDnsResource({
        ...common,
        key: 'dns/ownership',
        kind: 'dns.ownership',
        name: ownershipName,
        type: 'TXT',
        dependsOn: [],
        desired: desired({ name: ownershipName, type: 'TXT', ttl: dns.ttl, values: [ownershipValue(platform, config)] }),
    });
    const record = createDnsResource({
        ...common,
        key: 'dns/record',
        kind: 'dns.record',
        name,
        type: dns.recordType,
        // The ownership record goes first, so a crash never leaves a record nobody can prove is ours.
        dependsOn: ['dns/ownership'],
        desired: desired({ name, type: dns.recordType, ttl: dns.ttl, values: [recordTarget(config, platform)] }),
    });
    return [ownership, record];
}
/**
 * Where a suspended tenant's record points: dns.maintenanceTarget unless suspend.dns is keep
 * (the platform rules refuse maintenance without a target); undefined keeps dns.target.
 */
function suspendDnsTarget(platform) {
    return platform.suspend?.dns === 'keep' ? undefined : platform.dns.maintenanceTarget;
}
/** What the tenant's record points at in its lifecycle. */
function recordTarget(config, platform) {
    return (config.lifecycle === 'suspended' && suspendDnsTarget(platform)) || platform.dns.target;
}

;// CONCATENATED MODULE: ./src/dns/capability.ts

const dnsCapability = {
    name: 'dns',
    desiredResources: desiredDnsResources,
};

// EXTERNAL MODULE: ./src/auth/index.ts + 1 modules
var src_auth = __webpack_require__(59862);
;// CONCATENATED MODULE: ./src/dns/providers/azure.ts
// Azure DNS through Azure Resource Manager, api-version 2018-05-01
// (https://learn.microsoft.com/rest/api/dns/record-sets): a record set is one ARM resource,
// `.../dnsZones/{zone}/{type}/{relativeName}`, read with GET, written with PUT, removed with
// DELETE. Writes carry the etag of what was read (`If-Match`, or `If-None-Match: *` when it was
// absent), so a set changed by someone else since the plan read it is refused (412), not
// overwritten. The bearer token comes from the platform's credential profile (@azure/identity).



const ARM_ENDPOINT = 'https://management.azure.com';
const AZURE_DNS_API_VERSION = '2018-05-01';
function createAzureDnsProvider(options) {
    const zone = normalizeZone(options.zone);
    const { http, client } = createProviderHttp(options, { service: 'azure-dns', baseUrl: options.baseUrl ?? ARM_ENDPOINT, token: options.token });
    const query = { 'api-version': AZURE_DNS_API_VERSION };
    const zonesPath = `/subscriptions/${encodeURIComponent(options.subscriptionId)}/resourceGroups/${encodeURIComponent(options.resourceGroup)}/providers/Microsoft.Network/dnsZones`;
    /** Last seen etag per `name\0TYPE`; null = read as absent. */
    const etags = new Map();
    const ready = keepOnSuccess(async (ctx) => {
        for (const candidate of parentZones(zone)) {
            try {
                await client(ctx).request('GET', `${zonesPath}/${candidate}`, { query, call: '.../dnsZones/{zone}', signal: ctx?.signal });
                return { zone: candidate, suffix: candidate === zone ? '' : zone.slice(0, -(candidate.length + 1)) };
            }
            catch (err) {
                if (err instanceof src_errors/* RemoteApiError */.F4 && err.details.status === 404)
                    continue;
                throw explain(err);
            }
        }
        throw new src_errors/* EnvironmentError */.eG(`Azure DNS: no zone for ${zone} in resource group ${options.resourceGroup} of subscription ${options.subscriptionId} (tried ${parentZones(zone).join(', ')})`);
    });
    /** 401 / 403 say what to grant. */
    const explain = (err) => err instanceof src_errors/* RemoteApiError */.F4 && (err.details.status === 401 || err.details.status === 403)
        ? new src_errors/* RemoteApiError */.F4(err.details, `Azure refused access to the DNS zones of resource group ${options.resourceGroup}: give the credential profile's service principal the "DNS Zone Contributor" role on the zone`)
        : err;
    const setPath = (h, name, type) => `${zonesPath}/${h.zone}/${type.toUpperCase()}/${encodeURIComponent(toHostingName(name, h.suffix))}`;
    const key = (name, type) => `${name}\u0000${type.toUpperCase()}`;
    const fromArm = (rs, suffix) => {
        const type = (rs.type ?? '').split('/').pop().toUpperCase();
        const name = fromHostingName(rs.name ?? '@', suffix);
        if (name === undefined)
            return undefined;
        if (rs.etag)
            etags.set(key(name, type), rs.etag);
        return normalizeSet({ name, type, ttl: rs.properties?.TTL ?? 3600, values: armValues(type, rs) });
    };
    return assembleProvider({ name: 'azure', zone, minTtl: 1 }, http, ready, {
        async readRecordSet(name, type, ctx) {
            const h = await ready(ctx);
            try {
                const res = await client(ctx).request('GET', setPath(h, name, type), { query, call: '.../dnsZones/{zone}/{type}/{name}', resource: ctx?.resource, signal: ctx?.signal });
                return fromArm(res.body, h.suffix);
            }
            catch (err) {
                if (err instanceof src_errors/* RemoteApiError */.F4 && err.details.status === 404) {
                    etags.set(key(name, type), null);
                    return undefined;
                }
                throw err;
            }
        },
        async replaceRecordSet(set, ctx) {
            const h = await ready(ctx);
            const seen = etags.get(key(set.name, set.type));
            const headers = seen === null ? { 'if-none-match': '*' } : seen ? { 'if-match': seen } : {};
            const res = await client(ctx)
                .request('PUT', setPath(h, set.name, set.type), {
                query,
                headers,
                body: { properties: { TTL: set.ttl, ...armProperties(set) } },
                call: '.../dnsZones/{zone}/{type}/{name}',
                resource: ctx?.resource,
                signal: ctx?.signal,
            })
                .catch((err) => Promise.reject(explain(err)));
            if (res.body?.etag)
                etags.set(key(set.name, set.type), res.body.etag);
        },
        async deleteRecordSet(name, type, ctx) {
            const h = await ready(ctx);
            const seen = etags.get(key(name, type));
            await client(ctx)
                .request('DELETE', setPath(h, name, type), {
                query,
                headers: seen ? { 'if-match': seen } : {},
                expect: [200, 204],
                call: '.../dnsZones/{zone}/{type}/{name}',
                resource: ctx?.resource,
                signal: ctx?.signal,
            })
                .catch((err) => Promise.reject(explain(err)));
            etags.set(key(name, type), null);
        },
        async listZone(ctx) {
            const h = await ready(ctx);
            const sets = [];
            let next = `${zonesPath}/${h.zone}/all`;
            let first = true;
            while (next) {
                const res = await client(ctx).request('GET', next, {
                    query: first ? { ...query, $top: 1000 } : undefined,
                    call: '.../dnsZones/{zone}/all',
                    signal: ctx?.signal,
                });
                first = false;
                for (const rs of res.body?.value ?? []) {
                    const set = fromArm(rs, h.suffix);
                    if (set)
                        sets.push(set);
                }
                next = res.body?.nextLink || undefined;
            }
            return sets.sort(compareSets);
        },
    });
}
function armValues(type, rs) {
    const p = rs.properties ?? {};
    switch (type) {
        case 'CNAME':
            return p.CNAMERecord?.cname ? [p.CNAMERecord.cname] : [];
        case 'A':
            return (p.ARecords ?? []).flatMap((r) => (r.ipv4Address ? [r.ipv4Address] : []));
        case 'AAAA':
            return (p.AAAARecords ?? []).flatMap((r) => (r.ipv6Address ? [r.ipv6Address] : []));
        case 'TXT':
            // Azure keeps a TXT record as its 255-character chunks; the value is their concatenation.
            return (p.TXTRecords ?? []).map((r) => (r.value ?? []).join(''));
        case 'NS':
            return (p.NSRecords ?? []).flatMap((r) => (r.nsdname ? [r.nsdname] : []));
        case 'MX':
            return (p.MXRecords ?? []).map((r) => `${r.preference ?? 0} ${r.exchange ?? ''}`);
        default:
            return [];
    }
}
function armProperties(set) {
    switch (set.type) {
        case 'CNAME':
            return { CNAMERecord: { cname: set.values[0] } };
        case 'A':
            return { ARecords: set.values.map((ipv4Address) => ({ ipv4Address })) };
        case 'AAAA':
            return { AAAARecords: set.values.map((ipv6Address) => ({ ipv6Address })) };
        case 'TXT':
            return { TXTRecords: set.values.map((v) => ({ value: chunk(v, 255) })) };
        default:
            throw new Error(`tenantops does not write ${set.type} record sets`);
    }
}
function chunk(value, size) {
    const out = [];
    for (let i = 0; i < value.length || i === 0; i += size)
        out.push(value.slice(i, i + size));
    return out;
}

;// CONCATENATED MODULE: ./src/dns/providers/cloudflare.ts
// Cloudflare API v4 (https://developers.cloudflare.com/api/resources/dns/subresources/records/):
// records have ids, so a name+type set is read with `GET /zones/{zone_id}/dns_records?name.exact=
// &type=` and replaced or deleted in ONE `POST /zones/{zone_id}/dns_records/batch` (deletes,
// puts and posts run in one database transaction), never record by record. Scoped API token.



const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';
/** Cloudflare's "automatic" TTL (ttl: 1) is 300 seconds. */
const AUTOMATIC_TTL = 300;
function createCloudflareProvider(options) {
    const zone = normalizeZone(options.zone);
    const { http, client } = createProviderHttp(options, { service: 'cloudflare', baseUrl: options.baseUrl ?? CLOUDFLARE_API, token: async () => options.token });
    const ready = keepOnSuccess(async (ctx) => {
        for (const candidate of parentZones(zone)) {
            let res;
            try {
                res = await client(ctx).request('GET', 'zones', { query: { name: candidate }, call: '/zones', signal: ctx?.signal });
            }
            catch (err) {
                if (err instanceof src_errors/* RemoteApiError */.F4 && (err.details.status === 401 || err.details.status === 403)) {
                    throw new src_errors/* RemoteApiError */.F4(err.details, `Cloudflare refused the API token${options.credentialName ? ` (secret ${options.credentialName})` : ''}: it needs the Zone:Read and DNS:Edit permissions on ${zone}`);
                }
                throw err;
            }
            const found = res.body?.result?.find((z) => z.name.toLowerCase() === candidate);
            if (found)
                return found.id;
        }
        throw new src_errors/* EnvironmentError */.eG(`Cloudflare: the API token sees no zone for ${zone} (tried ${parentZones(zone).join(', ')}); check dns.zone in platform.yaml and the token's zone resources`);
    });
    const records = (id) => `zones/${encodeURIComponent(id)}/dns_records`;
    const readRaw = async (name, type, ctx) => {
        const id = await ready(ctx);
        const res = await client(ctx).request('GET', records(id), {
            query: { 'name.exact': toFqdn(name, zone), type: type.toUpperCase(), per_page: 100 },
            call: '/zones/{zone_id}/dns_records',
            resource: ctx?.resource,
            signal: ctx?.signal,
        });
        return { id, found: res.body?.result ?? [] };
    };
    const batch = async (id, body, ctx) => {
        if (Object.values(body).every((ops) => ops.length === 0))
            return;
        await client(ctx).request('POST', `${records(id)}/batch`, { body, call: '/zones/{zone_id}/dns_records/batch', resource: ctx?.resource, signal: ctx?.signal });
    };
    return assembleProvider({ name: 'cloudflare', zone, minTtl: 60 }, http, ready, {
        async readRecordSet(name, type, ctx) {
            const { found } = await readRaw(name, type, ctx);
            return found.length ? toSets(found, zone)[0] : undefined;
        },
        async replaceRecordSet(set, ctx) {
            const { id, found } = await readRaw(set.name, set.type, ctx);
            const wanted = new Set(set.values);
            const keep = new Map();
            const deletes = [];
            for (const r of found) {
                const value = normalizeValue(r.type, r.content);
                if (wanted.has(value) && !keep.has(value))
                    keep.set(value, r);
                else
                    deletes.push({ id: r.id });
            }
            const fields = (value) => ({
                name: toFqdn(set.name, zone),
                type: set.type,
                content: set.type === 'TXT' ? quoteTxt(value) : value,
                ttl: set.ttl,
                ...(['A', 'AAAA', 'CNAME'].includes(set.type) ? { proxied: false } : {}),
            });
            const puts = [...keep].filter(([, r]) => r.ttl !== set.ttl || r.proxied).map(([value, r]) => ({ id: r.id, ...fields(value) }));
            const posts = set.values.filter((v) => !keep.has(v)).map(fields);
            await batch(id, { deletes, puts, posts }, ctx);
        },
        async deleteRecordSet(name, type, ctx) {
            const { id, found } = await readRaw(name, type, ctx);
            await batch(id, { deletes: found.map((r) => ({ id: r.id })) }, ctx);
        },
        async listZone(ctx) {
            const id = await ready(ctx);
            const all = [];
            for (let page = 1;; page++) {
                const res = await client(ctx).request('GET', records(id), { query: { page, per_page: 5000 }, call: '/zones/{zone_id}/dns_records', signal: ctx?.signal });
                const items = res.body?.result ?? [];
                all.push(...items);
                const pages = res.body?.result_info?.total_pages;
                if (items.length === 0 || (pages !== undefined ? page >= pages : items.length < 5000))
                    break;
            }
            return toSets(all, zone);
        },
    });
}
function toSets(records, zone) {
    return groupRecordSets(records.flatMap((r) => {
        const name = fromFqdn(r.name, zone);
        return name === undefined ? [] : [{ name, type: r.type, ttl: r.ttl === 1 ? AUTOMATIC_TTL : r.ttl, value: r.content }];
    }), (r) => r);
}

;// CONCATENATED MODULE: ./src/dns/providers/batch.ts
// Group commit for a provider whose API has list and batch endpoints (GoDaddy: one listing answers
// every read, one PATCH adds many records) and a per-endpoint rate limit: requests made while a
// batch is in flight wait for the next one, which then carries all of them. Batches grow with the
// fleet's concurrency by themselves, and a lone request is never held back for company.
//
// A request is never answered by a batch that started before it was made: a read that guards a
// write must see the zone as it is after the caller asked, not as it was a moment earlier.
function createBatcher(run) {
    let pending = [];
    let busy = false;
    const flush = async () => {
        const batch = pending;
        pending = [];
        try {
            const settled = await run(batch.map((p) => p.request)).catch((err) => batch.map(() => ({ status: 'rejected', reason: err })));
            batch.forEach((p, i) => {
                const s = settled[i];
                if (s?.status === 'fulfilled')
                    p.resolve(s.value);
                else
                    p.reject(s ? s.reason : new Error('batch runner returned no result for this request'));
            });
        }
        finally {
            busy = false;
            schedule();
        }
    };
    // setImmediate: the requests made in the same turn of the event loop (one wave of tenants
    // reaching the same step) travel together.
    const schedule = () => {
        if (busy || !pending.length)
            return;
        busy = true;
        setImmediate(() => void flush());
    };
    return (request) => new Promise((resolve, reject) => {
        pending.push({ request, resolve, reject });
        schedule();
    });
}
/** Who a shared call is for, in its errors: the tenants it carries (the first few, then a count). */
function describeTenants(tenants) {
    const named = [...new Set(tenants.filter((t) => !!t))];
    if (named.length <= 3)
        return named.join(', ') || undefined;
    return `${named.slice(0, 3).join(', ')} and ${named.length - 3} more`;
}

;// CONCATENATED MODULE: ./src/dns/providers/godaddy.ts
// GoDaddy Domains API v1 (https://developer.godaddy.com/doc/endpoint/domains): records have no
// ids, so a name+type set is read, replaced and deleted as a whole through
// `/v1/domains/{domain}/records/{type}/{name}`. The zone-level PUT, which replaces every record
// of the domain, is never used. GoDaddy allows 60 requests a minute per endpoint (429 with
// `retryAfterSec` in the body) and answers 409 for a few seconds after an edit: the http client
// paces us under the limit per endpoint and waits out both, the 409 as a busy status.
//
// A fleet run reads and writes hundreds of sets at once, and one call per set would spend the
// per-endpoint minute budget (and a 409 edit lock per write) set by set. So concurrent reads are
// answered by one listing of the domain and concurrent creates go out as one `PATCH
// /v1/domains/{domain}/records`, which appends many records in one call (createBatcher); a lone
// read or write still makes its one per-set call. The pacing window is this process's: parallel
// processes sharing one API key do not see each other's calls (GoDaddy's 429 + retryAfterSec
// still keeps them right).





const GODADDY_API = 'https://api.godaddy.com';
const GODADDY_MIN_TTL = 600;
function createGodaddyProvider(options) {
    const zone = normalizeZone(options.zone);
    const sleep = options.sleep ?? realSleep;
    const now = options.now ?? Date.now;
    const { http, client } = createProviderHttp(options, {
        service: 'godaddy',
        baseUrl: options.baseUrl ?? GODADDY_API,
        headers: { authorization: `sso-key ${options.key}:${options.secret}` },
        // A 409 means GoDaddy is still applying an earlier edit of the domain and did nothing.
        retry: { busyStatuses: [409], baseDelayMs: 2_000, ...options.retry },
        // Every endpoint (`PUT /v1/domains/{domain}/records/{type}/{name}`) has its own budget.
        rateLimit: (0,src_http/* createRateLimiter */.x)({ budget: { limit: options.callsPerMinute ?? 55, windowMs: 60_000 }, now, sleep }),
        requestIdHeaders: ['x-request-id'],
        sleep,
        now,
    });
    const call = (method, endpoint, path, ctx = {}, extra = {}) => client(ctx).request(method, path, { ...extra, call: endpoint, resource: ctx.resource, signal: ctx.signal });
    const ready = keepOnSuccess(async (ctx) => {
        const tried = [];
        for (const candidate of parentZones(zone)) {
            tried.push(candidate);
            try {
                await call('GET', '/v1/domains/{domain}', `/v1/domains/${encodeURIComponent(candidate)}`, ctx);
                const suffix = candidate === zone ? '' : zone.slice(0, -(candidate.length + 1));
                return { domain: candidate, suffix };
            }
            catch (err) {
                if (err instanceof src_errors/* RemoteApiError */.F4 && err.details.status === 404)
                    continue;
                throw explainAccess(err, options.credentialNames);
            }
        }
        throw new src_errors/* EnvironmentError */.eG(`GoDaddy: the zone ${zone} is not a domain of this GoDaddy account (tried ${tried.join(', ')}); check dns.zone in platform.yaml and the account the API key belongs to`);
    });
    const recordPath = (domain, type, name) => `/v1/domains/${encodeURIComponent(domain)}/records/${encodeURIComponent(type)}/${encodeURIComponent(name)}`;
    const hostingName = (name, suffix) => toHostingName(name, suffix);
    // Edits of the domain one at a time, each once the previous one has settled: GoDaddy refuses
    // edits while it applies one, so parallel edits would only collect 409s and back-offs.
    const settleMs = options.editSettleMs ?? 3000;
    let lastEdit = Number.NEGATIVE_INFINITY;
    let edits = Promise.resolve();
    const edit = (write) => {
        const run = edits.then(async () => {
            const wait = lastEdit + settleMs - now();
            if (wait > 0)
                await sleep(wait);
            try {
                return await write();
            }
            finally {
                lastEdit = now();
            }
        });
        edits = run.catch(() => undefined);
        return run;
    };
    const readOne = async (name, type, ctx) => {
        const { domain, suffix } = await ready(ctx);
        const res = await call('GET', '/v1/domains/{domain}/records/{type}/{name}', recordPath(domain, type, hostingName(name, suffix)), ctx);
        const records = Array.isArray(res.body) ? res.body : [];
        if (records.length === 0)
            return undefined;
        return toSet(name, type, records, domain);
    };
    const listAll = async (ctx) => {
        const { domain, suffix } = await ready(ctx);
        const all = [];
        const limit = 500;
        for (let offset = 0;; offset += limit) {
            const res = await call('GET', '/v1/domains/{domain}/records', `/v1/domains/${encodeURIComponent(domain)}/records`, ctx, { query: { offset, limit } });
            const page = Array.isArray(res.body) ? res.body : [];
            all.push(...page);
            if (page.length < limit)
                break;
        }
        const inZone = all.flatMap((r) => {
            const name = fromHostingName(r.name === '@' ? '' : r.name, suffix);
            return name === undefined ? [] : [{ ...r, name }];
        });
        return groupRecordSets(inZone, (r) => ({ name: r.name, type: r.type, ttl: r.ttl ?? 3600, value: hostValue(r.type, r.data, domain) }));
    };
    const putSet = async (set, ctx) => {
        const { domain, suffix } = await ready(ctx);
        const body = set.values.map((data) => ({ data, ttl: Math.max(set.ttl, GODADDY_MIN_TTL) }));
        await edit(() => call('PUT', '/v1/domains/{domain}/records/{type}/{name}', recordPath(domain, set.type, hostingName(set.name, suffix)), ctx, { body }));
    };
    /** A shared call carries no one tenant's abort signal: one tenant giving up must not fail the others. */
    const shared = (ctxs, resource) => ({ tenant: describeTenants(ctxs.map((c) => c?.tenant)), resource });
    const read = createBatcher(async (reads) => {
        const only = reads.length === 1 ? reads[0] : undefined;
        if (only?.set)
            return Promise.allSettled([readOne(only.set.name, only.set.type, only.ctx)]);
        const listing = only ? listAll(only.ctx ?? {}) : listAll(shared(reads.map((r) => r.ctx), 'zone listing'));
        const sets = await listing;
        return reads.map((r) => ({
            status: 'fulfilled',
            value: r.set ? sets.find((s) => s.name === (r.set.name.toLowerCase() || '@') && s.type === r.set.type.toUpperCase()) : sets,
        }));
    });
    const create = createBatcher(async (creates) => {
        if (creates.length === 1)
            return Promise.allSettled([putSet(creates[0].set, creates[0].ctx)]);
        const { domain, suffix } = await ready(creates[0].ctx);
        const records = creates.flatMap(({ set }) => set.values.map((data) => ({ type: set.type, name: hostingName(set.name, suffix), data, ttl: Math.max(set.ttl, GODADDY_MIN_TTL) })));
        try {
            await edit(() => call('PATCH', '/v1/domains/{domain}/records', `/v1/domains/${encodeURIComponent(domain)}/records`, shared(creates.map((c) => c.ctx), 'record batch'), { body: records }));
            return creates.map(() => ({ status: 'fulfilled', value: undefined }));
        }
        catch {
            // GoDaddy applies a PATCH whole or not at all: set by set, each refusal lands on its own
            // tenant (and a set someone created meanwhile is replaced, as the per-set call always did).
            return Promise.allSettled(creates.map((c) => putSet(c.set, c.ctx)));
        }
    });
    return assembleProvider({ name: 'godaddy', zone, minTtl: GODADDY_MIN_TTL }, http, ready, {
        readRecordSet: (name, type, ctx) => read({ set: { name, type }, ctx }),
        replaceRecordSet: putSet,
        createRecordSet: (set, ctx) => create({ set, ctx }),
        async deleteRecordSet(name, type, ctx) {
            const { domain, suffix } = await ready(ctx);
            try {
                await edit(() => call('DELETE', '/v1/domains/{domain}/records/{type}/{name}', recordPath(domain, type, hostingName(name, suffix)), ctx));
            }
            catch (err) {
                // Already gone is what we wanted; an unknown domain is not.
                if (err instanceof src_errors/* RemoteApiError */.F4 && err.details.status === 404 && err.details.code !== 'UNKNOWN_DOMAIN')
                    return;
                throw err;
            }
        },
        listZone: (ctx) => read({ ctx }),
    });
}
function toSet(name, type, records, domain) {
    return normalizeSet({ name, type, ttl: Math.min(...records.map((r) => r.ttl ?? 3600)), values: records.map((r) => hostValue(type, r.data, domain)) });
}
/** GoDaddy writes `@` for the domain itself in CNAME data. */
function hostValue(type, data, domain) {
    return type.toUpperCase() === 'CNAME' && data === '@' ? domain : data;
}
/** 401 and 403 say what to do: GoDaddy restricts its API by account, and keys are per environment. */
function explainAccess(err, names) {
    if (!(err instanceof src_errors/* RemoteApiError */.F4))
        return err;
    const { status, code } = err.details;
    const secrets = names ? ` (secrets ${names.key} and ${names.secret})` : '';
    if (status === 401) {
        return new src_errors/* RemoteApiError */.F4(err.details, `GoDaddy did not accept the API key and secret${secrets}: check both values, and that the key was made for production (OTE keys work only against api.ote-godaddy.com)`);
    }
    if (status === 403 || code === 'ACCESS_DENIED') {
        return new src_errors/* RemoteApiError */.F4(err.details, `GoDaddy authenticated the key${secrets} but refused access (ACCESS_DENIED): GoDaddy grants its Domains and DNS API only to accounts with 10 or more domains or a Discount Domain Club plan; use such an account, or serve the zone from another provider (dns.provider in platform.yaml)`);
    }
    return err;
}

;// CONCATENATED MODULE: ./src/dns/providers/powerdns.ts
// PowerDNS Authoritative HTTP API (https://doc.powerdns.com/authoritative/http-api/zone.html):
// a record set is changed with `PATCH /servers/{server}/zones/{zone}` and one rrset whose
// `changetype` is REPLACE or DELETE (Debian 12's 4.7 has no EXTEND / PRUNE), authenticated with
// `X-API-Key`. 4.7 cannot filter a zone by name and type, so reads fetch the zone and pick.



function createPowerDnsProvider(options) {
    const zone = normalizeZone(options.zone);
    const { http, client } = createProviderHttp(options, {
        service: 'powerdns',
        baseUrl: `${options.apiUrl.replace(/\/+$/, '')}/api/v1/servers/${encodeURIComponent(options.serverId ?? 'localhost')}/`,
        headers: { 'x-api-key': options.apiKey },
    });
    const zonePath = (id) => `zones/${encodeURIComponent(id)}`;
    const ready = keepOnSuccess(async (ctx) => {
        for (const candidate of parentZones(zone)) {
            try {
                await client(ctx).request('GET', zonePath(`${candidate}.`), { call: '/zones/{zone}', query: { rrsets: 'false' }, signal: ctx?.signal });
                return `${candidate}.`;
            }
            catch (err) {
                if (err instanceof src_errors/* RemoteApiError */.F4 && (err.details.status === 404 || err.details.status === 422))
                    continue;
                if (err instanceof src_errors/* RemoteApiError */.F4 && (err.details.status === 401 || err.details.status === 403)) {
                    throw new src_errors/* RemoteApiError */.F4(err.details, `PowerDNS refused the API key${options.credentialName ? ` (secret ${options.credentialName})` : ''}: it must equal the server's api-key setting`);
                }
                throw err;
            }
        }
        throw new src_errors/* EnvironmentError */.eG(`PowerDNS at ${options.apiUrl} serves no zone for ${zone} (tried ${parentZones(zone).join(', ')}); create the zone first`);
    });
    const readZone = async (ctx) => {
        const id = await ready(ctx);
        const res = await client(ctx).request('GET', zonePath(id), { call: '/zones/{zone}', resource: ctx?.resource, signal: ctx?.signal });
        return res.body?.rrsets ?? [];
    };
    const patch = async (rrset, ctx) => {
        const id = await ready(ctx);
        // A REPLACE or DELETE of one rrset gives the same result however often it is sent.
        await client(ctx).request('PATCH', zonePath(id), { body: { rrsets: [rrset] }, idempotent: true, call: '/zones/{zone}', resource: ctx?.resource, signal: ctx?.signal });
    };
    const toSets = (rrsets) => groupRecordSets(rrsets.flatMap((rr) => {
        const name = fromFqdn(rr.name, zone);
        if (name === undefined)
            return [];
        return rr.records.filter((r) => !r.disabled).map((r) => ({ name, type: rr.type, ttl: rr.ttl, value: r.content }));
    }), (r) => r);
    return assembleProvider({ name: 'powerdns', zone, minTtl: 0, nameserver: options.nameserver }, http, ready, {
        async readRecordSet(name, type, ctx) {
            const fqdn = `${toFqdn(name, zone)}.`;
            const rrsets = (await readZone(ctx)).filter((rr) => rr.name.toLowerCase() === fqdn && rr.type.toUpperCase() === type.toUpperCase());
            return toSets(rrsets)[0];
        },
        async replaceRecordSet(set, ctx) {
            await patch({
                name: `${toFqdn(set.name, zone)}.`,
                type: set.type,
                ttl: set.ttl,
                changetype: 'REPLACE',
                records: set.values.map((v) => ({ content: presentation(set.type, v), disabled: false })),
            }, ctx);
        },
        async deleteRecordSet(name, type, ctx) {
            await patch({ name: `${toFqdn(name, zone)}.`, type, changetype: 'DELETE' }, ctx);
        },
        async listZone(ctx) {
            return toSets(await readZone(ctx));
        },
    });
}
/** PowerDNS takes record content in zone-file presentation: absolute names, quoted TXT. */
function presentation(type, value) {
    switch (type.toUpperCase()) {
        case 'CNAME':
            return `${value.replace(/\.$/, '')}.`;
        case 'TXT':
            return quoteTxt(value);
        default:
            return value;
    }
}

;// CONCATENATED MODULE: ./src/dns/service.ts

function createDnsService(provider, options) {
    const views = new WeakMap();
    const managedTypes = options.managedTypes ?? ['CNAME', 'A', 'AAAA'];
    return {
        provider,
        ownerId: options.ownerId,
        managedTypes,
        verifications: [],
        sleep: options.sleep,
        zoneFor(ctx) {
            // In a read pass, one listing of the zone for every tenant of the pass (kept in the pass, so
            // a later pass, the re-read under a tenant's lock included, lists again); the listing is the
            // pass's, not one tenant's, so its calls name no tenant and carry no one tenant's abort
            // signal (one tenant giving up must not fail the others). Outside a pass, one per context.
            const shared = ctx.pass?.shared;
            const key = `dns/zone/${provider.name}/${provider.zone}`;
            let view = shared?.get(key) ?? views.get(ctx);
            if (!view) {
                const call = shared ? {} : { tenant: ctx.tenant, signal: ctx.signal };
                view = (async () => {
                    await provider.probe(call);
                    const sets = await provider.listZone(call);
                    return makeView(sets, countOwnedSets(sets, options.ownerId, managedTypes));
                })();
                if (shared)
                    shared.set(key, view);
                else
                    views.set(ctx, view);
                view.catch(() => (shared ? shared.delete(key) : views.delete(ctx)));
            }
            return view;
        },
    };
}
function makeView(sets, owned) {
    const byName = new Map();
    for (const s of sets)
        byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
    return {
        sets,
        owned,
        find: (name, type) => byName.get(name)?.find((s) => s.type === type.toUpperCase()),
        at: (name) => byName.get(name) ?? [],
    };
}

;// CONCATENATED MODULE: ./src/dns/settings.ts
// platform.yaml's dns section → a provider. Credentials are secret NAMES (`dns.credentials`),
// read from the environment the one way every secret is. Where a provider needs more than a
// credential (PowerDNS's API address, Azure's subscription and resource group), platform.yaml
// names the variables holding it the same way, e.g. `apiUrlSecret: TENANTOPS_PDNS_URL`.









/** The run's DnsService for platform.yaml's zone. */
function createPlatformDnsService(options) {
    const { platform } = options;
    const provider = options.overrides?.provider ?? createPlatformDnsProvider(options);
    return createDnsService(provider, {
        ownerId: ownerIdOf(platform),
        sleep: options.overrides?.sleep,
    });
}
function createPlatformDnsProvider(options) {
    const { platform, log } = options;
    const env = options.env ?? process.env;
    const o = options.overrides ?? {};
    const dns = platform.dns;
    const names = dns.credentials ?? {};
    const secret = (role, required = true) => {
        const name = names[role];
        if (!name) {
            if (!required)
                return undefined;
            throw new src_errors/* EnvironmentError */.eG(`dns.credentials.${role} is not set in platform.yaml; the ${dns.provider} provider needs it (the NAME of the variable holding the value)`);
        }
        return (0,src_config/* resolveSecret */.J5)(name, env, `dns.credentials.${role} of platform.yaml`);
    };
    const masked = (role) => {
        const value = secret(role);
        log.mask(value);
        return value;
    };
    const common = { zone: dns.zone, ca: o.ca, log, now: o.now, sleep: o.sleep };
    // TENANTOPS_DNS_API_URL / _NAMESERVER point a CLI or action run at the sandbox's emulators
    // (with NODE_EXTRA_CA_CERTS for its CA) without editing platform.yaml.
    const apiUrl = o.apiUrl ?? secret('apiUrlSecret', false) ?? (env.TENANTOPS_DNS_API_URL || undefined);
    const nameserver = o.nameserver ?? secret('nameserverSecret', false) ?? (env.TENANTOPS_DNS_NAMESERVER || undefined);
    switch (dns.provider) {
        case 'godaddy':
            return createGodaddyProvider({
                ...common,
                baseUrl: apiUrl,
                key: masked('apiKeySecret'),
                secret: masked('apiSecretSecret'),
                credentialNames: { key: names.apiKeySecret, secret: names.apiSecretSecret },
            });
        case 'powerdns': {
            if (!apiUrl)
                throw new src_errors/* EnvironmentError */.eG('dns.credentials.apiUrlSecret is not set in platform.yaml; PowerDNS needs the NAME of the variable holding its API URL (e.g. http://pdns.internal:8081)');
            // The API and the DNS listener usually share a host; port 53 unless told otherwise.
            const host = new URL(apiUrl).hostname;
            return createPowerDnsProvider({ ...common, apiUrl, apiKey: masked('apiKeySecret'), credentialName: names.apiKeySecret, serverId: secret('serverIdSecret', false), nameserver: nameserver ?? `${host}:53` });
        }
        case 'cloudflare':
            return createCloudflareProvider({ ...common, baseUrl: apiUrl, token: masked('apiTokenSecret'), credentialName: names.apiTokenSecret });
        case 'azure': {
            const profileName = platform.powerbi.credentialProfile;
            const profile = platform.credentialProfiles[profileName];
            if (!o.armToken && !profile)
                throw new src_errors/* EnvironmentError */.eG(`credential profile "${profileName}" (powerbi.credentialProfile) is not defined in platform.yaml; Azure DNS signs in with it`);
            const token = o.armToken ?? (0,src_auth/* tokenSource */.Zx)((0,src_auth/* createCredential */.GO)(profileName, profile, { env, log, ca: o.ca, authorityHost: o.authorityHost }), src_auth/* SCOPES */.iW.arm);
            return createAzureDnsProvider({ ...common, baseUrl: apiUrl, token, subscriptionId: secret('subscriptionIdSecret'), resourceGroup: secret('resourceGroupSecret') });
        }
    }
}

;// CONCATENATED MODULE: ./src/dns/summary.ts


/** Reads the tenant's record and ownership sets as they are now (two reads). */
async function summary_readTenantRecords(service, tenant) {
    const { zone, name, ownershipName } = tenantRecordNames(tenant);
    const code = tenant.config.code;
    const wanted = [
        { name, type: tenant.platform.dns.recordType },
        { name: ownershipName, type: 'TXT' },
    ];
    await service.provider.probe({ tenant: code });
    const out = [];
    for (const w of wanted)
        out.push({ fqdn: toFqdn(w.name, zone), type: w.type, set: await service.provider.readRecordSet(w.name, w.type, { tenant: code }) });
    return out;
}
function summary_renderDnsSummary(input) {
    const cell = (r) => (r?.set ? `\`${escapeCell(describeSet(r.set))}\`` : '_absent_');
    const lines = [
        `### DNS for ${input.tenant} (${input.provider}, ${input.mode})`,
        '',
        `Plan \`${input.planHash.slice(0, 12)}\`: ${input.changes.length ? `${input.changes.length} change(s)` : 'no changes'}`,
        ...input.changes.map((c) => `- ${c}`),
        '',
        input.after ? '| record | type | before | after |' : '| record | type | now |',
        input.after ? '|---|---|---|---|' : '|---|---|---|',
        ...input.before.map((b, i) => `| \`${b.fqdn}\` | ${b.type} | ${cell(b)}${input.after ? ` | ${cell(input.after[i])}` : ''} |`),
    ];
    if (input.verifications?.length) {
        lines.push('', '**Verification**', '');
        for (const v of input.verifications) {
            lines.push(v.answer ? `- \`${v.fqdn}\` ${v.type}: ${v.server} answers ${v.answer.join(', ') || 'nothing'}` : `- \`${v.fqdn}\` ${v.type}: ${v.readBack.join(', ')} (${v.note ?? 'read back through the API'})`);
        }
    }
    return lines.join('\n') + '\n';
}
function escapeCell(text) {
    return text.replaceAll('|', '\\|');
}

;// CONCATENATED MODULE: ./src/dns/index.ts















// EXTERNAL MODULE: ./src/log/index.ts
var src_log = __webpack_require__(53730);
;// CONCATENATED MODULE: ./src/mail/settings.ts
/** Exchange Online's SMTP scope: what an oauth2 sign-in asks a token for unless mail.auth.scope says otherwise. */
const EXCHANGE_SMTP_SCOPE = 'https://outlook.office365.com/.default';
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `7d` → milliseconds; the schema's pattern (`<n>m|h|d`) is the only form accepted. */
function parseTtl(text) {
    const match = /^([1-9][0-9]{0,4})([mhd])$/.exec(text);
    if (!match)
        throw new RangeError(`invitation lifetime "${text}" is not <number><m|h|d>, e.g. 7d`);
    return Number(match[1]) * UNIT_MS[match[2]];
}
/** The tenant's login page: `https://<subdomain>.<zone>`. */
function loginUrl(platform, subdomain) {
    return `https://${subdomain}.${platform.dns.zone.replace(/\.$/, '')}`;
}
/** Where a super user redeems an invitation: `https://<subdomain>.<zone>/invite/<token>`. */
function invitationUrl(platform, subdomain, token) {
    return `${loginUrl(platform, subdomain)}/invite/${token}`;
}
/** The sender as a mail address object. */
function senderOf(platform, mail) {
    return { name: mail.senderName ?? platform.name, address: mail.sender };
}

;// CONCATENATED MODULE: ./src/mail/transport.ts



function createMailer(options) {
    const { config, log } = options;
    const auth = config.auth;
    let password;
    if (auth.type === 'password') {
        // Resolved now, so a missing secret is reported before anything is enqueued.
        password = (0,src_config/* resolveSecret */.J5)(auth.passwordSecret, options.env, 'mail.auth.passwordSecret of platform.yaml');
        log.mask(password);
    }
    else if (!options.credential) {
        throw new TypeError('an oauth2 mail sign-in needs the credential of mail.auth.credentialProfile');
    }
    const timeout = options.timeoutMs ?? 30_000;
    const smtpOptions = {
        host: config.host,
        port: config.port,
        // Port 465's implicit TLS is not offered: submission with a mandatory STARTTLS upgrade only.
        secure: false,
        requireTLS: true,
        tls: { minVersion: 'TLSv1.2', ...(options.ca ? { ca: options.ca } : {}) },
        auth: auth.type === 'password' ? { user: auth.user, pass: password } : { type: 'OAuth2', user: auth.user },
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
        // Never log the conversation: it carries the AUTH exchange and the invitation links.
        logger: false,
        debug: false,
    };
    // nodemailer is loaded at the first send, not with this module: every command imports the run
    // layer, and through it this file, and few of them send mail.
    let transport;
    const openTransport = () => (transport ??= __webpack_require__.e(/* import() */ 739).then(__webpack_require__.bind(__webpack_require__, 16739)).then(({ default: nodemailer }) => nodemailer.createTransport(smtpOptions)));
    return {
        async send(message, where) {
            let accessToken;
            if (auth.type === 'oauth2') {
                const token = await options.credential.getToken(auth.scope ?? EXCHANGE_SMTP_SCOPE);
                if (!token)
                    throw smtpError(where, message, undefined, `no access token for ${auth.scope ?? EXCHANGE_SMTP_SCOPE}`);
                accessToken = token.token;
                log.mask(accessToken);
            }
            const smtp = await openTransport();
            try {
                const info = await smtp.sendMail({
                    from: message.from,
                    to: message.to,
                    subject: message.subject,
                    text: message.text,
                    html: message.html,
                    messageId: message.messageId,
                    // A fresh token per mail: @azure/identity caches it and renews it before it expires.
                    ...(accessToken ? { auth: { user: auth.user, accessToken } } : {}),
                });
                return { response: String(info.response ?? ''), accepted: (info.accepted ?? []).map(String) };
            }
            catch (err) {
                const e = err;
                throw smtpError(where, message, e.responseCode, (e.response ?? e.message).replace(/\s+/g, ' ').trim(), e.command, e.code);
            }
        },
        close: () => void transport?.then((t) => t.close()),
    };
}
/** An SMTP failure, named like every remote failure: tenant, step, call, status (the SMTP reply code). */
class SmtpError extends src_errors/* RemoteApiError */.F4 {
    name = 'SmtpError';
    smtpCode;
    constructor(details, smtpCode, detail) {
        super(details, detail);
        this.smtpCode = smtpCode;
        const where = [details.tenant && `tenant ${details.tenant}`, details.step && `step ${details.step}`].filter(Boolean).join(', ');
        // SMTP replies are not HTTP statuses: say what they are.
        this.message = `${where}: smtp ${details.call} failed with ${smtpCode ? `SMTP ${smtpCode}` : 'no reply'}${details.code ? ` (${details.code})` : ''}: ${detail}`;
    }
}
function smtpError(where, message, code, detail, command, errCode) {
    const call = `${command ? `${command.split(' ')[0]} ` : ''}${where.kind} mail to ${message.to}`;
    return new SmtpError({ service: 'smtp', call, tenant: where.tenant, step: 'mail', code: errCode }, code, detail);
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/pg/index.ts + 5 modules
var pg = __webpack_require__(22541);
;// CONCATENATED MODULE: ./src/mail/render.ts
// The two mails a super user gets, rendered to text and HTML: the welcome (login URL and one-time
// invitation link) and the go-live notification. Neither ever carries a password: a super user sets
// their own through the invitation.
function renderWelcome(m) {
    const expires = formatExpiry(m.expiresAt);
    const subject = `Welcome to ${m.tenantName} on ${m.platformName}`;
    const text = [
        `Hello ${m.firstName},`,
        '',
        `You are a super user of ${m.tenantName} on ${m.platformName}.`,
        '',
        `Accept your invitation and choose your password here (the link works once, until ${expires}):`,
        m.invitationUrl,
        '',
        `Afterwards, sign in at ${m.loginUrl}`,
        '',
        'If you did not expect this mail, ignore it: nothing happens until the link is used.',
    ].join('\n');
    const html = page(subject, [
        `<p>Hello ${escapeHtml(m.firstName)},</p>`,
        `<p>You are a super user of <strong>${escapeHtml(m.tenantName)}</strong> on ${escapeHtml(m.platformName)}.</p>`,
        `<p><a href="${escapeHtml(m.invitationUrl)}">Accept your invitation and choose your password</a> (the link works once, until ${escapeHtml(expires)}).</p>`,
        `<p>Afterwards, sign in at <a href="${escapeHtml(m.loginUrl)}">${escapeHtml(m.loginUrl)}</a>.</p>`,
        '<p>If you did not expect this mail, ignore it: nothing happens until the link is used.</p>',
    ]);
    return { subject, text, html };
}
function renderGoLive(m) {
    const subject = `Your platform is ready: ${m.tenantName}`;
    const text = [
        `Hello ${m.firstName},`,
        '',
        `${m.tenantName} is live on ${m.platformName}: its reports and data are ready at ${m.loginUrl}`,
        '',
        'Your invitation came in a separate mail; sign in with the password you chose there.',
    ].join('\n');
    const html = page(subject, [
        `<p>Hello ${escapeHtml(m.firstName)},</p>`,
        `<p><strong>${escapeHtml(m.tenantName)}</strong> is live on ${escapeHtml(m.platformName)}: its reports and data are ready at <a href="${escapeHtml(m.loginUrl)}">${escapeHtml(m.loginUrl)}</a>.</p>`,
        '<p>Your invitation came in a separate mail; sign in with the password you chose there.</p>',
    ]);
    return { subject, text, html };
}
function page(title, body) {
    return `<!doctype html>\n<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body>\n${body.join('\n')}\n</body></html>\n`;
}
/** `2026-12-12 14:03 UTC`: unambiguous for readers anywhere. */
function formatExpiry(at) {
    return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

;// CONCATENATED MODULE: ./src/mail/token.ts
// Invitation tokens: 32 random bytes, base64url (43 characters, safe in a URL path). Only the
// SHA-256 of the token's UTF-8 text is stored; the registry's redeem_invitation hashes the same way.

function newInvitationToken() {
    const token = (0,external_node_crypto_.randomBytes)(32).toString('base64url');
    return { token, hash: hashInvitationToken(token) };
}
function hashInvitationToken(token) {
    return (0,external_node_crypto_.createHash)('sha256').update(token, 'utf8').digest();
}

;// CONCATENATED MODULE: ./src/mail/deliver.ts
// Sent once, through the outbox. Each mail is first rendered and sealed into an outbox row (with
// its invitation, in one transaction), then sent, then marked sent. A run that dies between the
// send and the mark leaves the row pending, so the next run sends that one mail again: no mail is
// lost and at most the one in flight repeats. A mail already in the outbox is never enqueued again.
//
// Why the rendered message is sealed rather than the token re-issued at send time: a re-sent mail
// is then the very same message (same link, same Message-ID, which mail clients fold together),
// so the duplicate a crash can cause never leaves a dead link in the recipient's first copy. The
// token is re-issued only when the sealed mail can no longer be used: its invitation expired or
// was replaced before it went out, or the envelope's key is gone after a key rotation.






/** `welcome/<tenant>/<email>`: one welcome (with its invitation) per super user of a tenant, ever. */
function outboxKey(kind, tenant, email) {
    return `${kind}/${tenant}/${email.toLowerCase()}`;
}
/** Enqueues a welcome mail with a fresh invitation for each user who never had one; returns how many. */
async function enqueueWelcomeMail(ctx, tenant, users) {
    let queued = 0;
    for (const user of users) {
        const key = outboxKey('welcome', tenant.code, user.email);
        if (await (0,src_registry/* hasOutboxEntry */.MC)(ctx.registry, key))
            continue;
        const done = await (0,pg/* inTransaction */.sA)(ctx.registry, async (db) => {
            const { invitationId, message } = await issueWelcome(db, ctx, tenant, user);
            const row = await (0,src_registry/* enqueueMail */.sq)(db, { tenant: tenant.code, dedupeKey: key, kind: 'welcome', recipient: user.email, subject: message.subject, invitationId, message: (0,src_registry/* seal */.od)(JSON.stringify(message), ctx.keyring.current, (0,src_registry/* outboxAad */.wA)(key)) });
            // Another run enqueued it meanwhile: undo this invitation with the transaction.
            if (!row)
                throw new AlreadyQueued();
            return true;
        }).catch((err) => {
            if (err instanceof AlreadyQueued)
                return false;
            throw err;
        });
        if (done)
            queued++;
    }
    return queued;
}
/** Enqueues the go-live notification for each user who has not had it; returns how many. */
async function enqueueGoLiveMail(ctx, tenant, users) {
    let queued = 0;
    for (const user of users) {
        const key = outboxKey('go-live', tenant.code, user.email);
        if (await (0,src_registry/* hasOutboxEntry */.MC)(ctx.registry, key))
            continue;
        const message = goLiveMessage(ctx, tenant, user);
        const row = await (0,src_registry/* enqueueMail */.sq)(ctx.registry, { tenant: tenant.code, dedupeKey: key, kind: 'go-live', recipient: user.email, subject: message.subject, message: (0,src_registry/* seal */.od)(JSON.stringify(message), ctx.keyring.current, (0,src_registry/* outboxAad */.wA)(key)) });
        if (row)
            queued++;
    }
    return queued;
}
/**
 * Sends the tenant's pending mails, oldest first: count the attempt, send, mark sent. A failed
 * send is recorded on its row and the others still go; the failures come back together. Callers
 * serialise per tenant (the tenant's advisory lock), so two runs never send the same row at once.
 */
async function sendPendingMail(ctx, tenant, users) {
    const outcome = { sent: 0, reissued: 0, cancelled: 0, failures: [] };
    const byEmail = new Map(users.map((u) => [u.email.toLowerCase(), u]));
    for (const row of await (0,src_registry/* listPendingMail */.TG)(ctx.registry, tenant.code)) {
        const user = byEmail.get(row.recipient);
        if (!user) {
            // Removed before their mail went out: their invitation could not be redeemed anyway.
            await (0,src_registry/* cancelPendingMail */.tK)(ctx.registry, row.id);
            outcome.cancelled++;
            continue;
        }
        try {
            const { message, reissued } = await usableMessage(ctx, tenant, row, user);
            if (!message) {
                await (0,src_registry/* markMailSent */.NQ)(ctx.registry, row.id, 'not sent again: its invitation was redeemed, so an earlier send arrived');
                continue;
            }
            if (reissued)
                outcome.reissued++;
            await (0,src_registry/* markMailAttempt */.WQ)(ctx.registry, row.id);
            const result = await ctx.mailer().send(message, { tenant: tenant.code, kind: row.kind });
            await (0,src_registry/* markMailSent */.NQ)(ctx.registry, row.id, result.response);
            outcome.sent++;
            ctx.log.info(`${tenant.code}: ${row.kind} mail sent to ${row.recipient}`);
        }
        catch (err) {
            const error = err;
            await (0,src_registry/* markMailFailed */.yv)(ctx.registry, row.id, error.message).catch(() => undefined);
            outcome.failures.push({ recipient: row.recipient, kind: row.kind, error });
        }
    }
    return outcome;
}
/**
 * What to send for a pending row: its sealed message as it is, or a new one when that cannot be
 * used (the envelope's key is gone, or a welcome's invitation expired or was replaced), or nothing
 * when the welcome's invitation was redeemed already: the mail evidently arrived.
 */
async function usableMessage(ctx, tenant, row, user) {
    let message;
    try {
        message = JSON.parse((0,src_registry/* open */.ho)(row.message, ctx.keyring, (0,src_registry/* outboxAad */.wA)(row.dedupeKey)));
    }
    catch (err) {
        ctx.log.warn(`${tenant.code}: the sealed ${row.kind} mail to ${row.recipient} cannot be opened (${err.message}); rendering it again`);
    }
    if (row.kind === 'go-live') {
        if (message)
            return { message, reissued: false };
        const fresh = goLiveMessage(ctx, tenant, user);
        await (0,src_registry/* replacePendingMessage */.No)(ctx.registry, row.id, (0,src_registry/* seal */.od)(JSON.stringify(fresh), ctx.keyring.current, (0,src_registry/* outboxAad */.wA)(row.dedupeKey)));
        return { message: fresh, reissued: false };
    }
    const invitation = row.invitationId ? await (0,src_registry/* getInvitation */.wl)(ctx.registry, row.invitationId) : undefined;
    if (invitation?.redeemedAt)
        return { reissued: false };
    // A minute's margin: a link that dies while the mail is on its way is no invitation.
    if (message && invitation && !invitation.revokedAt && invitation.expiresAt.getTime() > Date.now() + 60_000)
        return { message, reissued: false };
    const fresh = await (0,pg/* inTransaction */.sA)(ctx.registry, async (db) => {
        const issued = await issueWelcome(db, ctx, tenant, user);
        await (0,src_registry/* replacePendingMessage */.No)(db, row.id, (0,src_registry/* seal */.od)(JSON.stringify(issued.message), ctx.keyring.current, (0,src_registry/* outboxAad */.wA)(row.dedupeKey)), issued.invitationId);
        return issued.message;
    });
    return { message: fresh, reissued: true };
}
function goLiveMessage(ctx, tenant, user) {
    const content = renderGoLive({ platformName: senderOf(ctx.platform, ctx.mail).name, tenantName: tenant.name, firstName: user.firstName, loginUrl: loginUrl(ctx.platform, tenant.subdomain) });
    return toMessage(ctx, user.email, content);
}
/** A new invitation for `user` and the welcome mail carrying its link (the token lives only in the mail). */
async function issueWelcome(db, ctx, tenant, user) {
    const { token, hash } = newInvitationToken();
    const invitation = await (0,src_registry/* createInvitation */.Op)(db, { tenant: tenant.code, email: user.email, tokenHash: hash, ttlMs: parseTtl(ctx.mail.invitationTtl) });
    const content = renderWelcome({
        platformName: senderOf(ctx.platform, ctx.mail).name,
        tenantName: tenant.name,
        firstName: user.firstName,
        loginUrl: loginUrl(ctx.platform, tenant.subdomain),
        invitationUrl: invitationUrl(ctx.platform, tenant.subdomain, token),
        expiresAt: invitation.expiresAt,
    });
    return { invitationId: invitation.id, message: toMessage(ctx, user.email, content) };
}
function toMessage(ctx, to, content) {
    const domain = ctx.mail.sender.slice(ctx.mail.sender.lastIndexOf('@') + 1);
    return { from: senderOf(ctx.platform, ctx.mail), to: to.toLowerCase(), ...content, messageId: `<${(0,external_node_crypto_.randomBytes)(16).toString('hex')}@${domain}>` };
}
class AlreadyQueued extends Error {
}

;// CONCATENATED MODULE: ./src/mail/index.ts
// mail: super users' invitations and notifications through SMTP (nodemailer, STARTTLS required,
// password or XOAUTH2), sent once through the registry's outbox. Tokens live only in the mails;
// the registry keeps their hashes and the sealed, not yet sent, messages.






// EXTERNAL MODULE: ./src/powerbi/index.ts + 29 modules
var src_powerbi = __webpack_require__(41700);
;// CONCATENATED MODULE: ./src/run/services.ts
// The live services a run talks to, created lazily and closed together: the registry (migrated on
// first use), each cluster's admin pool, the encryption keyring, the DNS provider, Power BI and
// Fabric. Resources reach them through the ResourceContext, each capability through its own typed
// accessor over the structural interface it declares (DbServices, PowerBiHost, the dns lookup).










function createServices(options) {
    const env = options.env ?? process.env;
    const { platform, log } = options;
    let registry;
    const clusters = new Map();
    // Other databases of a cluster and byod databases, keyed `cluster\0database` / `secret\0name`.
    const databases = new Map();
    let keyring;
    let dns;
    let powerbi;
    let mailer;
    const services = {
        platform,
        env,
        log,
        root: options.root,
        registry() {
            registry ??= (async () => {
                const url = (0,src_config/* resolveSecret */.J5)(platform.registry.urlSecret, env, 'registry.urlSecret of platform.yaml');
                const pool = (0,src_registry/* openRegistry */.Me)(url, log);
                await (0,src_registry/* migrateRegistry */.Dh)(pool, { dir: external_node_path_default().join(options.root, src_registry/* REGISTRY_MIGRATIONS_DIR */.Sb) });
                return pool;
            })();
            return registry;
        },
        async clusterAdmin(name) {
            const cluster = platform.clusters[name];
            if (!cluster)
                throw new src_errors/* EnvironmentError */.eG(`cluster "${name}" is not defined in platform.yaml; defined: ${Object.keys(platform.clusters).join(', ')}`);
            let pool = clusters.get(name);
            if (!pool) {
                const url = (0,src_config/* resolveSecret */.J5)(cluster.adminSecret, env, `clusters.${name}.adminSecret of platform.yaml`);
                maskConnectionString(url, log);
                // A fraction of the cluster's connection budget: tenants' own roles need the rest.
                pool = new esm/* default.Pool */.Ay.Pool({ connectionString: url, max: Math.max(2, Math.floor(cluster.maxConnections / 10)), application_name: 'tenantops' });
                pool.on('error', (err) => log.warn(`cluster ${name}: connection lost: ${err.message}`));
                clusters.set(name, pool);
            }
            return pool;
        },
        async clusterDatabase(name, database) {
            const admin = await services.clusterAdmin(name);
            const url = parseConnectionUrl((0,src_config/* resolveSecret */.J5)(platform.clusters[name].adminSecret, env, `clusters.${name}.adminSecret of platform.yaml`), `clusters.${name}.adminSecret`);
            if (decodeURIComponent(url.pathname.slice(1)) === database)
                return admin;
            const key = `${name}\0${database}`;
            let pool = databases.get(key);
            if (!pool) {
                url.pathname = `/${encodeURIComponent(database)}`;
                const budget = platform.clusters[name].maxConnections;
                // Idle connections go quickly: a fan-out touches many tenant databases once each.
                pool = new esm/* default.Pool */.Ay.Pool({ connectionString: url.toString(), max: Math.max(2, Math.floor(budget / 10)), idleTimeoutMillis: 2_000, connectionTimeoutMillis: 15_000, application_name: 'tenantops' });
                pool.on('error', (err) => log.warn(`cluster ${name}, database ${database}: connection lost: ${err.message}`));
                databases.set(key, pool);
            }
            return pool;
        },
        async releaseClusterDatabase(name, database) {
            const key = `${name}\0${database}`;
            const pool = databases.get(key);
            databases.delete(key);
            await pool?.end();
        },
        async secretPool(secret, usedBy) {
            const key = `secret\0${secret}`;
            let pool = databases.get(key);
            if (!pool) {
                const url = (0,src_config/* resolveSecret */.J5)(secret, env, usedBy);
                maskConnectionString(url, log);
                // A customer's server: few connections, and a prompt answer when it cannot be reached.
                pool = new esm/* default.Pool */.Ay.Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 2_000, application_name: 'tenantops' });
                pool.on('error', (err) => log.warn(`database of ${secret}: connection lost: ${err.message}`));
                databases.set(key, pool);
            }
            return pool;
        },
        keyring() {
            if (!keyring) {
                keyring = (0,src_registry/* parseKeyring */.ZU)(env);
                // The key material, as its variables hold it and as the keyring holds it.
                for (const name of [src_registry/* ENCRYPTION_KEY_VARIABLE */.tg, src_registry/* OLD_ENCRYPTION_KEYS_VARIABLE */.gL])
                    for (const item of (env[name] ?? '').split(','))
                        if (item.trim())
                            log.mask(item.trim());
                for (const key of keyring.keys.values())
                    log.mask(key.key.toString('base64'));
            }
            return keyring;
        },
        dns() {
            dns ??= createPlatformDnsService({ platform, env, log, overrides: options.dns });
            return dns;
        },
        powerbi() {
            // An identity's budget is shared by every process calling as it: kept in the registry when
            // this run has one (an offline-capable read such as a plan without registry stays in memory).
            const rateBudget = options.powerbi?.rateBudget ?? (platform.registry?.urlSecret && env[platform.registry.urlSecret] ? (0,src_registry/* createRegistryRateBudget */.B6)(() => services.registry()) : undefined);
            powerbi ??= (0,src_powerbi/* createPowerBiServices */.by)({ ...options.powerbi, rateBudget, platform, log, env });
            return powerbi;
        },
        mailer() {
            const config = platform.mail;
            if (!config)
                return undefined;
            if (!mailer) {
                const ca = options.mail?.ca;
                const auth = config.auth;
                const credential = auth.type === 'oauth2' ? (0,src_auth/* createCredential */.GO)(auth.credentialProfile, platform.credentialProfiles[auth.credentialProfile], { env, log, ca }) : undefined;
                mailer = createMailer({ config, env, log, ca, credential });
            }
            return mailer;
        },
        async close() {
            mailer?.close();
            mailer = undefined;
            await powerbi?.close();
            powerbi = undefined;
            const pools = [...clusters.values(), ...databases.values()];
            clusters.clear();
            databases.clear();
            if (registry)
                pools.push(await registry.catch(() => undefined));
            registry = undefined;
            await Promise.all(pools.filter(Boolean).map((p) => p.end()));
        },
    };
    return services;
}
function parseConnectionUrl(value, what) {
    try {
        return new URL(value);
    }
    catch {
        // Never echo the value: it carries a password.
        throw new src_errors/* EnvironmentError */.eG(`${what} must hold a connection URL (postgres://user:password@host:port/database)`);
    }
}
/** Masks the password of a connection string the moment it is read. */
function maskConnectionString(url, log) {
    // Not a URL (a key=value string): mask it whole.
    if (!(0,src_log/* maskUrlPassword */.j6)(url, log))
        log.mask(url);
}
/** Each tenant's ResourceContext carries the run's services under `tenantops`. */
function contextFactory(services) {
    return (tenant, { force }) => ({ tenant, allowDestroy: force, log: services.log, services: { tenantops: services } });
}

;// CONCATENATED MODULE: ./src/run/with-run.ts
// Opening and closing a run, the one way every command, action step and the sandbox does it:
// load the repository's inputs (a bad file is a ConfigurationError carrying every finding),
// create the run's services, hand both to the body, and close the services whatever happens.




/** The repository's inputs, or a ConfigurationError with every finding of every file. */
async function loadValidInputs(root, options = {}) {
    const { inputs, findings } = await loadInputs(root, options);
    if (!inputs)
        throw new src_errors/* ConfigurationError */.j1(findings);
    return inputs;
}
/**
 * Runs `body` with the inputs of `from` (a repository root, or inputs already loaded, e.g. with
 * the sandbox's platform in place of platform.yaml's) and services over them, then closes them.
 * TENANTOPS_SANDBOX in the environment points the run at that sandbox (sandbox-target.ts).
 */
async function with_run_withRun(from, given, body) {
    const { inputs, options } = await runOnNamedSandbox(typeof from === 'string' ? await loadValidInputs(from) : from, given);
    const services = createServices({ ...options, platform: inputs.platform, root: inputs.root });
    try {
        return await body({ inputs, services, log: options.log });
    }
    finally {
        await services.close();
    }
}

;// CONCATENATED MODULE: ./src/run/resources.ts
// One tenant's resource graph: its TenantContext (names, host name, matched reports, derived once
// here at the top of a run) handed to each capability, filtered to the slice asked for
// (`--only db|powerbi|dns|registry`). Dependencies on resources outside the slice are dropped, since
// a slice runs after the steps it depends on (the workflow orders the actions).






/** Every capability by its `--only` name, in the order a run applies them. */
const CAPABILITIES = {
    db: db/* dbCapability */.bP,
    powerbi: src_powerbi/* powerBiCapability */.jl,
    dns: dnsCapability,
    // Last: its report links describe what Power BI deployed.
    registry: src_registry/* registryCapability */.c$,
};
const CAPABILITY_NAMES = Object.keys(CAPABILITIES);
/** How plans name long lists of one kind ("42 reports to clone"), gathered from every capability. */
const resources_KIND_LABELS = Object.assign({}, ...Object.values(CAPABILITIES).map((c) => c.labels ?? {}));
// Per inputs (a run's, or the sandbox's copy with its own platform) and tenant file: a step that
// plans, applies and then summarises a tenant derives its context once, not three times.
const contexts = new WeakMap();
/** Everything a run derives from one of its tenant files, once; capabilities read it, never re-derive it. */
function resources_tenantContext(inputs, config) {
    let byTenant = contexts.get(inputs);
    if (!byTenant)
        contexts.set(inputs, (byTenant = new WeakMap()));
    let ctx = byTenant.get(config);
    if (!ctx)
        byTenant.set(config, (ctx = deriveTenantContext(inputs, config)));
    return ctx;
}
/**
 * tenantContext without keeping it: a plan of the whole fleet streamed tenant by tenant derives
 * each context when the tenant's turn comes and lets it go after.
 */
function deriveTenantContext(inputs, config) {
    return {
        config,
        platform: inputs.platform,
        root: inputs.root,
        names: (0,naming/* deriveNames */.On)(config.code),
        hostname: (0,naming/* tenantHostname */.Mv)(config.subdomain, inputs.platform.dns.zone),
        reports: sharedReports(inputs, config),
        // The db capability's (DbTenant): read when first asked for, so a plan without db never reads it.
        get migrations() {
            return runMigrations(inputs);
        },
    };
}
// templates/tenant-migrations, read once per run: reading it per tenant (with the stat calls that
// tell an edited file) cost over a second of a 10,000-tenant plan, which makes each tenant twice.
const migrations = new WeakMap();
function runMigrations(inputs) {
    let files = migrations.get(inputs);
    if (!files)
        migrations.set(inputs, (files = (0,db/* readTenantMigrations */.Sk)(inputs.root)));
    return files;
}
// Tenants of one provider combination, modules and pins get the same reports: matched once per run
// and shared (read-only), rather than 42 objects made and kept for each of 10,000 tenants.
const matched = new WeakMap();
function sharedReports(inputs, config) {
    const pinned = (0,src_catalog/* pinsOf */.cz)(inputs.pins ?? [], config.code);
    const key = JSON.stringify([config.providers, [...config.modules].sort(), [...pinned.values()].map((r) => r.name).sort()]);
    let byKey = matched.get(inputs);
    if (!byKey)
        matched.set(inputs, (byKey = new Map()));
    let reports = byKey.get(key);
    if (!reports)
        byKey.set(key, (reports = (0,src_catalog/* matchReports */.X9)({ providers: config.providers, modules: config.modules }, inputs.catalog, pinned)));
    return reports;
}
/** Kinds a rebuild may write again although nothing of them is in the world (Capability.recordKinds). */
const RECORD_KINDS = new Set(Object.values(CAPABILITIES).flatMap((c) => c.recordKinds ?? []));
function tenantResources(ctx, only) {
    const wanted = new Set(only?.length ? only : CAPABILITY_NAMES);
    const resources = CAPABILITY_NAMES.filter((name) => wanted.has(name)).flatMap((name) => CAPABILITIES[name].desiredResources(ctx));
    const keys = new Set(resources.map((r) => r.key));
    return resources.map((r) => (r.dependsOn.every((d) => keys.has(d)) ? r : withDependsOn(r, r.dependsOn.filter((d) => keys.has(d)))));
}
/**
 * The same resource with other dependencies: a proxy, so class-based resources keep their methods
 * (bound to the real object, which private fields need).
 */
function withDependsOn(resource, dependsOn) {
    return new Proxy(resource, {
        get: (target, prop) => {
            if (prop === 'dependsOn')
                return dependsOn;
            const value = Reflect.get(target, prop, target);
            return typeof value === 'function' ? value.bind(target) : value;
        },
    });
}

;// CONCATENATED MODULE: ./src/run/plan.ts




function plan_selectTenants(inputs, code) {
    if (code === undefined)
        return inputs.tenants;
    const found = inputs.tenants.filter((t) => t.config.code === code);
    if (!found.length) {
        const known = inputs.tenants.map((t) => t.config.code).join(', ') || 'none';
        throw new src_errors/* EnvironmentError */.eG(`no tenant "${code}" in tenants/; known: ${known}`);
    }
    return found;
}
/** The resource graph of every tenant in scope, each built from its context. */
function tenantGraphs(inputs, scope) {
    return plan_selectTenants(inputs, scope.tenant).map((t) => ({ tenant: t.config.code, resources: tenantResources(resources_tenantContext(inputs, t.config), scope.only) }));
}
async function planTenants(inputs, options = {}) {
    return (0,src_plan/* buildPlan */.Gg)({ tenants: tenantGraphs(inputs, options), offline: options.offline, createContext: options.createContext });
}
/** A plan against what exists now (read-only calls only). */
async function plan_planOnline(inputs, services, scope = {}) {
    return planTenants(inputs, { ...scope, createContext: contextFactory(services) });
}
/**
 * What an offline plan of the tenants in scope is made of, for withOfflinePlan (equal to
 * planTenants(..., { offline: true })): each tenant's context and resources are made on its turn
 * and dropped after, so a fleet of 10,000 plans in the memory of one tenant.
 */
function offlinePlanOf(inputs, scope = {}) {
    const selected = plan_selectTenants(inputs, scope.tenant);
    const byCode = new Map(selected.map((t) => [t.config.code, t.config]));
    return {
        tenants: selected.map((t) => t.config.code),
        resources: (code) => tenantResources(deriveTenantContext(inputs, byCode.get(code)), scope.only),
    };
}

;// CONCATENATED MODULE: ./src/run/mail.ts
// The run layer's mail: at go-live every super user's welcome (login URL, one-time invitation) and
// the "your platform is ready" notification; on a later apply of a live tenant, the welcome of each
// super user added since. Each tenant's sending holds its advisory lock, so two runs never send
// the same outbox row at once: call these outside the tenant's lock (after applyTenants returns).



/**
 * After the tenant went live: enqueue each super user's welcome and go-live notification (once
 * ever per user), then send whatever is pending. Failures are gathered into one ApplyError after
 * every other mail went out; the failed ones stay pending for the next run.
 */
function deliverGoLiveMail(inputs, services, tenant, options) {
    return deliver(inputs, services, tenant, options, true);
}
/**
 * For a live tenant's apply: the welcome of every super user who never had one (added since
 * go-live), and anything an earlier run left unsent. A tenant that is not live gets nothing: its
 * super users are invited when it goes live.
 */
async function deliverPendingMail(inputs, services, tenant, options) {
    const record = await (0,src_registry/* getTenant */.JR)(await services.registry(), tenant);
    if (record?.status !== 'live')
        return { ...empty(tenant), skipped: `tenant ${tenant} is not live` };
    return deliver(inputs, services, tenant, options, false);
}
/**
 * After an apply: each live tenant whose registry record was in the run's scope and applied
 * cleanly gets its pending mail (the welcome of a super user added to its file, anything an earlier
 * run left unsent). Only the registry slice carries super users, so a db, powerbi or dns step never
 * mails (nor needs the SMTP secret). A mail that fails does not fail the apply, which succeeded and
 * is recorded: it is logged as an error and stays pending in the outbox for the tenant's next apply
 * or go-live job (failing here would halt a rollout wave over an SMTP hiccup).
 */
async function deliverMailAfterApply(inputs, services, result, scope, options) {
    if (scope.only?.length && !scope.only.includes('registry'))
        return [];
    const deliveries = [];
    for (const t of result.tenants) {
        const config = inputs.tenants.find((x) => x.config.code === t.tenant)?.config;
        if (!config || config.lifecycle !== 'active' || t.failed.length || t.skipped.length)
            continue;
        try {
            const delivery = await deliverPendingMail(inputs, services, t.tenant, options);
            if (!delivery.skipped)
                deliveries.push(delivery);
        }
        catch (err) {
            services.log.error(`${t.tenant}: the apply succeeded, but its mail did not all go out; what failed stays pending for the next apply or go-live: ${err.message}`);
        }
    }
    return deliveries;
}
async function deliver(inputs, services, code, options, goLive) {
    const config = inputs.platform.mail;
    if (!config) {
        services.log.warn(`${code}: platform.yaml has no mail section, so no invitation or notification is sent`);
        return { ...empty(code), skipped: 'platform.yaml has no mail section' };
    }
    const registry = await services.registry();
    const record = await (0,src_registry/* getTenant */.JR)(registry, code);
    if (!record)
        throw new src_errors/* EnvironmentError */.eG(`tenant ${code} is not in the registry: apply it before mailing its super users`);
    const tenant = { code, name: record.name, subdomain: record.subdomain };
    const ctx = { registry, keyring: services.keyring(), platform: inputs.platform, mail: config, mailer: () => services.mailer(), log: services.log };
    return (0,src_registry/* withTenantLock */.eH)(registry, code, async () => {
        const users = await (0,src_registry/* listUsers */.ZZ)(registry, code);
        const queued = { welcome: await enqueueWelcomeMail(ctx, tenant, users), goLive: goLive ? await enqueueGoLiveMail(ctx, tenant, users) : 0 };
        const outcome = await sendPendingMail(ctx, tenant, users);
        const result = { tenant: code, queued, sent: outcome.sent, reissued: outcome.reissued, cancelled: outcome.cancelled };
        if (queued.welcome || queued.goLive || outcome.sent || outcome.cancelled || outcome.failures.length) {
            await (0,src_registry/* appendAudit */.u0)(registry, {
                actor: options.actor,
                githubRun: options.githubRun,
                tenant: code,
                action: goLive ? 'mail.go-live' : 'mail.pending',
                target: 'outbox',
                after: { ...queued, sent: outcome.sent, reissued: outcome.reissued, cancelled: outcome.cancelled, failed: outcome.failures.length },
            });
        }
        if (outcome.failures.length)
            throw new src_errors/* ApplyError */.d5(outcome.failures.map((f) => ({ key: `${f.kind} mail to ${f.recipient}`, error: f.error })));
        return result;
    }, { holder: `mail (${options.actor})` });
}
function empty(tenant) {
    return { tenant, queued: { welcome: 0, goLive: 0 }, sent: 0, reissued: 0, cancelled: 0 };
}

;// CONCATENATED MODULE: ./src/run/apply.ts
// Apply for tenants: live services, one deployment journaled in the registry,
// each tenant under its advisory lock, bound to the reviewed plan hash when one is given.






/** The registry's row for a tenant, from its file (the journal's anchor; rebuild writes it too). */
function tenantAnchor(config, inputs) {
    return {
        code: config.code,
        name: config.name,
        subdomain: config.subdomain,
        isolation: config.database.isolation,
        cluster: (0,db/* dataStoreOf */.t3)(config, inputs.platform).cluster,
    };
}
async function apply_applyTenants(inputs, services, options) {
    const result = await applyJournaled(inputs, services, options);
    // Outside every tenant's lock (the mail takes it again): a super user added to a live tenant's
    // file gets their welcome now; a tenant not yet live gets its mail at go-live.
    await deliverMailAfterApply(inputs, services, result, options, { actor: options.actor, githubRun: options.githubRun });
    return result;
}
/** The apply itself: one deployment per tenant, journaled, each tenant under its lock. */
async function applyJournaled(inputs, services, options) {
    const registry = await services.registry();
    const selected = plan_selectTenants(inputs, options.tenant);
    const tenants = tenantGraphs(inputs, options);
    // Deployments reference the tenant, so a tenant new to the registry gets a bare row first. It
    // only anchors the journal: the registry's record of the tenant (name, users, modules) is the
    // `registry` capability's, planned and applied like any resource.
    const deployments = new Map();
    try {
        for (const { config } of selected) {
            if (!(await (0,src_registry/* getTenant */.JR)(registry, config.code)))
                await (0,src_registry/* anchorTenant */.kR)(registry, tenantAnchor(config, inputs));
            // A run that died left its deployment `running`; said once, recorded as abandoned.
            for (const dead of await (0,src_registry/* abandonDeadDeployments */.SQ)(registry, config.code))
                services.log.warn((0,src_registry/* describeAbandoned */.OI)(config.code, dead));
            deployments.set(config.code, await (0,src_registry/* startLiveDeployment */.qN)(registry, { tenant: config.code, planHash: options.planHash ?? 'unreviewed', actor: options.actor, githubRunId: options.githubRun, githubRunUrl: options.githubRunUrl }));
        }
    }
    catch (err) {
        for (const d of deployments.values())
            await d.finish('failed').catch(() => undefined);
        throw err;
    }
    const journals = new Map([...deployments].map(([tenant, d]) => [tenant, (0,src_registry/* createRegistryJournal */.rd)(registry, d.id)]));
    const journal = {
        intent: (tenant, ...rest) => journals.get(tenant).intent(tenant, ...rest),
        done: (tenant, ...rest) => journals.get(tenant).done(tenant, ...rest),
        failed: (tenant, ...rest) => journals.get(tenant).failed(tenant, ...rest),
    };
    let result;
    try {
        result = await (0,src_plan/* applyPlan */.gj)(undefined, {
            tenants,
            expectedHash: options.planHash,
            force: options.force,
            concurrency: options.concurrency,
            tenantConcurrency: options.tenantConcurrency ?? 4,
            journal,
            lock: (tenant, fn) => (0,src_registry/* withTenantLock */.eH)(registry, tenant, async (wait) => {
                // This tenant's deployment was started before the plan's reads began, so "nobody else since
                // it started" covers those reads (the plan engine says why that makes a re-read redundant).
                const untouchedSincePlan = !wait.waited && !(await (0,src_registry/* tenantTouchedSince */.TD)(registry, tenant, deployments.get(tenant).id));
                return fn({ waited: wait.waited, holder: wait.heldBy && (0,src_registry/* describeHolder */.sG)(wait.heldBy), untouchedSincePlan });
            }, {
                holder: `deployment ${deployments.get(tenant).id}`,
                onWait: (heldBy) => services.log.info(`${tenant}: another run holds its lock (${heldBy ? (0,src_registry/* describeHolder */.sG)(heldBy) : 'it has just let go'}); waiting for it to finish, then planning again`),
            }),
            createContext: contextFactory(services),
            log: services.log,
        });
        for (const t of result.tenants) {
            if (t.failed.length)
                await recordFailure(registry, t.tenant, result.hash, options);
            else if (!t.skipped.length)
                await recordLifecycle(registry, selected.find((x) => x.config.code === t.tenant).config, result.hash, options);
            if (!t.applied.length)
                continue;
            await (0,src_registry/* appendAudit */.u0)(registry, { actor: options.actor, githubRun: options.githubRun, tenant: t.tenant, action: 'apply', target: `deployment ${deployments.get(t.tenant).id}`, after: { hash: result.hash, applied: t.applied, runUrl: options.githubRunUrl, approvedBy: options.approvedBy } });
        }
        return result;
    }
    finally {
        for (const [tenant, deployment] of deployments) {
            const failed = !result || result.tenants.some((t) => t.tenant === tenant && (t.failed.length || t.skipped.length));
            await deployment.finish(failed ? 'failed' : 'succeeded');
        }
    }
}
/**
 * A tenant not yet live whose apply failed is `failed` (a live or suspended one keeps its status:
 * it still serves; the failure is in the run and the journal).
 */
async function recordFailure(registry, code, hash, options) {
    const tenant = await (0,src_registry/* getTenant */.JR)(registry, code);
    if (!tenant || !(0,src_registry/* canTransition */.w)(tenant.status, 'failed') || tenant.status === 'failed')
        return;
    await (0,src_registry/* transitionTenant */.UG)(registry, code, 'failed', { actor: options.actor, run: options.githubRun, planHash: hash, reason: 'apply failed' });
}
/**
 * A live tenant whose file says suspended (or decommissioned with retain) is `suspended` once its
 * apply has taken its logins, refreshes and DNS away; resumed (active again), it is `live` again.
 * A tenant that never went live keeps its status: the gate, not the file, takes it live.
 */
async function recordLifecycle(registry, config, hash, options) {
    const tenant = await (0,src_registry/* getTenant */.JR)(registry, config.code);
    if (!tenant)
        return;
    const suspend = config.lifecycle === 'suspended' || (config.lifecycle === 'decommissioned' && config.deletionPolicy === 'retain');
    const to = suspend && tenant.status === 'live' ? 'suspended' : config.lifecycle === 'active' && tenant.status === 'suspended' ? 'live' : undefined;
    if (to)
        await (0,src_registry/* transitionTenant */.UG)(registry, config.code, to, { actor: options.actor, run: options.githubRun, planHash: hash, reason: `lifecycle ${config.lifecycle}` });
}

;// CONCATENATED MODULE: ./src/run/steps/step.ts





/**
 * Plans `scope` online and, in apply mode, applies it bound to the reviewed hash (or to the plan
 * just made). `skipWhenUnchanged` leaves a plan without changes unapplied: no deployment, no lock.
 */
async function step_planThenApply(run, step, scope, options = {}) {
    // A malformed hash is the caller's mistake, refused before anything is read.
    const reviewed = step.mode === 'apply' && step.planHash ? parsePlanHash(step.planHash, 'the plan-hash input') : undefined;
    const plan = await planOnline(run.inputs, run.services, scope);
    if (reviewed && !matchesPlanHash(reviewed, plan.hash))
        throw new ReviewedPlanChangedError(reviewed, plan, scope);
    if (step.mode !== 'apply' || (options.skipWhenUnchanged && countChanges(plan) === 0))
        return { plan, applied: 0, appliedTenants: 0, durationMs: 0 };
    const result = await applyTenants(run.inputs, run.services, {
        ...scope,
        // The full hash of the plan just checked against the reviewed one (which may be a prefix).
        planHash: plan.hash,
        force: step.force,
        actor: step.actor,
        githubRun: step.githubRun,
        githubRunUrl: step.githubRunUrl,
    });
    const applied = result.tenants.filter((t) => t.applied.length);
    return { plan, applied: applied.reduce((n, t) => n + t.applied.length, 0), appliedTenants: applied.length, durationMs: result.durationMs };
}
function step_emptyCounts() {
    return { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
}
/** The plan's counts over all its tenants (zero for no plan: a verify or migration run). */
function step_sumCounts(plan) {
    const total = step_emptyCounts();
    for (const t of plan?.tenants ?? [])
        for (const k of Object.keys(total))
            total[k] += t.counts[k];
    return total;
}
/**
 * The step's refusal when the world changed since the plan was reviewed: nothing was applied, and
 * the job summary (the step runner writes `summary`) shows the new plan and how to accept it.
 */
class ReviewedPlanChangedError extends src_errors/* PlanMismatchError */.eo {
    summary;
    constructor(expected, plan, scope) {
        super(expected, plan.hash);
        const capability = scope.only?.join(',') ?? 'all';
        this.summary = [
            `### Refused: the ${capability} plan${scope.tenant ? ` of ${scope.tenant}` : ''} changed since it was reviewed`,
            '',
            `Reviewed hash \`${expected}\`, computed now \`${plan.hash}\`. Nothing was changed.`,
            '',
            'If the new plan below is what should happen, re-dispatch tenant-provision for this tenant with the input',
            `\`accept-hashes\` set to \`${capability}=${plan.hash}\` (comma-separate several capabilities).`,
            '',
            (0,src_plan/* renderPlanMarkdown */.d$)(plan, { labels: resources_KIND_LABELS }),
        ].join('\n');
    }
}

;// CONCATENATED MODULE: ./src/run/steps/provision-db.ts
// What actions/provision-db does, as one library call: plan or apply the db slice of a tenant (or
// every tenant), or roll the migrations out to all of them; with the markdown the job summary shows
// and the non-secret figures the step outputs carry. The CLI's apply and migrate are the same calls.







async function provisionDb(options) {
    return withRun(options.root, { log: options.log, env: options.env }, async (run) => {
        const selected = selectTenants(run.inputs, options.tenant).map((t) => t.config);
        const codes = selected.map((t) => t.code);
        if (options.migrateAll) {
            const migration = await migrateTenants({ tenants: selected, services: run.services });
            return { planHash: '', counts: emptyCounts(), applied: 0, tenants: codes, dataStores: [], migration, markdown: renderMigrationMarkdown(migration) };
        }
        const step = await planThenApply(run, options, { tenant: options.tenant, only: ['db'] });
        let markdown = renderPlanMarkdown(step.plan, { labels: KIND_LABELS });
        if (options.mode === 'apply')
            markdown += `\n\nApplied ${step.applied} change(s) to ${step.appliedTenants} tenant(s) in ${Math.round(step.durationMs)} ms.`;
        const registry = await run.services.registry();
        const dataStores = [];
        for (const code of codes) {
            const s = await getDataStore(registry, code);
            if (s)
                dataStores.push({ tenant: code, host: s.host, port: s.port, database: s.database, schema: s.schema, appRole: s.appRole, biRole: s.biRole, status: s.status });
        }
        return { planHash: step.plan.hash, counts: sumCounts(step.plan), applied: step.applied, tenants: codes, dataStores, markdown };
    });
}

;// CONCATENATED MODULE: ./src/run/steps/powerbi-deploy.ts
// What actions/powerbi-deploy runs: plan (GET calls only), apply (the difference, journaled, under
// the tenant's lock) or verify, for one tenant or all, and a per-tenant summary built from the
// registry (ids, reports deployed of expected, refresh status, workspace link) for the outputs
// and the job summary. Never a secret in any of it.







async function deployPowerBi(options) {
    const powerbi = { ...options.powerbi, getIdToken: options.getIdToken ?? options.powerbi?.getIdToken, reports: options.reports };
    return withRun(options.root, { log: options.log, env: options.env, powerbi }, async (run) => {
        let plan;
        let applied = 0;
        if (options.mode !== 'verify') {
            // A plan without changes is not applied: no deployment row, no lock, no second read.
            ({ plan, applied } = await planThenApply(run, options, { tenant: options.tenant, only: ['powerbi'], concurrency: options.concurrency }, { skipWhenUnchanged: true }));
        }
        const tenants = [];
        for (const { config } of selectTenants(run.inputs, options.tenant)) {
            const summary = await summarise(run.services, config.code, tenantContext(run.inputs, config).reports.length);
            if (options.mode === 'verify')
                summary.verification = await verifyPowerBiTenant(run.services, config);
            tenants.push(summary);
        }
        const markdown = [plan ? renderPlanMarkdown(plan, { labels: KIND_LABELS }) : '', renderSummaryMarkdown(tenants)].filter(Boolean).join('\n\n');
        return { planHash: plan?.hash ?? '', counts: sumCounts(plan), applied, tenants, markdown };
    });
}
async function summarise(services, code, expected) {
    const registry = await services.registry();
    const records = new Map((await listResources(registry, code)).map((r) => [r.key, r]));
    const workspaceId = records.get(POWERBI_KEYS.workspace)?.externalId ?? undefined;
    const refresh = records.get(POWERBI_KEYS.refresh)?.state;
    return {
        tenant: code,
        profileId: records.get(POWERBI_KEYS.profile)?.externalId ?? undefined,
        workspaceId,
        workspaceUrl: workspaceId ? `https://app.powerbi.com/groups/${workspaceId}` : undefined,
        modelId: records.get(POWERBI_KEYS.model)?.externalId ?? undefined,
        reports: { deployed: (await listReportMappings(registry, code)).length, expected },
        refresh: refresh?.status,
    };
}
/** The job summary's per-tenant table. */
function renderSummaryMarkdown(tenants) {
    const lines = ['### Power BI', '', '| tenant | reports | refresh | workspace | verify |', '|---|---|---|---|---|'];
    for (const t of tenants) {
        const verify = t.verification ? (t.verification.ok ? 'passed' : `FAILED: ${t.verification.checks.filter((c) => !c.ok).map((c) => c.name).join(', ')}`) : '';
        lines.push(`| ${t.tenant} | ${t.reports.deployed}/${t.reports.expected} | ${t.refresh ?? 'none'} | ${t.workspaceUrl ? `[open](${t.workspaceUrl})` : 'not created'} | ${verify} |`);
    }
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/run/steps/dns.ts
// What actions/dns runs: plan or apply the dns slice of one tenant, with the markdown the job
// summary shows (records before and after, what verification heard) and the figures the step
// outputs carry. The CLI's `apply --only dns` is the same run-layer call.





async function runDnsStep(options) {
    return withRun(options.root, { log: options.log, env: options.env, dns: options.dns }, async (run) => {
        const [{ config: tenant }] = selectTenants(run.inputs, options.tenant);
        const { platform } = run.inputs;
        const dns = run.services.dns();
        const ctx = tenantContext(run.inputs, tenant);
        const before = await readTenantRecords(dns, ctx);
        const step = await planThenApply(run, options, { tenant: tenant.code, only: ['dns'] });
        const after = options.mode === 'apply' ? await readTenantRecords(dns, ctx) : undefined;
        const changes = step.plan.tenants.flatMap((t) => t.changes);
        const markdown = renderDnsSummary({
            tenant: tenant.code, mode: options.mode, provider: platform.dns.provider, planHash: step.plan.hash,
            changes: changes.map((c) => c.summary), before, after, verifications: dns.verifications,
        });
        return { planHash: step.plan.hash, changes: changes.length, applied: step.applied, fqdn: before[0].fqdn, records: after ?? before, markdown };
    });
}

;// CONCATENATED MODULE: ./src/run/steps/review-plan.ts
// The plan a pull request is reviewed with: for each tenant it changes, one plan per capability,
// each exactly the plan (and hash) that capability's action step computes for that tenant, so the
// merge can bind every step to what its reviewers saw. Offline when the PR has no secrets.



async function planForReview(inputs, services, options) {
    const reviews = [];
    for (const tenant of options.tenants) {
        plan_selectTenants(inputs, tenant);
        const plans = {};
        for (const only of CAPABILITY_NAMES) {
            const scope = { tenant, only: [only] };
            plans[only] = options.offline ? await planTenants(inputs, { ...scope, offline: true }) : await plan_planOnline(inputs, services, scope);
        }
        reviews.push({ tenant, plans });
    }
    return reviews;
}
/** Per capability, the hash; what the PR comment's marker carries for the tenant. */
function reviewHashes(review) {
    return Object.fromEntries(CAPABILITY_NAMES.map((c) => [c, review.plans[c].hash]));
}
/** `db +2 ~1 · powerbi +44 · dns no change`, with capabilities that need force called out. */
function renderReviewLine(review) {
    return CAPABILITY_NAMES.map((c) => {
        const t = review.plans[c].tenants[0];
        const n = t?.counts;
        const parts = n ? [['+', n.create], ['~', n.update], ['±', n.replace], ['-', n.delete]].filter(([, v]) => Number(v) > 0).map(([s, v]) => `${s}${v}`) : [];
        const unsafe = t?.unsafe.length ? ' **force required (applied after the go-live gate)**' : '';
        return `${c} ${parts.length ? parts.join(' ') : 'no change'}${unsafe}`;
    }).join(' · ');
}
/** Each capability's plan markdown under its own heading. */
function renderReviewDetails(review) {
    return CAPABILITY_NAMES.map((c) => `#### ${c} \`${review.plans[c].hash}\`\n\n${(0,src_plan/* renderPlanMarkdown */.d$)(review.plans[c], { labels: resources_KIND_LABELS })}`).join('\n\n');
}
/** One tenant's part of a fleet plan, hashed as a plan of that tenant alone. */
function tenantSubPlan(plan, tenant) {
    const tenants = plan.tenants.filter((t) => t.tenant === tenant);
    return { ...plan, tenants, hash: (0,src_plan/* hashPlan */.k)({ version: plan.version, tenants }) };
}

;// CONCATENATED MODULE: ./src/run/steps/provision-gate.ts
// Before a provisioning run writes anything: plan each capability of the tenant again, hold each
// to the hash that was reviewed (or accepted), and split them into what this job applies now and
// what needs force, which only the go-live job applies, behind its approval, bound to the hash of
// the destructive plan shown here.



async function checkProvisionGate(inputs, services, options) {
    const [{ config }] = plan_selectTenants(inputs, options.tenant);
    const plans = new Map();
    const checks = [];
    for (const capability of CAPABILITY_NAMES) {
        const plan = await plan_planOnline(inputs, services, { tenant: config.code, only: [capability] });
        plans.set(capability, plan);
        const expected = options.expected[capability];
        checks.push({ capability, expected, hash: plan.hash, matches: expected === plan.hash, changes: plan.tenants[0]?.changes.length ?? 0, unsafe: (0,src_plan/* isUnsafe */.zk)(plan) });
    }
    const mismatched = checks.filter((c) => !c.matches).map((c) => c.capability);
    const deferred = checks.filter((c) => c.unsafe).map((c) => c.capability);
    const apply = mismatched.length ? [] : checks.filter((c) => !c.unsafe && c.changes > 0).map((c) => c.capability);
    let destructive;
    if (!mismatched.length && deferred.length) {
        const plan = await plan_planOnline(inputs, services, { tenant: config.code, only: deferred });
        destructive = { hash: plan.hash, markdown: (0,src_plan/* renderPlanMarkdown */.d$)(plan, { labels: resources_KIND_LABELS, forceFlag: 'the go-live approval' }) };
    }
    const result = { tenant: config.code, lifecycle: config.lifecycle, checks, mismatched, apply, deferred, destructive, markdown: '' };
    result.markdown = renderGateMarkdown(result, plans);
    return result;
}
function renderGateMarkdown(r, plans) {
    const out = [`### tenantops: provisioning ${r.tenant}`, '', '| capability | reviewed | now | changes | applied |', '|---|---|---|---|---|'];
    for (const c of r.checks) {
        const when = r.mismatched.length ? 'refused' : c.unsafe ? 'after the go-live gate' : c.changes ? 'here' : 'nothing to do';
        out.push(`| ${c.capability} | \`${c.expected?.slice(0, 12) ?? 'none'}\` | \`${c.hash.slice(0, 12)}\` | ${c.changes} | ${when} |`);
    }
    if (r.mismatched.length) {
        const accept = r.checks.map((c) => `${c.capability}=${c.hash}`).join(',');
        out.push('', `**Refused: the plan of ${r.mismatched.join(', ')} is not the one that was reviewed.** Nothing was changed.`, '', 'If the plans below are what should happen, re-dispatch tenant-provision for this tenant with the input `accept-hashes` set to:', '', '```', accept, '```', '', ...r.mismatched.map((c) => (0,src_plan/* renderPlanMarkdown */.d$)(plans.get(c), { labels: resources_KIND_LABELS })));
    }
    else if (r.destructive) {
        out.push('', `**Destructive changes wait for the go-live approval.** Approving applies exactly this plan, hash \`${r.destructive.hash}\`; if it changes before then, go-live refuses.`, '', r.destructive.markdown);
    }
    return out.join('\n');
}
/** `db=<hash>,powerbi=<hash>` (the accept-hashes input) as a map; unknown capabilities are refused by the caller. */
function parseAcceptedHashes(text) {
    const out = {};
    for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [name, hash] = part.split('=').map((s) => s.trim());
        out[name] = hash ?? '';
    }
    return out;
}

;// CONCATENATED MODULE: ./src/run/steps/index.ts
// The library calls the actions (and the CLI's equivalents) run: one per action.yml.






;// CONCATENATED MODULE: ./src/rollout/waves.ts
// Wave planning, pure: the fleet's tenant codes and the rollout policy in, the waves out — the
// canary tenants first (in the policy's order), then batches of the rest in code order — and the
// halt rule a wave is judged by once its tenants have finished.
const DEFAULT_POLICY = { canary: [], batch: { percent: 25 }, haltAfter: { count: 0 } };
/** `50` → {count: 50}, `"25%"` → {percent: 25}; anything else undefined (validation has refused it). */
function parseAmount(value) {
    if (typeof value === 'number')
        return Number.isInteger(value) && value >= 0 ? { count: value } : undefined;
    const m = typeof value === 'string' ? /^(\d{1,3})%$/.exec(value) : null;
    return m && Number(m[1]) <= 100 ? { percent: Number(m[1]) } : undefined;
}
/** platform.yaml's `rollout` section (validated, possibly absent) as a policy. */
function toRolloutPolicy(config) {
    return {
        canary: [...(config?.canary ?? DEFAULT_POLICY.canary)],
        batch: parseAmount(config?.batch) ?? DEFAULT_POLICY.batch,
        haltAfter: parseAmount(config?.haltAfter) ?? DEFAULT_POLICY.haltAfter,
    };
}
function formatAmount(amount) {
    return 'count' in amount ? String(amount.count) : `${amount.percent}%`;
}
/**
 * Canary first, then batches. A percent batch is of the tenants after the canary, rounded up and
 * at least 1, so 25% of 10 is 3, 3, 3, 1 and no wave is ever empty.
 */
function planWaves(tenants, policy) {
    const known = new Set(tenants);
    const unknownCanary = policy.canary.filter((c) => !known.has(c));
    const canary = policy.canary.filter((c) => known.has(c));
    const inCanary = new Set(canary);
    const rest = [...tenants].filter((t) => !inCanary.has(t)).sort();
    const size = Math.max(1, 'count' in policy.batch ? policy.batch.count : Math.ceil((rest.length * policy.batch.percent) / 100));
    const waves = [];
    if (canary.length)
        waves.push({ index: 0, name: 'canary', tenants: canary });
    for (let i = 0; i < rest.length; i += size) {
        const index = waves.length;
        waves.push({ index, name: `wave ${canary.length ? index : index + 1}`, tenants: rest.slice(i, i + size) });
    }
    return { waves, unknownCanary };
}
/**
 * Whether a finished wave halts the rollout: its failures pass `haltAfter` (a count, or a percent
 * of the wave's tenants). `haltAfter: 0` halts on the first failure.
 */
function shouldHalt(failed, waveSize, haltAfter) {
    const allowed = 'count' in haltAfter ? haltAfter.count : (waveSize * haltAfter.percent) / 100;
    return failed > allowed;
}

;// CONCATENATED MODULE: ./src/rollout/index.ts
// rollout: fleet-wide changes in waves, pure — the waves a policy makes of the fleet and the rule
// that halts one. The run layer applies the waves and the registry records where each tenant stands.


;// CONCATENATED MODULE: ./src/run/rollout.ts
// Fleet rollouts: the waves of src/rollout applied one after another with applyTenants (tenants of
// a wave in parallel under tenantConcurrency, each under its lock, within the shared rate budgets),
// where each tenant stands recorded in the registry, and a wave whose failures pass haltAfter
// halting the rollout. A re-run (resume) takes the pending tenants; retry takes only the failed.





/** Plans the waves from platform.yaml's rollout policy, records the rollout, and applies it. */
async function startRollout(inputs, services, options) {
    const policy = toRolloutPolicy(inputs.platform.rollout);
    const { waves, unknownCanary } = planWaves(inputs.tenants.map((t) => t.config.code), policy);
    if (unknownCanary.length) {
        throw new src_errors/* EnvironmentError */.eG(`rollout.canary of platform.yaml names ${unknownCanary.join(', ')}, not tenants of tenants/; allowed: codes of tenant files (${inputs.tenants.map((t) => t.config.code).join(', ') || 'none'})`);
    }
    const registry = await services.registry();
    const payload = { policy: { ...policy, canary: [...policy.canary] }, waveNames: waves.map((w) => w.name), only: options.only ? [...options.only] : undefined, reason: options.reason };
    const id = await (0,src_registry/* createRollout */.EO)(registry, {
        revision: options.revision,
        payload: payload,
        startedBy: options.actor,
        run: options.githubRunUrl ?? options.githubRun,
        tenants: waves.flatMap((w) => w.tenants.map((tenant) => ({ tenant, wave: w.index }))),
    });
    services.log.info(`rollout ${id}: ${waves.length} wave(s) of ${inputs.tenants.length} tenant(s) at ${options.revision}`);
    return continueRollout(inputs, services, id, 'pending', options);
}
/** Continues a rollout (the newest when no id is given) with its pending tenants, wave by wave. */
async function resumeRollout(inputs, services, options) {
    const rollout = await requireRollout(services, options.id);
    return continueRollout(inputs, services, rollout.id, 'pending', options);
}
/** Applies again only the failed tenants of a rollout, wave by wave; pending tenants wait for resume. */
async function retryRollout(inputs, services, options) {
    const rollout = await requireRollout(services, options.id);
    return continueRollout(inputs, services, rollout.id, 'failed', options);
}
/** Where a rollout (the newest when no id is given) stands. */
async function rolloutStatus(services, id) {
    const rollout = await requireRollout(services, id);
    return report(rollout, await (0,src_registry/* listRolloutTenants */.Nj)(await services.registry(), rollout.id));
}
async function requireRollout(services, id) {
    const rollout = await (0,src_registry/* getRollout */.g1)(await services.registry(), id);
    if (!rollout)
        throw new src_errors/* EnvironmentError */.eG(id ? `no rollout ${id} in the registry` : 'no rollout in the registry yet; start one with tenantops rollout start');
    return rollout;
}
async function continueRollout(inputs, services, id, take, options) {
    const registry = await services.registry();
    let rollout = (await (0,src_registry/* getRollout */.g1)(registry, id));
    const payload = rollout.payload;
    const policy = payload.policy;
    const byCode = new Map(inputs.tenants.map((t) => [t.config.code, t]));
    let tenants = await (0,src_registry/* listRolloutTenants */.Nj)(registry, id);
    const waves = [...new Set(tenants.map((t) => t.wave))].sort((a, b) => a - b);
    let applied = 0;
    let halted;
    await (0,src_registry/* setRolloutStatus */.Ch)(registry, id, 'running');
    for (const wave of waves) {
        if (options.maxWaves !== undefined && applied >= options.maxWaves)
            break;
        const name = payload.waveNames[wave] ?? `wave ${wave}`;
        const due = tenants.filter((t) => t.wave === wave && t.state === take);
        if (!due.length)
            continue;
        // A tenant whose file is gone since the rollout started has nothing left to roll out.
        for (const t of due.filter((t) => !byCode.has(t.tenant)))
            await (0,src_registry/* finishRolloutTenant */.De)(registry, id, t.tenant, { state: 'skipped', error: 'no longer in tenants/' });
        const codes = due.map((t) => t.tenant).filter((c) => byCode.has(c));
        if (codes.length) {
            services.log.info(`rollout ${id}: ${name}: ${codes.join(', ')}`);
            await (0,src_registry/* startRolloutTenants */.Jc)(registry, id, codes);
            const outcomes = await applyWave({ ...inputs, tenants: codes.map((c) => byCode.get(c)) }, services, payload.only, options);
            for (const code of codes) {
                const error = outcomes.get(code);
                await (0,src_registry/* finishRolloutTenant */.De)(registry, id, code, error === undefined ? { state: 'applied', revision: rollout.revision } : { state: 'failed', error });
                if (error !== undefined)
                    services.log.error(`rollout ${id}: ${code} failed: ${error}`);
            }
        }
        applied++;
        tenants = await (0,src_registry/* listRolloutTenants */.Nj)(registry, id);
        const inWave = tenants.filter((t) => t.wave === wave);
        const failed = inWave.filter((t) => t.state === 'failed').length;
        if (shouldHalt(failed, inWave.length, policy.haltAfter)) {
            halted = name;
            services.log.error(`rollout ${id}: ${name} halted the rollout: ${failed} of ${inWave.length} tenant(s) failed, more than haltAfter ${formatAmount(policy.haltAfter)}`);
            break;
        }
    }
    const open = tenants.some((t) => t.state === 'pending');
    const status = halted ? 'halted' : open ? 'running' : 'completed';
    await (0,src_registry/* setRolloutStatus */.Ch)(registry, id, status, halted);
    rollout = (await (0,src_registry/* getRollout */.g1)(registry, id));
    return report(rollout, tenants);
}
/**
 * Applies one wave's tenants together and says, per tenant, why it failed (absent: it succeeded).
 * A failure that stops the whole apply before any tenant's own outcome is known (a tenant whose
 * state cannot be read, an unsafe plan) is narrowed down by applying the tenants one by one, so
 * one broken tenant never fails its wave-mates.
 */
async function applyWave(inputs, services, only, options) {
    const codes = inputs.tenants.map((t) => t.config.code);
    const failures = new Map();
    let result;
    try {
        result = await apply_applyTenants(inputs, services, {
            only,
            force: options.force,
            tenantConcurrency: options.tenantConcurrency,
            actor: options.actor,
            githubRun: options.githubRun,
            githubRunUrl: options.githubRunUrl,
        });
    }
    catch (err) {
        if (err instanceof src_plan/* ApplyResultError */.mG) {
            result = err.result;
            for (const f of err.failures) {
                const code = codes.find((c) => f.key === c || f.key.startsWith(`${c} `));
                if (code && !failures.has(code))
                    failures.set(code, `${f.key}: ${f.error.message}`);
            }
        }
        else if (codes.length > 1) {
            for (const t of inputs.tenants) {
                const one = await applyWave({ ...inputs, tenants: [t] }, services, only, options);
                for (const [code, error] of one)
                    failures.set(code, error);
            }
            return failures;
        }
        else {
            failures.set(codes[0], err.message);
            return failures;
        }
    }
    for (const t of result.tenants) {
        if (!failures.has(t.tenant) && (t.failed.length || t.skipped.length))
            failures.set(t.tenant, `failed: ${t.failed.join(', ') || 'none'}; skipped: ${t.skipped.join(', ')}`);
    }
    return failures;
}
function report(rollout, tenants) {
    const payload = rollout.payload;
    const waves = [...new Set(tenants.map((t) => t.wave))].sort((a, b) => a - b).map((index) => ({
        index,
        name: payload.waveNames[index] ?? `wave ${index}`,
        tenants: tenants.filter((t) => t.wave === index).map(({ tenant, state, revision, error, attempts }) => ({ tenant, state, revision, error, attempts })),
    }));
    const counts = { pending: 0, applied: 0, failed: 0, skipped: 0 };
    for (const t of tenants)
        counts[t.state]++;
    return {
        id: rollout.id,
        revision: rollout.revision,
        status: rollout.status,
        reason: payload.reason,
        policy: { canary: payload.policy.canary, batch: formatAmount(payload.policy.batch), haltAfter: formatAmount(payload.policy.haltAfter) },
        ...(rollout.haltedWave ? { haltedAt: rollout.haltedWave } : {}),
        waves,
        counts,
    };
}
/** The job summary: one table row per tenant of the waves this run touched, or of all. */
function renderRolloutMarkdown(r) {
    const lines = [
        `### Rollout ${r.id}: ${r.status}${r.haltedAt ? ` (halted at ${r.haltedAt})` : ''}`,
        '',
        `Revision \`${r.revision}\`${r.reason ? `, ${r.reason}` : ''}; canary ${r.policy.canary.join(', ') || 'none'}, batch ${r.policy.batch}, haltAfter ${r.policy.haltAfter}. ` +
            `${r.counts.applied} applied, ${r.counts.failed} failed, ${r.counts.pending} pending, ${r.counts.skipped} skipped.`,
        '',
        '| wave | tenant | state | revision | attempts | error |',
        '|---|---|---|---|---|---|',
    ];
    const cell = (s) => (s ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 300);
    for (const w of r.waves)
        for (const t of w.tenants)
            lines.push(`| ${w.name} | ${t.tenant} | ${t.state} | ${cell(t.revision?.slice(0, 12) ?? '')} | ${t.attempts} | ${cell(t.error)} |`);
    return lines.join('\n');
}

// EXTERNAL MODULE: ./src/ops/index.ts + 7 modules
var ops = __webpack_require__(95297);
;// CONCATENATED MODULE: ./src/run/ops-actions.ts



/** One executor per step: a step that reads the whole fleet once (discover) shares that read. */
function createExecutor(action, ctx) {
    const guarded = (fn) => async (tenant) => {
        try {
            return await fn(tenant);
        }
        catch (err) {
            return { status: 'failed', detail: err instanceof Error ? err.message : String(err) };
        }
    };
    switch (action) {
        case 'refresh-dataflows':
            return guarded((t) => refresh(ctx, t, 'dataflows'));
        case 'refresh-models':
            return guarded((t) => refresh(ctx, t, 'models'));
        case 'migrate':
            return guarded(async (t) => {
                const { tenants } = await (0,db/* migrateTenants */.Ly)({ tenants: [t], services: ctx.services });
                const r = tenants[0];
                const status = r.status === 'failed' ? 'failed' : r.status === 'skipped' ? 'skipped' : 'succeeded';
                return { status, detail: r.error ?? (r.applied.length ? `applied ${r.applied.join(', ')}` : r.status) };
            });
        case 'verify':
            return guarded(async (t) => {
                const v = await (0,src_powerbi/* verifyPowerBiTenant */.IB)(ctx.services, t);
                const failed = v.checks.filter((c) => !c.ok);
                return { status: v.ok ? 'succeeded' : 'failed', detail: v.ok ? `${v.checks.length} checks passed` : failed.map((c) => `${c.name}: ${c.detail}`).join('; ') };
            });
        case 'redeploy-templates':
            return guarded(async (t) => {
                const result = await apply_applyTenants(ctx.inputs, ctx.services, { tenant: t.code, only: ['powerbi'], actor: ctx.actor, githubRun: ctx.githubRun });
                const mine = result.tenants.find((r) => r.tenant === t.code);
                return { status: 'succeeded', detail: mine?.applied.length ? `applied ${mine.applied.length} change(s)` : 'nothing to change' };
            });
        case 'discover': {
            let discovery;
            return guarded(async (t) => {
                discovery ??= (0,src_powerbi/* discoverPowerBi */.Ei)(ctx.services);
                const mine = (await discovery).discrepancies.filter((d) => d.tenant === t.code);
                return mine.length
                    ? { status: 'failed', detail: `${mine.length} discrepancy(ies)`, items: mine.map((d) => ({ target: `${d.what} ${d.id}`, status: d.kind, detail: d.detail })) }
                    : { status: 'succeeded', detail: 'matches the registry' };
            });
        }
    }
}
/** A refresh waited on to its end; a tenant over the shared capacity's daily allowance is skipped. */
async function refresh(ctx, tenant, what) {
    const rows = await (0,src_powerbi/* refreshTenants */.TR)(ctx.services, { tenants: [tenant], what, wait: true, concurrency: 1 });
    const items = rows.map((r) => ({ target: r.target, status: r.status, ...(r.requestId ? { requestId: r.requestId } : {}), ...(r.detail ? { detail: r.detail } : {}) }));
    if (!rows.length)
        return { status: 'succeeded', detail: `no ${what} to refresh`, items };
    if (rows.some((r) => r.status === 'Failed'))
        return { status: 'failed', items };
    if (rows.every((r) => r.status === 'Skipped'))
        return { status: 'skipped', detail: rows.map((r) => r.detail).filter(Boolean).join('; '), items };
    return { status: 'succeeded', items };
}

;// CONCATENATED MODULE: ./src/run/ops.ts




/** What the rules of an operations file check references against. */
function operationContext(inputs) {
    return {
        tenants: inputs.tenants.map((t) => t.config.code),
        capacities: Object.keys(inputs.platform.capacities ?? {}),
        clusters: Object.keys(inputs.platform.clusters ?? {}),
        modules: inputs.providers.modules,
    };
}
/** Every finding of operations/*.yaml, checked against the repository's tenants, capacities, clusters and modules. */
async function operationFindings(inputs) {
    return (await (0,ops/* loadOperations */.Lk)(inputs.root, operationContext(inputs))).findings;
}
/** A sequence of the repository by name (ConfigurationError with its findings, EnvironmentError when unknown). */
function loadSequence(inputs, name) {
    return (0,ops/* loadOperation */.GD)(inputs.root, name, operationContext(inputs));
}
function planSequence(inputs, sequence, tenant) {
    return (0,ops/* planOperation */.xf)(sequence, inputs.tenants.map((t) => t.config), { tenant });
}
async function runOperation(inputs, services, sequence, options) {
    const now = options.now ?? Date.now;
    const plan = planSequence(inputs, sequence, options.tenant);
    const configs = new Map(inputs.tenants.map((t) => [t.config.code, t.config]));
    const registry = await services.registry();
    const started = now();
    const id = await (0,src_registry/* startOperationRun */.Df)(registry, { sequence: sequence.name, actor: options.actor, githubRun: options.githubRun, startedAt: new Date(started) });
    const steps = [];
    let stoppedBy;
    let finished = started;
    try {
        for (const step of plan.steps) {
            if (stoppedBy) {
                steps.push({ id: step.id, action: step.action, status: 'not-run', detail: `not run: step "${stoppedBy}" failed and its policy is stop`, tenants: [], durationMs: 0 });
                continue;
            }
            const stepStarted = now();
            const execute = createExecutor(step.action, { inputs, services, actor: options.actor, githubRun: options.githubRun });
            const tenants = await (0,src_plan/* mapLimit */.sf)(step.tenants, step.parallelism, async (code) => {
                const blocker = blockingNeed(steps, step.needs, code);
                if (blocker)
                    return { tenant: code, status: 'skipped', attempts: 0, detail: blocker, durationMs: 0 };
                const begun = now();
                let attempts = 0;
                let result;
                do {
                    attempts++;
                    result = await execute(configs.get(code));
                    if (result.status === 'failed' && attempts <= step.retries)
                        services.log.warn(`${sequence.name}/${step.id}: ${code} failed (try ${attempts} of ${step.retries + 1}); trying again`);
                } while (result.status === 'failed' && attempts <= step.retries);
                return { tenant: code, ...result, attempts, durationMs: now() - begun };
            });
            const failed = tenants.some((t) => t.status === 'failed');
            steps.push({ id: step.id, action: step.action, status: failed ? 'failed' : 'succeeded', tenants, durationMs: now() - stepStarted });
            services.log.info(`${sequence.name}/${step.id}: ${failed ? 'failed' : 'done'} (${tenants.map((t) => `${t.tenant} ${t.status}`).join(', ') || 'no tenant'})`);
            if (failed && step.onFailure === 'stop')
                stoppedBy = step.id;
        }
    }
    finally {
        // A run cut short by an error is recorded as failed with the steps it got through.
        finished = now();
        await (0,src_registry/* finishOperationRun */.cD)(registry, id, { status: outcome(steps, plan), finishedAt: new Date(finished), durationMs: finished - started, steps });
    }
    return {
        id, name: sequence.name, actor: options.actor, ...(options.githubRun ? { githubRun: options.githubRun } : {}),
        startedAt: new Date(started).toISOString(), finishedAt: new Date(finished).toISOString(),
        status: outcome(steps, plan), steps, durationMs: finished - started,
    };
}
function outcome(steps, plan) {
    return steps.length === plan.steps.length && !steps.some((s) => s.status === 'failed') ? 'succeeded' : 'failed';
}
/** Why a tenant cannot run a step: a step it needs failed, was skipped or did not run for it. */
function blockingNeed(done, needs, tenant) {
    for (const need of needs) {
        const step = done.find((s) => s.id === need);
        const mine = step?.tenants.find((t) => t.tenant === tenant);
        if (step && mine && mine.status !== 'succeeded')
            return `needs step "${need}", which ${mine.status === 'failed' ? 'failed' : 'was skipped'} for this tenant`;
    }
    return undefined;
}
/** Past runs, newest first, in the shape a run reports. */
async function listOperationHistory(services, options = {}) {
    return (await (0,src_registry/* listOperationRuns */.OK)(await services.registry(), options)).map(toRunResult);
}
function toRunResult(r) {
    return {
        id: r.id, name: r.sequence, actor: r.actor, ...(r.githubRun ? { githubRun: r.githubRun } : {}),
        startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? '',
        status: r.status, steps: r.steps, durationMs: r.durationMs ?? 0,
    };
}

;// CONCATENATED MODULE: ./src/run/checklist-isolation.ts
// The checklist's `isolation`: the tenant's app and BI roles reach nothing of any other tenant on
// the same cluster, asserted on the catalog (has_database_privilege, has_schema_privilege,
// has_table_privilege, has_sequence_privilege) in each other tenant's database, as the cluster's
// admin sees it, so a grant made by hand is found as surely as one made by tenantops.

// Everything a role could do to another tenant's objects. Database privileges only count when the
// other tenant has a database of its own (schema isolation shares one, which every tenant connects to).
const REACH_SQL = `
WITH roles AS (SELECT oid, rolname FROM pg_roles WHERE rolname = ANY($1::text[]))
SELECT r.rolname AS role, 'database ' || d.datname AS object, p AS privilege
  FROM roles r, pg_database d, unnest(ARRAY['CONNECT', 'CREATE', 'TEMPORARY']) p
 WHERE $3 AND d.datname = current_database() AND has_database_privilege(r.oid, d.oid, p)
UNION ALL
SELECT r.rolname, 'schema ' || n.nspname, p
  FROM roles r, pg_namespace n, unnest(ARRAY['USAGE', 'CREATE']) p
 WHERE n.nspname = $2 AND has_schema_privilege(r.oid, n.oid, p)
UNION ALL
SELECT r.rolname, 'table ' || n.nspname || '.' || c.relname, p
  FROM roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
       unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
 WHERE n.nspname = $2 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND has_table_privilege(r.oid, c.oid, p)
UNION ALL
SELECT r.rolname, 'sequence ' || n.nspname || '.' || c.relname, p
  FROM roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, unnest(ARRAY['USAGE', 'SELECT', 'UPDATE']) p
 WHERE n.nspname = $2 AND c.relkind = 'S' AND has_sequence_privilege(r.oid, c.oid, p)
ORDER BY 1, 2, 3`;
async function checkRoleIsolation(services, registry, code) {
    const store = await (0,src_registry/* getDataStore */.eE)(registry, code);
    if (!store)
        return { ok: false, evidence: `the registry records no data store for ${code}: apply first` };
    const roles = [store.appRole, store.biRole].filter((r) => !!r);
    if (!roles.length)
        return { ok: false, evidence: `the registry records no app or BI role for ${code}` };
    const others = await otherStores(registry, store);
    if (!others.length)
        return { ok: true, evidence: `${roles.join(' and ')}: no other tenant's data on ${store.cluster}` };
    const found = [];
    let objects = 0;
    for (const other of others) {
        const pool = await services.clusterDatabase(other.cluster, other.database);
        found.push(...(await reachOf(pool, roles, other.schema, other.database !== store.database)));
        objects += await countObjects(pool, other.schema);
    }
    const names = others.map((o) => o.tenant).join(', ');
    if (!found.length)
        return { ok: true, evidence: `${roles.join(' and ')} reach nothing of ${others.length} other tenant(s) on ${store.cluster} (${names}; ${objects} objects checked in the catalog)` };
    const shown = found.slice(0, 5).map((f) => `${f.role} has ${f.privilege} on ${f.object}`);
    return { ok: false, evidence: `${shown.join('; ')}${found.length > 5 ? `; and ${found.length - 5} more` : ''}` };
}
/** The other tenants' stores on the same cluster (a byod tenant's server is its own). */
async function otherStores(registry, store) {
    const { rows } = await registry.query(`SELECT tenant, isolation, cluster, host, port, database, schema FROM data_stores
      WHERE cluster = $1 AND tenant <> $2 AND isolation <> 'byod' AND status <> 'decommissioned' ORDER BY tenant`, [store.cluster, store.tenant]);
    return rows;
}
async function reachOf(pool, roles, schema, ownDatabase) {
    return (await pool.query(REACH_SQL, [roles, schema, ownDatabase])).rows;
}
async function countObjects(pool, schema) {
    const { rows } = await pool.query(`SELECT 1 + count(c.oid)::int AS n FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S') WHERE n.nspname = $1`, [schema]);
    return rows[0]?.n ?? 0;
}

;// CONCATENATED MODULE: ./src/run/checklist.ts





/** The checks, in the order reviewers read them. Their ids are a public interface (`verify --json`). */
const CHECKLIST_IDS = ['dns', 'workspace', 'model', 'reports', 'modules', 'super-users', 'embed', 'isolation'];
async function runChecklist(inputs, services, config, hooks = {}) {
    const items = new Map();
    const set = (id, ok, evidence) => {
        items.set(id, { id, ok, evidence });
    };
    const attempt = async (id, fn) => {
        try {
            await fn();
        }
        catch (err) {
            set(id, false, err.message ?? String(err));
        }
    };
    const ctx = resources_tenantContext(inputs, config);
    const code = config.code;
    const registry = await services.registry();
    await attempt('dns', async () => {
        const [record, ownership] = await summary_readTenantRecords(services.dns(), ctx);
        const { target, recordType } = inputs.platform.dns;
        const want = normalizeValue(recordType, target);
        const has = record.set?.values.map((v) => normalizeValue(recordType, v)) ?? [];
        const owned = claimedTenant(ownership.set, services.dns().ownerId) === code;
        if (!record.set || has.length !== 1 || has[0] !== want)
            return set('dns', false, `${record.fqdn} ${record.type} is ${record.set ? normalize_describeSet(record.set) : 'absent'}; the platform's target is ${want}`);
        if (!owned)
            return set('dns', false, `${record.fqdn} points at ${want}, but ${ownership.fqdn} does not prove it is ${code}'s`);
        const server = services.dns().provider.nameserver;
        if (!server)
            return set('dns', true, `${record.fqdn} ${record.type} → ${want} (read back through the ${services.dns().provider.name} API)`);
        const answer = await queryServer(server, record.fqdn, recordType);
        if (!answer.reachable)
            return set('dns', true, `${record.fqdn} ${record.type} → ${want} (read back through the API; ${server} not reachable: ${answer.error})`);
        set('dns', answer.answer.join() === want, `${server} answers ${record.fqdn} ${record.type} → ${answer.answer.join(', ') || `nothing (${answer.error})`}${answer.answer.join() === want ? '' : `; the platform's target is ${want}`}`);
    });
    await attempt('workspace', async () => {
        const pbi = await (0,src_powerbi/* verifyPowerBiTenant */.IB)(services, config);
        const check = (name) => pbi.checks.find((c) => c.name === name) ?? pbi.checks.find((c) => c.name === 'registry') ?? { name, ok: false, detail: `not verified` };
        const records = new Map((await (0,src_registry/* listResources */.U2)(registry, code)).map((r) => [r.key, r]));
        const workspaceId = records.get(src_powerbi/* POWERBI_KEYS */.o1.workspace)?.externalId;
        const link = workspaceId ? ` — https://app.powerbi.com/groups/${workspaceId}` : '';
        const ws = check('isolation');
        set('workspace', ws.ok, `${ws.detail}${link}`);
        const refresh = (records.get(src_powerbi/* POWERBI_KEYS */.o1.refresh)?.state ?? {});
        const model = [check('model'), check('parameters'), check('data')];
        const refreshed = refresh.status === 'Completed';
        set('model', model.every((c) => c.ok) && refreshed, [...new Set(model.map((c) => c.detail))].join('; ') + `; last refresh ${refresh.status ?? 'never'}`);
        const bound = check('reports bound');
        const deployed = (await (0,src_registry/* listReportMappings */.UJ)(registry, code, 'active')).length;
        const expected = ctx.reports.length;
        set('reports', bound.ok && deployed === expected, `${deployed}/${expected} deployed; ${bound.detail}${link}`);
        const embed = check('embed token');
        set('embed', embed.ok, embed.detail);
    });
    for (const id of ['model', 'reports', 'embed'])
        if (!items.has(id))
            set(id, false, items.get('workspace')?.evidence ?? 'not verified');
    await attempt('modules', async () => {
        const state = await (0,src_registry/* readModules */.Uq)(registry, code);
        const missing = config.modules.filter((m) => !Object.keys(state.modules[m] ?? {}).length);
        const mappings = await (0,src_registry/* listReportMappings */.UJ)(registry, code, 'active');
        const unlinked = mappings.filter((m) => !state.reports[m.templateName]);
        const features = Object.values(state.modules).reduce((n, f) => n + Object.keys(f).length, 0);
        const ok = missing.length === 0 && unlinked.length === 0;
        set('modules', ok, [
            `${config.modules.length - missing.length}/${config.modules.length} module(s) initialised (${features} features)`,
            `${mappings.length - unlinked.length}/${mappings.length} report(s) linked to a feature`,
            ...(missing.length ? [`not initialised: ${missing.join(', ')}`] : []),
            ...(unlinked.length ? [`unlinked: ${unlinked.slice(0, 5).map((m) => m.templateName).join(', ')}${unlinked.length > 5 ? ', …' : ''}`] : []),
        ].join('; '));
    });
    await attempt('super-users', async () => {
        const users = await (0,src_registry/* listUsers */.ZZ)(registry, code);
        const wanted = new Set(config.superUsers.map((u) => u.email.toLowerCase()));
        const recorded = users.filter((u) => wanted.has(u.email));
        let ok = wanted.size > 0 && recorded.length === wanted.size && users.length === wanted.size;
        let evidence = `${users.length} super user(s) recorded${ok ? '' : `; the tenant file names ${wanted.size}`}`;
        if (hooks.superUsers) {
            const more = await hooks.superUsers({ tenant: code, users });
            ok &&= more.ok;
            evidence += `; ${more.evidence}`;
        }
        set('super-users', ok, evidence);
    });
    await attempt('isolation', async () => {
        const result = await checkRoleIsolation(services, registry, code);
        set('isolation', result.ok, result.evidence);
    });
    const checks = CHECKLIST_IDS.map((id) => items.get(id) ?? { id, ok: false, evidence: 'not checked' });
    return { tenant: code, ok: checks.every((c) => c.ok), checks };
}
/** The checklist as the job summary shows it: one table per tenant, ✅ / ❌ and the evidence. */
function renderChecklistMarkdown(lists) {
    const out = [];
    for (const list of lists) {
        out.push(`### QA checklist: ${list.tenant} ${list.ok ? '✅' : '❌'}`, '', '| check | | evidence |', '|---|---|---|');
        for (const c of list.checks)
            out.push(`| ${c.id} | ${c.ok ? '✅' : '❌'} | ${c.evidence.replaceAll('|', '\\|').replaceAll('\n', ' ')} |`);
        out.push('');
    }
    return out.join('\n');
}
/** The checklist as terminal lines. */
function renderChecklistText(list) {
    return [`${list.tenant}: ${list.ok ? 'verified' : 'FAILED'}`, ...list.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.id}: ${c.evidence}`)].join('\n');
}

;// CONCATENATED MODULE: ./src/run/rebuild.ts







/** The plan hash rebuild deployments are recorded with: they apply no reviewed plan. */
const REBUILD_PLAN_HASH = 'rebuild';
/** Fills an empty registry from the world; a tenant the registry already holds is refused. */
async function rebuildRegistry(inputs, services, options) {
    const registry = await services.registry();
    const selected = plan_selectTenants(inputs, options.tenant);
    const present = [];
    for (const { config } of selected)
        if (await (0,src_registry/* getTenant */.JR)(registry, config.code))
            present.push(config.code);
    if (present.length) {
        throw new src_errors/* EnvironmentError */.eG(`the registry already records ${present.join(', ')}; rebuild only fills a registry that lost its tenants (restore a backup with \`tenantops registry restore\`, or rebuild the others with --tenant)`);
    }
    const tenants = [];
    for (const { config } of selected)
        tenants.push(await rebuildTenant(inputs, services, registry, config, options));
    return { tenants };
}
async function rebuildTenant(inputs, services, registry, config, options) {
    const tenant = config.code;
    const resources = tenantResources(resources_tenantContext(inputs, config));
    await (0,src_registry/* upsertTenant */.U)(registry, { ...tenantAnchor(config, inputs), status: 'pending' });
    const deployment = await (0,src_registry/* startDeployment */.i4)(registry, { tenant, planHash: REBUILD_PLAN_HASH, actor: options.actor, githubRunId: options.githubRun });
    const journal = (0,src_registry/* createRegistryJournal */.rd)(registry, deployment);
    const result = { tenant, adopted: [], repaired: [], missing: [], refused: [], failed: [] };
    try {
        // "A run was creating these": every resource may now adopt what carries its name.
        for (const r of resources)
            await journal.intent(tenant, r.key, 'create', r.kind);
        const createContext = contextFactory(services);
        const ctx = await createContext(tenant, { phase: 'read', force: false });
        const found = new Map();
        for (const r of resources) {
            const actual = await r.read(ctx);
            found.set(r.key, { actual, change: r.diff(r.desired, actual) });
        }
        const excluded = excludedKeys(resources, found, result);
        const repair = resources.filter((r) => !excluded.has(r.key) && found.get(r.key).change);
        const applied = new Set();
        if (repair.length) {
            try {
                const outcome = await (0,src_plan/* applyPlan */.gj)(undefined, {
                    tenants: [{ tenant, resources: resources.filter((r) => !excluded.has(r.key)) }],
                    journal,
                    lock: (t, fn) => (0,src_registry/* withTenantLock */.eH)(registry, t, fn, { holder: `rebuild ${deployment}` }),
                    createContext,
                    log: services.log,
                });
                for (const key of outcome.tenants[0]?.applied ?? [])
                    applied.add(key);
            }
            catch (err) {
                if (!(err instanceof src_plan/* ApplyResultError */.mG))
                    throw err;
                for (const f of err.failures)
                    result.failed.push({ key: f.key, message: f.error.message });
                for (const t of err.result.tenants)
                    for (const key of t.applied)
                        applied.add(key);
            }
        }
        for (const r of resources) {
            const { actual } = found.get(r.key);
            if (actual !== undefined && !excluded.has(r.key))
                result.adopted.push(r.key);
            if (applied.has(r.key))
                result.repaired.push(r.key);
            if (applied.has(r.key) || excluded.has(r.key) || result.failed.some((f) => f.key === r.key))
                continue;
            // Found as desired: recorded with its id as a completed step would record it. Absent as
            // desired (nothing to retire): the journal says so, closing the intent.
            await journal.done(tenant, r.key, actual === undefined ? 'delete' : 'update', actual);
        }
        // Whatever was not found keeps no open intent: the next run must not adopt by name on our word.
        for (const key of [...result.missing, ...result.refused])
            await journal.failed(tenant, key, 'create', new Error('registry rebuild: not adopted (see its report)'));
        const complete = !result.missing.length && !result.refused.length && !result.failed.length;
        if (complete) {
            // Whether it had gone live is not in the world: provisioned, the QA gate's side.
            await (0,src_registry/* transitionTenant */.UG)(registry, tenant, 'provisioned', { actor: options.actor, run: options.githubRun, planHash: REBUILD_PLAN_HASH, reason: 'registry rebuild' });
        }
        await (0,src_registry/* finishDeployment */.jl)(registry, deployment, complete ? 'succeeded' : 'failed');
        services.log.info(`${tenant}: rebuilt: ${result.adopted.length} adopted, ${result.repaired.length} repaired, ${result.missing.length} missing, ${result.refused.length} refused, ${result.failed.length} failed`);
        return result;
    }
    catch (err) {
        await (0,src_registry/* finishDeployment */.jl)(registry, deployment, 'failed').catch(() => undefined);
        throw err;
    }
}
/**
 * What the rebuild leaves alone: resources it did not find (unless only a registry record), those
 * the plan would delete or replace, and everything that depends on either.
 */
function excludedKeys(resources, found, result) {
    const excluded = new Set();
    for (const r of resources) {
        const change = found.get(r.key).change;
        if (!change)
            continue;
        if (change.action === 'create' && !RECORD_KINDS.has(r.kind)) {
            excluded.add(r.key);
            result.missing.push(r.key);
        }
        else if (change.action === 'delete' || change.action === 'replace' || change.destroysData || change.fields.some((f) => f.forcesReplacement)) {
            excluded.add(r.key);
            result.refused.push(r.key);
        }
    }
    // Carried to every dependent, however the capabilities ordered their resources.
    for (let grew = true; grew;) {
        grew = false;
        for (const r of resources) {
            if (excluded.has(r.key) || !r.dependsOn.some((d) => excluded.has(d)))
                continue;
            excluded.add(r.key);
            result.missing.push(r.key);
            grew = true;
        }
    }
    return excluded;
}

;// CONCATENATED MODULE: ./src/run/lifecycle/teardown.ts




/** Reverse dependency order: what depends on the others goes first. */
const TEARDOWN_ORDER = ['dns', 'powerbi', 'db'];
/** The tenant's file as loaded; throws naming the known codes when there is none. */
function tenantFile(inputs, code) {
    return plan_selectTenants(inputs, code)[0];
}
/** `inputs` with one tenant's config replaced. */
function withTenantAs(inputs, code, change) {
    return { ...inputs, tenants: inputs.tenants.map((t) => (t.config.code === code ? { ...t, config: { ...t.config, ...change } } : t)) };
}
/** `only`: a subset of the capabilities (e.g. a platform without Power BI); all when absent or empty. */
async function planTeardown(inputs, services, code, only) {
    const plans = [];
    for (const capability of TEARDOWN_ORDER.filter((c) => !only?.length || only.includes(c)))
        plans.push({ capability, plan: await plan_planOnline(inputs, services, { tenant: code, only: [capability] }) });
    return { tenant: code, inputs, plans };
}
function renderTeardownMarkdown(teardown) {
    return teardown.plans.map(({ capability, plan }) => `#### ${capability}\n\n${(0,src_plan/* renderPlanMarkdown */.d$)(plan, { labels: resources_KIND_LABELS })}`).join('\n\n');
}
/**
 * Applies each capability's plan in TEARDOWN_ORDER, bound to the hash shown (a world that moved
 * since is refused, changing nothing of that capability), with force. Stops at the first failure.
 */
async function applyTeardown(teardown, services, run) {
    const results = [];
    for (const { capability, plan } of teardown.plans) {
        const result = await apply_applyTenants(teardown.inputs, services, { tenant: teardown.tenant, only: [capability], planHash: plan.hash, force: true, ...run });
        results.push({ capability, result });
    }
    return results;
}
/** The resource keys a teardown applied, capability by capability. */
function appliedKeys(results) {
    return Object.fromEntries(results.map(({ capability, result }) => [capability, result.tenants.flatMap((t) => t.applied)]));
}

;// CONCATENATED MODULE: ./src/run/lifecycle/offboard.ts
// Offboarding a tenant whose file says `lifecycle: decommissioned`. With deletionPolicy retain it
// is an ordinary apply (logins off, refresh off, DNS removed, everything kept). With delete: the
// teardown plan is made and shown, the tenant's data exported (sealed, uploaded, its manifest
// recorded), and only then is everything deleted, dns → powerbi → db → the registry's rows,
// ending with a deletion certificate in the audit log and the job summary. An export that fails
// deletes nothing.





async function offboardTenant(inputs, services, options) {
    const { config } = tenantFile(inputs, options.tenant);
    if (config.lifecycle !== 'decommissioned') {
        throw new src_errors/* EnvironmentError */.eG(`tenant ${config.code} is ${config.lifecycle} in tenants/${config.code}.yaml; offboarding follows the file: set lifecycle: decommissioned (and deletionPolicy) there first`);
    }
    const run = { actor: options.actor, githubRun: options.githubRun, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy };
    if (config.deletionPolicy === 'retain') {
        const result = await apply_applyTenants(inputs, services, { tenant: config.code, only: options.only, ...run });
        const applied = result.tenants.flatMap((t) => t.applied);
        // The apply moved a live tenant to `suspended` (src/run/apply.ts): retain keeps it that way.
        return { tenant: config.code, policy: 'retain', applied, markdown: `### Offboarding ${config.code}\n\ndeletionPolicy retain: suspended and kept (${applied.length} change(s) applied).` };
    }
    // The export (and with it the Azure Blob Storage SDK) is loaded only by the one path that uses
    // it: every other command imports the run layer too, and should not pay for it.
    const { exportTenant, offboardingSettings } = await Promise.all(/* import() */[__webpack_require__.e(738), __webpack_require__.e(728), __webpack_require__.e(113)]).then(__webpack_require__.bind(__webpack_require__, 56113));
    // Settings first: a platform without them deletes nothing and exports nothing.
    offboardingSettings(inputs);
    const teardown = await planTeardown(inputs, services, config.code, options.only);
    const planMarkdown = renderTeardownMarkdown(teardown);
    await options.showPlan?.(planMarkdown);
    const exported = await exportTenant(inputs, services, config, run);
    const certificate = await deleteAndCertify(teardown, services, run, exported);
    return { tenant: config.code, policy: 'delete', planMarkdown, export: exported, certificate, markdown: renderCertificateMarkdown(certificate) };
}
async function deleteAndCertify(teardown, services, run, exported) {
    const applied = appliedKeys(await applyTeardown(teardown, services, run));
    const registry = await services.registry();
    const rows = await (0,src_registry/* deleteTenantRows */.xL)(registry, teardown.tenant);
    await (0,src_registry/* transitionTenant */.UG)(registry, teardown.tenant, 'decommissioned', { actor: run.actor, run: run.githubRun, planHash: teardown.plans.map((p) => p.plan.hash).join(','), reason: 'offboarded (delete), export verified' });
    const certificate = {
        tenant: teardown.tenant,
        deletedAt: new Date().toISOString(),
        deletedBy: run.actor,
        ...(run.approvedBy ? { approvedBy: run.approvedBy } : {}),
        ...(run.githubRun ? { githubRun: run.githubRun } : {}),
        ...(run.githubRunUrl ? { runUrl: run.githubRunUrl } : {}),
        export: {
            location: exported.location,
            manifestBlob: exported.manifestBlob,
            manifestSha256: exported.manifestSha256,
            tables: exported.manifest.tables.map(({ table, rows: n, sha256 }) => ({ table, rows: n, sha256 })),
        },
        deleted: { dns: applied.dns ?? [], powerbi: applied.powerbi ?? [], db: applied.db ?? [], registry: rows },
        planHashes: Object.fromEntries(teardown.plans.map(({ capability, plan }) => [capability, plan.hash])),
    };
    await (0,src_registry/* appendAudit */.u0)(registry, { actor: run.actor, githubRun: run.githubRun, tenant: teardown.tenant, action: 'tenant.offboard', target: 'deletion certificate', after: certificate });
    return certificate;
}
function renderCertificateMarkdown(c) {
    const lines = [
        `### Deletion certificate: ${c.tenant}`,
        '',
        `Deleted ${c.deletedAt} by ${c.deletedBy}${c.approvedBy ? `, approved by ${c.approvedBy}` : ''}${c.runUrl ? ` ([run](${c.runUrl}))` : ''}.`,
        '',
        `Export: \`${c.export.location}\` (manifest \`${c.export.manifestBlob}\`, SHA-256 \`${c.export.manifestSha256}\`)`,
        '',
        '| Table | Rows | SHA-256 of the CSV |',
        '|---|---:|---|',
        ...c.export.tables.map((t) => `| ${t.table} | ${t.rows} | \`${t.sha256}\` |`),
        '',
        '| Deleted | |',
        '|---|---|',
        ...['dns', 'powerbi', 'db'].map((cap) => `| ${cap} (plan \`${(0,src_plan/* shortHash */.BC)(c.planHashes[cap] ?? '')}\`) | ${c.deleted[cap].join(', ') || 'nothing'} |`),
        `| registry | ${Object.entries(c.deleted.registry).map(([t, n]) => `${t}: ${n}`).join(', ') || 'nothing'} |`,
    ];
    return lines.join('\n');
}

;// CONCATENATED MODULE: ./src/run/lifecycle/rollback.ts
// Rolling back a tenant that never went live (rejected at the QA gate, or a `rollback` dispatch):
// what was provisioned is torn down as the file's deletionPolicy says — delete: planned as
// decommissioned and deleted, dns → powerbi → db → the registry's rows; retain: planned as
// suspended and kept. The plan is shown before it is applied, and only this tenant is touched.
// A live tenant is never torn down here: its rollback is a revert of its file, reviewed as usual.



async function rollbackTenant(inputs, services, options) {
    const { config } = tenantFile(inputs, options.tenant);
    const registry = await services.registry();
    const record = await (0,src_registry/* getTenant */.JR)(registry, config.code);
    if (record?.status === 'live') {
        throw new src_errors/* EnvironmentError */.eG(`tenant ${config.code} is live: a live tenant is rolled back by reverting its file (tenantops rollback opens that pull request when GITHUB_TOKEN and GITHUB_REPOSITORY are set), never torn down in place. Nothing was changed.`);
    }
    const policy = config.deletionPolicy;
    const planned = withTenantAs(inputs, config.code, policy === 'delete' ? { lifecycle: 'decommissioned', deletionPolicy: 'delete' } : { lifecycle: 'suspended' });
    const teardown = await planTeardown(planned, services, config.code, options.only);
    const planMarkdown = renderTeardownMarkdown(teardown);
    await options.showPlan?.(planMarkdown);
    const run = { actor: options.actor, githubRun: options.githubRun, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy };
    const applied = appliedKeys(await applyTeardown(teardown, services, run));
    // A never-live tenant served nobody: nothing of a customer's to export first.
    const registryRows = policy === 'delete' && record ? await (0,src_registry/* deleteTenantRows */.xL)(registry, config.code) : undefined;
    const planHashes = Object.fromEntries(teardown.plans.map(({ capability, plan }) => [capability, plan.hash]));
    // Rejected at the gate: never live, and it never will be under this file (retain keeps it suspended).
    if (record)
        await (0,src_registry/* transitionTenant */.UG)(registry, config.code, 'decommissioned', { actor: run.actor, run: run.githubRun, planHash: Object.values(planHashes).join(','), reason: `rolled back (${policy})` });
    await (0,src_registry/* appendAudit */.u0)(registry, { actor: run.actor, githubRun: run.githubRun, tenant: config.code, action: 'tenant.rollback', target: policy, after: { planHashes, applied, registryRows: registryRows ?? null, runUrl: run.githubRunUrl ?? null } });
    const count = Object.values(applied).flat().length;
    const markdown = [
        `### Rollback of ${config.code}`,
        '',
        policy === 'delete'
            ? `deletionPolicy delete: ${count} resource change(s) applied, dns → powerbi → db; registry rows removed: ${Object.entries(registryRows ?? {}).map(([t, n]) => `${t} ${n}`).join(', ') || 'none'}.`
            : `deletionPolicy retain: suspended and kept (${count} change(s) applied).`,
    ].join('\n');
    return { tenant: config.code, policy, planMarkdown, planHashes, applied, registryRows, markdown };
}

;// CONCATENATED MODULE: ./src/run/lifecycle/rollback-live.ts
// Rolling back a live tenant: it serves customers, so nothing is torn down or changed in place.
// The rollback is a pull request reverting the tenant's file, which then takes the ordinary path
// (plan comment, review, merge, provisioning behind the gate). The run layer decides and records;
// the caller opens the pull request (src/github, wired by the CLI: capabilities and the run layer
// never hold a GitHub token of their own).



/** Whether the registry has the tenant live: its rollback is then a revert pull request. */
async function isLive(services, tenant) {
    return (await (0,src_registry/* getTenant */.JR)(await services.registry(), tenant))?.status === 'live';
}
async function rollbackLiveTenant(inputs, services, options) {
    const { file, config } = tenantFile(inputs, options.tenant);
    const registry = await services.registry();
    if ((await (0,src_registry/* getTenant */.JR)(registry, config.code))?.status !== 'live')
        throw new src_errors/* EnvironmentError */.eG(`tenant ${config.code} is not live: its rollback tears down what was provisioned (tenantops rollback without a revert); nothing was changed`);
    const run = options.githubRun ?? new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const reason = options.reason ?? `rollback asked by ${options.actor}${options.githubRunUrl ? ` in ${options.githubRunUrl}` : ''}`;
    const pr = await options.openRevert({ tenant: config.code, file, run, reason });
    if (pr.created) {
        await (0,src_registry/* appendAudit */.u0)(registry, { actor: options.actor, githubRun: options.githubRun, tenant: config.code, action: 'tenant.rollback', target: 'revert pull request', after: { pullRequest: pr.number, url: pr.url, branch: pr.branch, toCommit: pr.toCommit ?? null, runUrl: options.githubRunUrl ?? null } });
    }
    const markdown = [
        `### Rollback of ${config.code} (live)`,
        '',
        pr.created
            ? `Opened the revert pull request #${pr.number} of \`${file}\`: ${pr.url}. It takes the ordinary path (review, merge, provisioning behind the gate); nothing was changed in place.`
            : `A rollback pull request of ${config.code} is already open: #${pr.number} ${pr.url}. No second one was opened; nothing was changed.`,
    ].join('\n');
    return { tenant: config.code, pullRequest: pr, markdown };
}

;// CONCATENATED MODULE: ./src/run/lifecycle/go-live.ts








/** Statuses that onboarding's QA decides between. */
const ONBOARDING = ['pending', 'provisioned', 'failed'];
/** After provisioning: the checklist, and `provisioned` or `failed` for a tenant not yet live. */
async function recordQaChecklist(inputs, services, config, options) {
    const checklist = await runChecklist(inputs, services, config, options.hooks);
    const registry = await services.registry();
    const status = (await (0,src_registry/* getTenant */.JR)(registry, config.code))?.status;
    if (!status || !ONBOARDING.includes(status))
        return { checklist };
    const transition = await (0,src_registry/* transitionTenant */.UG)(registry, config.code, checklist.ok ? 'provisioned' : 'failed', {
        actor: options.actor,
        run: options.run,
        planHash: options.planHash,
        reason: checklist.ok ? 'QA checklist passed' : `QA checklist failed: ${checklist.checks.filter((c) => !c.ok).map((c) => c.id).join(', ')}`,
    });
    return { checklist, transition: transition.changed ? transition : undefined };
}
/**
 * After the go-live approval: `live` when the checklist passes now (a tenant whose earlier QA
 * failed is first recorded `provisioned`, audited like any move); nothing moves when it fails.
 */
async function goLiveTenant(inputs, services, config, options) {
    const checklist = await runChecklist(inputs, services, config, options.hooks);
    if (!checklist.ok || config.lifecycle !== 'active')
        return { checklist };
    const registry = await services.registry();
    const status = (await (0,src_registry/* getTenant */.JR)(registry, config.code))?.status;
    const move = { actor: options.actor, run: options.run, planHash: options.planHash };
    if (status === 'pending' || status === 'failed')
        await (0,src_registry/* transitionTenant */.UG)(registry, config.code, 'provisioned', { ...move, reason: 'QA checklist passed at go-live' });
    const transition = await (0,src_registry/* transitionTenant */.UG)(registry, config.code, 'live', { ...move, approvedBy: options.approvedBy, reason: 'go-live approved' });
    return { checklist, transition: transition.changed ? transition : undefined };
}
/**
 * The go-live job after its approval: apply exactly the destructive plan shown before the gate,
 * then, for an active tenant, `live` when the checklist passes. A suspended or decommissioned
 * tenant's run has no go-live: its plan is all there is.
 */
async function approveGoLive(inputs, services, config, options) {
    if (config.lifecycle === 'decommissioned' && config.deletionPolicy === 'delete' && options.only.length)
        return offboardAtGate(inputs, services, config, options);
    let applied = 'nothing destructive to apply';
    if (options.only.length) {
        const result = await apply_applyTenants(inputs, services, { tenant: config.code, only: options.only, planHash: options.planHash, force: true, actor: options.actor, githubRun: options.run, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy });
        const [t] = result.tenants;
        applied = `${t.applied.length} change(s) applied`;
        if (t.failed.length || t.skipped.length)
            return { ok: false, outcome: `${applied}; REFUSED: ${t.failed.length} change(s) failed, ${t.skipped.length} skipped` };
    }
    if (config.lifecycle !== 'active')
        return { ok: true, outcome: `${applied}; status unchanged (${config.lifecycle})` };
    const { checklist, transition } = await goLiveTenant(inputs, services, config, options);
    if (!checklist.ok)
        return { ok: false, outcome: `${applied}; REFUSED: the QA checklist fails (${checklist.checks.filter((c) => !c.ok).map((c) => c.id).join(', ')})`, checklist };
    // Live: its super users get their welcome (with an invitation) and the go-live notification,
    // once each — the outbox makes a re-run of this job send nothing new.
    const mail = await deliverGoLiveMail(inputs, services, config.code, { actor: options.actor, githubRun: options.run });
    const mailed = mail.skipped ? `no mail (${mail.skipped})` : `${mail.sent} mail(s) sent`;
    return { ok: true, outcome: `${applied}; ${transition ? `${transition.from} → live` : 'already live'}; ${mailed}`, checklist };
}
/**
 * A decommission with deletionPolicy delete never deletes straight away: behind the gate it is an
 * offboarding — the reviewed plan is checked first (a late approval whose plan changed refuses,
 * exporting and deleting nothing), then every table is exported and verified, and only then is
 * anything deleted, with a deletion certificate.
 */
async function offboardAtGate(inputs, services, config, options) {
    if (options.planHash) {
        const plan = await plan_planOnline(inputs, services, { tenant: config.code, only: options.only });
        if (!(0,src_plan/* matchesPlanHash */.hk)(options.planHash, plan.hash))
            throw new src_errors/* PlanMismatchError */.eo(options.planHash, plan.hash);
    }
    const r = await offboardTenant(inputs, services, { tenant: config.code, only: options.only, actor: options.actor, githubRun: options.run, githubRunUrl: options.githubRunUrl, approvedBy: options.approvedBy });
    const tables = r.export?.manifest.tables.length ?? 0;
    return { ok: true, outcome: `offboarded: ${tables} table(s) exported and verified, then deleted (deletion certificate in the audit log)`, summary: r.markdown };
}

;// CONCATENATED MODULE: ./src/run/lifecycle/index.ts






;// CONCATENATED MODULE: ./src/run/index.ts
// The run layer, the only one that composes capabilities: loading a repository's inputs, opening
// and closing a run, each tenant's context and resource graph from the capabilities, planning and
// applying them, and the steps the actions call. Commands, actions and the sandbox all go through here.

















/***/ })

};
