export const id = 470;
export const ids = [470];
export const modules = {

/***/ 44046:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  xt: () => (/* reexport */ REPORTS_FILE),
  hM: () => (/* reexport */ diffCatalog),
  ak: () => (/* reexport */ loadCatalog),
  X9: () => (/* reexport */ matchReports),
  cz: () => (/* reexport */ pinsOf),
  fh: () => (/* reexport */ resolveTemplateIds),
  Jk: () => (/* reexport */ templateBaseName)
});

// UNUSED EXPORTS: NAME_CONVENTION, PINS_FILE, PROVIDERS_FILE, buildProviderCode, compareVersions, formatVersion, loadPins, loadProviderRegistry, parseCatalog, parsePins, parseProviderRegistry, parseTemplateName, selectLatest

;// CONCATENATED MODULE: ./src/catalog/name.ts
// The report naming convention `<LMS>-<ENGLISHMATHS>-<CRM>[-<HR>] - <Persona> v<major>.<minor>`:
// parsing (one precise message per broken name, never a silent skip) and numeric version order.
// Report names are the only link between git and the template workspace, so they are strict.
const NAME_CONVENTION = '<LMS>-<ENGLISHMATHS>-<CRM>[-<HR>] - <Persona> v<major>.<minor>';
const EXAMPLE = 'APTEM-BKSB-HUBSPOT - Operations Leader v1.2';
const ALLOWED = `allowed: "${NAME_CONVENTION}", e.g. "${EXAMPLE}"`;
const CATEGORIES = ['lms', 'englishMaths', 'crm', 'hr'];
const CATEGORY_LABEL = {
    lms: 'LMS',
    englishMaths: 'English & maths',
    crm: 'CRM',
    hr: 'HR',
};
const CODE_PART = /^[A-Z][A-Z0-9]*$/;
// No leading zeros: v1.05 and v1.5 would otherwise be two names for one version.
const VERSION = /^v(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})$/;
// Something that was meant as a version but is malformed (V1.2, 1.2, v1, v1.2.3, v1.x).
const VERSION_ATTEMPT = /^[vV][\d.]*$|^[vV]?\d/;
const PERSONA = /^[A-Za-z0-9](?:[A-Za-z0-9&'(),./+-]| (?! ))*$/;
/**
 * Splits a report name into its parts. Returns a message `what is wrong; what is allowed` when the
 * name breaks the convention. Without a registry only the shape of the provider code is checked;
 * with one, every part must be a known code of its category.
 */
function parseTemplateName(name, registry) {
    if (name.length === 0)
        return `report name is empty; ${ALLOWED}`;
    const quoted = JSON.stringify(name);
    if (name.trim() !== name)
        return `report name ${quoted} has leading or trailing spaces; allowed: the same name without them`;
    const sep = name.indexOf(' - ');
    if (sep < 0) {
        const dash = /\s[–—]\s/.exec(name);
        const hint = dash ? ` (found ${JSON.stringify(dash[0].trim())}, which is not a plain hyphen)` : '';
        return `report name ${quoted} has no " - " (space, hyphen, space) between provider code and persona${hint}; ${ALLOWED}`;
    }
    const providerCode = name.slice(0, sep);
    const rest = name.slice(sep + 3);
    const code = checkProviderCode(providerCode, registry);
    if (typeof code === 'string')
        return code;
    const lastSpace = rest.lastIndexOf(' ');
    const versionText = lastSpace < 0 ? rest : rest.slice(lastSpace + 1);
    const persona = lastSpace < 0 ? '' : rest.slice(0, lastSpace);
    if (!VERSION_ATTEMPT.test(versionText)) {
        return `report name ${quoted} does not end in a version; allowed: " v<major>.<minor>" at the end, e.g. " v1.0"`;
    }
    const v = VERSION.exec(versionText);
    if (!v) {
        return `version ${JSON.stringify(versionText)} in report name ${quoted} is not v<major>.<minor>; allowed: a lower-case "v" and two whole numbers without leading zeros, e.g. "v1.10"`;
    }
    if (persona.trim() === '') {
        return `report name ${quoted} has an empty persona; allowed: a persona between " - " and the version, e.g. "Operations Leader"`;
    }
    if (!PERSONA.test(persona)) {
        return `persona ${JSON.stringify(persona)} in report name ${quoted} is not allowed; allowed: letters, digits, single spaces and & ' ( ) , . / + -, starting with a letter or digit`;
    }
    return { ...code, persona, version: { major: Number(v[1]), minor: Number(v[2]) } };
}
function checkProviderCode(providerCode, registry) {
    const quoted = JSON.stringify(providerCode);
    const parts = providerCode.split('-');
    if (parts.length < 3 || parts.length > 4) {
        return `provider code ${quoted} has ${parts.length} part(s); allowed: LMS-ENGLISHMATHS-CRM or LMS-ENGLISHMATHS-CRM-HR (3 or 4 parts joined by "-")`;
    }
    if (providerCode !== providerCode.toUpperCase() && CODE_PART.test(providerCode.toUpperCase().replaceAll('-', ''))) {
        return `provider code ${quoted} is not upper case; allowed: upper-case codes, here ${JSON.stringify(providerCode.toUpperCase())}`;
    }
    for (const [i, part] of parts.entries()) {
        const category = CATEGORIES[i];
        const label = CATEGORY_LABEL[category];
        if (part === '')
            return `provider code ${quoted} has an empty ${label} part; allowed: ${describeKnown(category, registry)}`;
        if (!CODE_PART.test(part)) {
            return `${label} ${JSON.stringify(part)} in provider code ${quoted} is not a code; allowed: upper-case letters and digits, ${describeKnown(category, registry)}`;
        }
        if (registry && !registry[category].includes(part)) {
            const elsewhere = CATEGORIES.find((c) => c !== category && registry[c].includes(part));
            const hint = elsewhere ? ` (${part} belongs in the ${CATEGORY_LABEL[elsewhere]} position; the order is LMS-ENGLISHMATHS-CRM-HR)` : '';
            return `${label} ${JSON.stringify(part)} in provider code ${quoted} is not a known ${label} provider${hint}; known: ${registry[category].join(', ')}`;
        }
    }
    const [lms, englishMaths, crm, hr] = parts;
    return hr === undefined ? { providerCode, lms, englishMaths, crm } : { providerCode, lms, englishMaths, crm, hr };
}
function describeKnown(category, registry) {
    return registry ? `known ${CATEGORY_LABEL[category]} codes: ${registry[category].join(', ')}` : 'e.g. APTEM-BKSB-HUBSPOT';
}
/** Numeric order: v1.10 is newer than v1.9, v2.0 newer than v1.12. Negative when `a` is older. */
function compareVersions(a, b) {
    return a.major - b.major || a.minor - b.minor;
}
/** `{major: 1, minor: 10}` → `1.10` (the form of `catalog match --json`). */
function formatVersion(v) {
    return `${v.major}.${v.minor}`;
}
/** The provider code a tenant's reports carry: `LMS-ENGLISHMATHS-CRM`, plus `-HR` iff it has one. */
function buildProviderCode(providers) {
    const parts = [providers.lms, providers.englishMaths, providers.crm];
    if (providers.hr)
        parts.push(providers.hr);
    return parts.join('-');
}
/**
 * A template's name without its version: `<provider code> - <persona>`. Stable across versions,
 * so the registry keys a tenant's report mappings and module links by it.
 */
function templateBaseName(report) {
    return `${report.providerCode} - ${report.persona}`;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/yaml/index.ts + 9 modules
var yaml = __webpack_require__(99619);
;// CONCATENATED MODULE: ./src/catalog/providers.ts
// templates/providers.yaml: the provider codes per category and the modules. It is the one list
// report names, tenant files and matching are checked against, so it is validated as strictly as
// the catalog itself.




const PROVIDERS_FILE = 'templates/providers.yaml';
const KIND = { what: 'the providers file', required: ['providers', 'modules'] };
const providers_CATEGORIES = ['lms', 'englishMaths', 'crm', 'hr'];
const CODE = /^[A-Z][A-Z0-9]*$/;
const MODULE = /^[a-z][a-z0-9-]*$/;
/** Parses providers.yaml text; every problem is a finding, and what is valid is still returned. */
function parseProviderRegistry(text, file = PROVIDERS_FILE) {
    const registry = { lms: [], englishMaths: [], crm: [], hr: [], modules: [], displayNames: {}, moduleDescriptions: {} };
    const src = (0,yaml/* parseYamlSource */.WF)(text, file, KIND);
    const top = src.root && (0,yaml/* readMapping */.vh)(src, src.root, KIND.what, KIND);
    if (!src.root || !top)
        return { registry, findings: src.findings };
    const providers = top.get('providers');
    const byCategory = providers && (0,yaml/* readMapping */.vh)(src, providers.value, '"providers"', { required: providers_CATEGORIES }, providers.key);
    const seen = new Map();
    for (const category of providers_CATEGORIES) {
        const entry = byCategory?.get(category);
        const items = entry && (0,yaml/* readList */.LD)(src, entry, `providers.${category}`, 'a list of {code, name}');
        for (const item of items ?? []) {
            const fields = (0,yaml/* readMapping */.vh)(src, item, `a ${category} provider`, { required: ['code', 'name'] });
            const code = readField(src, fields, 'code', 'upper-case letters and digits, e.g. APTEM');
            const name = readField(src, fields, 'name', 'the product name, e.g. Aptem');
            if (!code || !name)
                continue;
            if (!CODE.test(code.value)) {
                (0,yaml/* addFinding */.Xd)(src, code.node, `provider code ${JSON.stringify(code.value)} is not upper-case letters and digits; allowed: e.g. APTEM, BKSB, HUBSPOT (a "-" would break report provider codes)`);
            }
            else if (seen.has(code.value)) {
                (0,yaml/* addFinding */.Xd)(src, code.node, `provider code ${JSON.stringify(code.value)} is already listed under ${seen.get(code.value)}; allowed: each code once`);
            }
            else {
                seen.set(code.value, category);
                registry[category].push(code.value);
                registry.displayNames[code.value] = name.value;
            }
        }
    }
    const modules = top.get('modules');
    const moduleItems = modules && (0,yaml/* readList */.LD)(src, modules, '"modules"', 'a list of {name, description}');
    for (const item of moduleItems ?? []) {
        readModule(src, item, registry);
    }
    return { registry, findings: src.findings };
}
function readModule(src, item, registry) {
    const fields = (0,yaml/* readMapping */.vh)(src, item, 'a module', { required: ['name', 'description'] });
    const name = readField(src, fields, 'name', 'lower-case words joined by "-", e.g. learner-progress');
    const description = readField(src, fields, 'description', 'one line saying what the module covers');
    if (!name || !description)
        return;
    if (!MODULE.test(name.value)) {
        (0,yaml/* addFinding */.Xd)(src, name.node, `module name ${JSON.stringify(name.value)} is not allowed; allowed: lower-case letters, digits and "-", e.g. learner-progress`);
    }
    else if (registry.modules.includes(name.value)) {
        (0,yaml/* addFinding */.Xd)(src, name.node, `module ${JSON.stringify(name.value)} is listed twice; allowed: each module once`);
    }
    else {
        registry.modules.push(name.value);
        registry.moduleDescriptions[name.value] = description.value;
    }
}
/** A required text field with the node it came from (for positions), or undefined after a finding. */
function readField(src, fields, key, allowed) {
    const entry = fields?.get(key);
    const value = entry && (0,yaml/* readString */.E3)(src, entry, key, allowed);
    return value !== undefined && entry?.value ? { value, node: entry.value } : undefined;
}
/** Reads `<root>/templates/providers.yaml`; throws ConfigurationError on any finding. */
function loadProviderRegistry(root) {
    const { registry, findings } = parseProviderRegistry(readTemplateFile(root, PROVIDERS_FILE), PROVIDERS_FILE);
    if (findings.length > 0)
        throw new ConfigurationError(findings);
    return registry;
}
/** A catalog file under the root; a missing one is an environment problem (wrong root), not a finding. */
function readTemplateFile(root, file) {
    try {
        return (0,external_node_fs_.readFileSync)((0,external_node_path_.join)(root, file), 'utf8');
    }
    catch (err) {
        const code = err.code;
        throw new errors/* EnvironmentError */.eG(`cannot read ${file} under ${root} (${code ?? String(err)}); run from the repository root or pass --root DIR`);
    }
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/catalog/pins.ts
// templates/pins.yaml (optional): named groups of tenants held at a given version of a template —
// how a bad template version is rolled back for the tenants it hurt while the rest of the fleet
// keeps the latest. A pinned report replaces the latest version of the same report (provider code
// and persona) for exactly the tenants listed; the redeploy is an in-place content update, so
// report ids and embed URLs survive the rollback and the later roll-forward alike.
//
//   pins:
//     - name: operations-leader-rollback
//       reason: v1.3 shows wrong totals
//       tenants: [acme-training]
//       reports:
//         - APTEM-BKSB-HUBSPOT - Operations Leader v1.2





const PINS_FILE = 'templates/pins.yaml';
const pins_KIND = { what: 'the pins file', required: ['pins'] };
/** Key of "the same report in another version": provider code and persona. */
function reportKey(r) {
    return `${r.providerCode}\u0000${r.persona}`;
}
function parsePins(text, catalog, file = PINS_FILE) {
    const src = (0,yaml/* parseYamlSource */.WF)(text, file, pins_KIND);
    const pins = [];
    if (!src.root)
        return { pins, findings: src.findings };
    const byName = new Map(catalog.map((r) => [r.name, r]));
    const top = (0,yaml/* readMapping */.vh)(src, src.root, pins_KIND.what, pins_KIND);
    const entry = top?.get('pins');
    const items = entry && (0,yaml/* readList */.LD)(src, entry, '"pins"', 'a list of {name, tenants, reports}');
    const pinNames = new Set();
    // tenant + report key → the pin that holds it, so two pins cannot disagree about one report.
    const held = new Map();
    for (const item of items ?? []) {
        const fields = (0,yaml/* readMapping */.vh)(src, item, 'a pin', { required: ['name', 'tenants', 'reports'], optional: ['reason'] });
        if (!fields)
            continue;
        const name = fields.get('name') && (0,yaml/* readString */.E3)(src, fields.get('name'), 'pin name', 'a short name, e.g. operations-leader-rollback');
        if (name === undefined)
            continue;
        if (pinNames.has(name))
            (0,yaml/* addFinding */.Xd)(src, fields.get('name').value, `pin ${JSON.stringify(name)} is declared twice; allowed: each pin name once`);
        pinNames.add(name);
        const tenants = scalars(src, fields.get('tenants'), '"tenants"', 'a list of tenant codes').map(({ value, node }) => ({ code: value, ...position(src, node) }));
        const reports = [];
        for (const { value, node } of scalars(src, fields.get('reports'), '"reports"', 'a list of report names with their version, as in templates/reports.yaml')) {
            const report = byName.get(value);
            if (!report) {
                (0,yaml/* addFinding */.Xd)(src, node, `report ${JSON.stringify(value)} is not in templates/reports.yaml${(0,yaml/* didYouMean */.au)(value, [...byName.keys()])}; allowed: a report name with its version, as the catalog lists it`);
                continue;
            }
            const twice = reports.find((r) => reportKey(r) === reportKey(report));
            if (twice) {
                (0,yaml/* addFinding */.Xd)(src, node, `pin ${JSON.stringify(name)} holds ${JSON.stringify(report.persona)} at two versions (${twice.name}); allowed: one version of a report per pin`);
                continue;
            }
            reports.push(report);
            for (const t of tenants) {
                const key = `${t.code}\u0000${reportKey(report)}`;
                const other = held.get(key);
                if (other && other !== name)
                    (0,yaml/* addFinding */.Xd)(src, node, `tenant ${t.code} is already pinned to a version of ${JSON.stringify(report.persona)} by pin ${JSON.stringify(other)}; allowed: one pin per tenant and report`);
                held.set(key, name);
            }
        }
        pins.push({ name, tenants, reports, file });
    }
    return { pins, findings: src.findings };
}
/** Reads `<root>/templates/pins.yaml` when it exists: no file means no pins. */
function loadPins(root, catalog) {
    if (!(0,external_node_fs_.existsSync)(external_node_path_default().join(root, PINS_FILE)))
        return { pins: [], findings: [] };
    return parsePins(readTemplateFile(root, PINS_FILE), catalog, PINS_FILE);
}
/** The pinned reports of one tenant, by report key. */
function pinsOf(pins, tenant) {
    const out = new Map();
    for (const pin of pins)
        if (pin.tenants.some((t) => t.code === tenant))
            for (const r of pin.reports)
                out.set(reportKey(r), r);
    return out;
}
function scalars(src, entry, what, allowed) {
    if (!entry)
        return [];
    const out = [];
    for (const node of (0,yaml/* readList */.LD)(src, entry, what, allowed) ?? []) {
        if (!(0,dist/* isScalar */.jn)(node) || typeof node.value !== 'string' || node.value === '') {
            (0,yaml/* addFinding */.Xd)(src, node, `${what} holds ${(0,dist/* isScalar */.jn)(node) ? JSON.stringify(node.value) : 'a nested value'}; allowed: ${allowed}`);
            continue;
        }
        out.push({ value: node.value, node });
    }
    return out;
}
function position(src, node) {
    return (0,yaml/* positionOf */.df)(src.source, node);
}

;// CONCATENATED MODULE: ./src/catalog/parse.ts
// templates/reports.yaml: the template reports of the platform's template workspace, each a name
// and the module it belongs to. Strict: every broken entry is a finding at its line and column, so
// a typo can never quietly drop a report from every tenant.




const REPORTS_FILE = 'templates/reports.yaml';
const parse_KIND = { what: 'the catalog', required: ['reports'] };
/** Parses reports.yaml text against a provider registry. */
function parseCatalog(text, registry, file = REPORTS_FILE) {
    const src = (0,yaml/* parseYamlSource */.WF)(text, file, parse_KIND);
    const reports = [];
    if (!src.root)
        return { reports, findings: src.findings };
    const top = (0,yaml/* readMapping */.vh)(src, src.root, parse_KIND.what, parse_KIND);
    const entry = top?.get('reports');
    const items = entry && (0,yaml/* readList */.LD)(src, entry, '"reports"', 'a list of {name, module}');
    const firstLine = new Map();
    // Provider code + persona in lower case → the persona as first written, to catch case variants.
    const personaSpelling = new Map();
    for (const item of items ?? []) {
        const fields = (0,yaml/* readMapping */.vh)(src, item, 'a report entry', { required: ['name', 'module'] });
        const nameEntry = fields?.get('name');
        const moduleEntry = fields?.get('module');
        const name = nameEntry && (0,yaml/* readString */.E3)(src, nameEntry, 'report name', `a name like "APTEM-BKSB-HUBSPOT - Operations Leader v1.2"`);
        const module = moduleEntry && (0,yaml/* readString */.E3)(src, moduleEntry, 'module', `one of ${registry.modules.join(', ')}`);
        let moduleOk = module !== undefined;
        if (module !== undefined && moduleEntry?.value && !registry.modules.includes(module)) {
            (0,yaml/* addFinding */.Xd)(src, moduleEntry.value, `module ${JSON.stringify(module)} is not a known module${(0,yaml/* didYouMean */.au)(module, registry.modules)}; known: ${registry.modules.join(', ')}`);
            moduleOk = false;
        }
        if (!nameEntry?.value || name === undefined)
            continue;
        const nameNode = nameEntry.value;
        const line = (0,yaml/* positionOf */.df)(src.source, nameNode).line;
        const parsed = parseTemplateName(name, registry);
        if (typeof parsed === 'string') {
            (0,yaml/* addFinding */.Xd)(src, nameNode, parsed);
            continue;
        }
        const earlier = firstLine.get(name);
        if (earlier !== undefined) {
            (0,yaml/* addFinding */.Xd)(src, nameNode, `report name ${JSON.stringify(name)} is already declared at line ${earlier}; allowed: each name once (names are how reports are found in the template workspace)`);
            continue;
        }
        firstLine.set(name, line);
        const reportKey = `${parsed.providerCode}\u0000${parsed.persona.toLowerCase()}`;
        const spelling = personaSpelling.get(reportKey);
        if (spelling !== undefined && spelling !== parsed.persona) {
            (0,yaml/* addFinding */.Xd)(src, nameNode, `persona ${JSON.stringify(parsed.persona)} differs only in letter case from ${JSON.stringify(spelling)} for ${parsed.providerCode}; allowed: one spelling per report, so its versions are recognised as one report`);
            continue;
        }
        personaSpelling.set(reportKey, parsed.persona);
        if (!moduleOk || module === undefined)
            continue;
        reports.push({
            name,
            providerCode: parsed.providerCode,
            persona: parsed.persona,
            version: parsed.version,
            module,
            file,
            line,
        });
    }
    return { reports, findings: src.findings };
}
/**
 * Reads `<root>/templates/providers.yaml`, `<root>/templates/reports.yaml` and, when it exists,
 * `<root>/templates/pins.yaml`. Findings of every file are returned together; callers fail on any
 * (the CLI exits 1).
 */
function loadCatalog(root) {
    const providers = parseProviderRegistry(readTemplateFile(root, PROVIDERS_FILE), PROVIDERS_FILE);
    const catalog = parseCatalog(readTemplateFile(root, REPORTS_FILE), providers.registry, REPORTS_FILE);
    const pins = loadPins(root, catalog.reports);
    return {
        registry: providers.registry,
        reports: catalog.reports,
        pins: pins.pins,
        findings: [...providers.findings, ...catalog.findings, ...pins.findings],
    };
}

;// CONCATENATED MODULE: ./src/catalog/match.ts
// Which template reports a tenant gets: those whose provider code is exactly the tenant's
// combination, at their latest version, in a module the tenant has enabled.


/** Of several versions of one report (same provider code and persona), keeps only the newest. */
function selectLatest(reports) {
    const latest = new Map();
    for (const r of reports) {
        const key = reportKey(r);
        const current = latest.get(key);
        if (!current || compareVersions(r.version, current.version) > 0)
            latest.set(key, r);
    }
    return [...latest.values()];
}
/**
 * The reports that apply to a tenant, sorted by persona then name. The latest version is chosen
 * before the module filter: when a report moves to another module, a tenant without that module
 * loses it rather than silently keeping an outdated version. `pinned` (templates/pins.yaml, by
 * report key) holds the tenant at an earlier version of a report instead of the latest.
 */
function matchReports(tenant, reports, pinned) {
    const code = buildProviderCode(tenant.providers);
    const enabled = tenant.modules ? new Set(tenant.modules) : undefined;
    return selectLatest(reports.filter((r) => r.providerCode === code))
        .map((r) => pinned?.get(reportKey(r)) ?? r)
        .filter((r) => !enabled || enabled.has(r.module))
        .map((r) => ({ name: r.name, providerCode: r.providerCode, persona: r.persona, version: formatVersion(r.version), module: r.module }))
        .sort((a, b) => compareText(a.persona, b.persona) || compareText(a.name, b.name));
}
// Code-point order, not locale order: the same list on every machine.
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/catalog/workspace.ts
// The catalog against the template workspace: resolving matched names to report ids (names are
// not unique in Power BI, so a name found twice is an error, never a guess) and the diff that
// `tenantops catalog sync` proposes.

/** Resolves each matched report to the one template-workspace report of that exact name. */
function resolveTemplateIds(matched, workspaceReports) {
    const byName = new Map();
    for (const r of workspaceReports)
        byName.set(r.name, [...(byName.get(r.name) ?? []), r.id]);
    const ids = new Map();
    const problems = [];
    for (const { name } of matched) {
        const found = byName.get(name) ?? [];
        if (found.length === 1) {
            ids.set(name, found[0]);
        }
        else if (found.length === 0) {
            problems.push({
                name, reason: 'missing', ids: [],
                message: `template report ${JSON.stringify(name)} is in the catalog but not in the template workspace; allowed: publish it to the template workspace, or remove it from templates/reports.yaml`,
            });
        }
        else {
            problems.push({
                name, reason: 'duplicate', ids: [...found].sort(),
                message: `template report ${JSON.stringify(name)} appears ${found.length} times in the template workspace (ids ${[...found].sort().join(', ')}); allowed: exactly one report per name - delete or rename the extra copies`,
            });
        }
    }
    return { ids, problems };
}
/** Compares the catalog with the names in the template workspace; each list sorted by name. */
function diffCatalog(current, workspaceNames, registry) {
    const catalogued = new Set(current.map((r) => r.name));
    const inWorkspace = new Set(workspaceNames);
    const diff = { added: [], removed: [], unparseable: [] };
    for (const name of [...inWorkspace].sort(workspace_compareText)) {
        if (catalogued.has(name))
            continue;
        const parsed = parseTemplateName(name, registry);
        if (typeof parsed === 'string')
            diff.unparseable.push({ name, reason: parsed });
        else
            diff.added.push({ name, ...parsed });
    }
    diff.removed = [...catalogued].filter((n) => !inWorkspace.has(n)).sort(workspace_compareText);
    return diff;
}
function workspace_compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/catalog/index.ts
// The report template catalog: report names → provider code, persona, version; which templates a
// tenant gets; and how the catalog lines up with the template workspace.








/***/ }),

/***/ 53730:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cS: () => (/* binding */ createConsoleLogger),
/* harmony export */   j6: () => (/* binding */ maskUrlPassword)
/* harmony export */ });
/* unused harmony export createMemoryLogger */
// The logger the library writes through. Only src/github/ knows @actions/core; the CLI and the
// sandbox pass a console logger, the actions one that maps to core.info/warning/error/group.
/** A logger that writes to stderr/stdout and masks registered secrets itself. */
function createConsoleLogger(options = {}) {
    const out = options.stream ?? process.stderr;
    const secrets = new Set();
    const redact = (line) => {
        let text = line;
        for (const s of secrets)
            text = text.split(s).join('***');
        return text;
    };
    const write = (prefix, message) => out.write(redact(prefix + message) + '\n');
    return {
        info: (m) => write('', m),
        warn: (m) => write('warning: ', m),
        error: (m) => write('error: ', m),
        debug: (m) => {
            if (options.verbose)
                write('debug: ', m);
        },
        mask: (s) => {
            if (s.length >= 4)
                secrets.add(s);
        },
    };
}
/** A logger that keeps lines in memory; for tests. */
function createMemoryLogger() {
    const lines = [];
    const secrets = new Set();
    const push = (level, m) => {
        let text = m;
        for (const s of secrets)
            text = text.split(s).join('***');
        lines.push(`${level}: ${text}`);
    };
    return {
        lines,
        info: (m) => push('info', m),
        warn: (m) => push('warn', m),
        error: (m) => push('error', m),
        debug: (m) => push('debug', m),
        mask: (s) => {
            if (s.length >= 4)
                secrets.add(s);
        },
    };
}
/**
 * Masks a connection URL's password in both forms a message may quote it: as written
 * (percent-encoded, inside the URL) and decoded. False when the value is not a URL.
 */
function maskUrlPassword(url, log) {
    let password;
    try {
        password = new URL(url).password;
    }
    catch {
        return false;
    }
    if (password) {
        log.mask(password);
        log.mask(decodeURIComponent(password));
    }
    return true;
}


/***/ }),

/***/ 22541:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  TB: () => (/* reexport */ advisoryKey),
  Ry: () => (/* reexport */ describePgError),
  _3: () => (/* reexport */ discardClient),
  bD: () => (/* reexport */ ident),
  sA: () => (/* reexport */ inTransaction),
  eu: () => (/* reexport */ literal),
  YX: () => (/* reexport */ migrationsTableDdl),
  Ri: () => (/* reexport */ pendingMigrations),
  LX: () => (/* reexport */ qualified),
  fk: () => (/* reexport */ readAppliedMigrations),
  IE: () => (/* reexport */ readMigrationFiles),
  vI: () => (/* reexport */ runMigrations),
  vD: () => (/* reexport */ sendTransaction),
  SV: () => (/* reexport */ withClient)
});

// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(83849);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
;// CONCATENATED MODULE: ./src/pg/quote.ts
// Identifiers and literals as SQL text. Utility statements (CREATE ROLE, GRANT, SET LOCAL ...)
// cannot take bind parameters, so quoting with pg's own escape functions is the only safe way.


/** Quotes any identifier; refuses the empty string, NUL and names PostgreSQL would truncate. */
function ident(name) {
    if (!name || name.includes('\0') || Buffer.byteLength(name) > 63) {
        throw new errors/* InternalError */.Gd(`refusing identifier ${JSON.stringify(name)}: empty, NUL or longer than 63 bytes`);
    }
    return esm/* default.escapeIdentifier */.Ay.escapeIdentifier(name);
}
/** `schema.name`, both quoted. */
function qualified(schema, name) {
    return `${ident(schema)}.${ident(name)}`;
}
function literal(value) {
    return esm/* default.escapeLiteral */.Ay.escapeLiteral(value);
}
/** A PostgreSQL error's message and SQLSTATE, for messages of ours. */
function describePgError(err) {
    const e = err;
    return `${e?.message ?? String(err)}${e?.code ? ` (SQLSTATE ${e.code})` : ''}`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/pg/advisory.ts
// Advisory lock keys: tenant locks (the registry), migration runs (the registry's and each tenant's).

/**
 * A deterministic signed 64-bit lock key: the first 8 bytes of sha256(`namespace:name`). The
 * namespace keeps our locks apart from other advisory locks in the same database (ours, or an
 * application's).
 */
function advisoryKey(namespace, name) {
    return (0,external_node_crypto_.createHash)('sha256').update(`${namespace}:${name}`).digest().readBigInt64BE(0).toString();
}

;// CONCATENATED MODULE: ./src/pg/transaction.ts
const plain = (client, sql) => client.query(sql);
// Clients whose ROLLBACK failed: withClient releases them as broken, which destroys them.
const broken = new WeakMap();
/** Runs `fn` on one client of `pool`, released afterwards (destroyed when a rollback on it failed). */
async function withClient(pool, fn) {
    const client = await pool.connect();
    try {
        return await fn(client);
    }
    finally {
        client.release(broken.get(client));
    }
}
/** Runs `fn` in one transaction on one client of `pool`; rolls back on any error. */
function inTransaction(pool, fn, options = {}) {
    const send = options.send ?? plain;
    return withClient(pool, async (client) => {
        try {
            await send(client, 'BEGIN');
            const result = await fn(client);
            await send(client, 'COMMIT');
            return result;
        }
        catch (err) {
            await rollback(client);
            throw err;
        }
    });
}
/**
 * Runs `statements` in one transaction sent as one query (`BEGIN; ...; COMMIT`): one round trip,
 * and all of them or none should the run die half-way (DDL, grants and role changes are
 * transactional in PostgreSQL). Nothing is sent when there is nothing to run.
 */
async function sendTransactionOn(client, statements, options = {}) {
    if (statements.length === 0)
        return;
    try {
        // A newline before each `;` ends a trailing `--` comment of the statement before it.
        await (options.send ?? plain)(client, ['BEGIN', ...statements, 'COMMIT'].join('\n;\n'));
    }
    catch (err) {
        // A statement failed: the rest (COMMIT included) was skipped and the transaction is aborted.
        await rollback(client);
        throw err;
    }
}
/** sendTransactionOn on one client of `pool`, released afterwards. */
function sendTransaction(pool, statements, options = {}) {
    if (statements.length === 0)
        return Promise.resolve();
    return withClient(pool, (client) => sendTransactionOn(client, statements, options));
}
/** Has withClient destroy `client` instead of returning it to the pool: its session state is unknown. */
function discardClient(client, err) {
    if (!broken.has(client))
        broken.set(client, err);
}
async function rollback(client) {
    await client.query('ROLLBACK').catch((e) => discardClient(client, e));
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
var external_node_fs_default = /*#__PURE__*/__webpack_require__.n(external_node_fs_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
;// CONCATENATED MODULE: ./src/pg/migration-files.ts
// Migrations as ordered SQL files, NNNN_lowercase_words.sql, each recorded once applied with its
// SHA-256, and the checks made before anything runs: an applied migration that was edited or whose
// file is gone, or a new one older than the newest applied, is an error naming the file.




const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
/**
 * Sha-256 of the file with line endings normalised, so a Windows checkout (autocrlf) of an
 * untouched migration does not read as an edit.
 */
function checksumMigration(sql) {
    return (0,external_node_crypto_.createHash)('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}
const cache = new Map();
/**
 * The migrations in `dir` (relative to `root`, or absolute), in version order; none when the folder
 * does not exist. `noun` names them in findings (`tenant migration`). Synchronous because resource
 * graphs are built synchronously; cached per folder until a file's name, size or mtime changes.
 */
function readMigrationFiles(root, dir, noun) {
    const abs = external_node_path_default().resolve(root, dir);
    const names = external_node_fs_default().existsSync(abs) ? external_node_fs_default().readdirSync(abs).filter((n) => n.endsWith('.sql')).sort() : [];
    const signature = names.map((n) => {
        const st = external_node_fs_default().statSync(external_node_path_default().join(abs, n));
        return `${n}:${st.size}:${st.mtimeMs}`;
    }).join('|');
    const cached = cache.get(abs);
    if (cached?.signature === signature)
        return cached.files;
    const findings = [];
    const files = [];
    for (const name of names) {
        const file = external_node_path_default().relative(root, external_node_path_default().join(abs, name)).split((external_node_path_default()).sep).join('/');
        const match = FILE_NAME.exec(name);
        if (!match) {
            findings.push({ file, line: 1, col: 1, message: `${noun} file name must be NNNN_lowercase_words.sql` });
            continue;
        }
        const previous = files[files.length - 1];
        if (previous?.version === match[1]) {
            findings.push({ file, line: 1, col: 1, message: `${noun} version ${match[1]} is also used by ${previous.name}; versions must be unique` });
            continue;
        }
        const sql = external_node_fs_default().readFileSync(external_node_path_default().join(abs, name), 'utf8');
        files.push({ version: match[1], name, file, sql, checksum: checksumMigration(sql) });
    }
    if (findings.length)
        throw new errors/* ConfigurationError */.j1(findings);
    cache.set(abs, { signature, files });
    return files;
}
/**
 * Checks what `subject` (`tenant acme`, `the registry`) has applied against the files, every fault
 * at once; returns the migrations still to apply, in order.
 */
function pendingMigrations(subject, files, applied) {
    const byVersion = new Map(files.map((f) => [f.version, f]));
    // A missing file is named where it would be: beside the others.
    const dirOf = (f) => (f ? f.file.slice(0, f.file.length - f.name.length) : '');
    const findings = [];
    for (const row of applied) {
        const file = byVersion.get(row.version);
        if (!file) {
            findings.push({ file: `${dirOf(files[0])}${row.name}`, line: 1, col: 1, message: `${subject} has migration ${row.name} applied, but the file is missing; restore it` });
        }
        else if (file.checksum !== row.checksum) {
            findings.push({
                file: file.file,
                line: 1,
                col: 1,
                message: `migration ${file.name} was edited after it was applied to ${subject} (checksum ${row.checksum.slice(0, 12)}…, now ${file.checksum.slice(0, 12)}…); restore it and put the change in a new migration`,
            });
        }
    }
    const done = new Set(applied.map((r) => r.version));
    const newest = applied.map((r) => r.version).sort().at(-1);
    const pending = files.filter((f) => !done.has(f.version));
    for (const f of pending) {
        if (newest !== undefined && f.version < newest) {
            findings.push({ file: f.file, line: 1, col: 1, message: `migration ${f.name} is older than ${newest}, which ${subject} already has; give it a version after the newest` });
        }
    }
    if (findings.length)
        throw new errors/* ConfigurationError */.j1(findings);
    return pending;
}

;// CONCATENATED MODULE: ./src/pg/migrate.ts
// The one migration runner, for the registry and for every tenant's store. Hand-written rather
// than umzug, postgrator or node-pg-migrate: none runs each file as another role with its
// search_path pinned, under an advisory lock of our choosing, with a SHA-256 checksummed record
// written in the same transaction, without wrapping most of it anyway.
//
// Under the lock the applied rows are read again and checked against the files (an edited or
// missing applied file, or a new one older than the newest applied, stops everything before
// anything runs); then each pending file runs in one transaction with its tracking row, so a run
// killed half-way leaves a migration applied and recorded, or neither.





/** The tracking table's definition: the same columns for the registry and every tenant. */
function migrationsTableDdl(table, ifNotExists = false) {
    return `CREATE TABLE ${ifNotExists ? 'IF NOT EXISTS ' : ''}${table} (
  version text PRIMARY KEY,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  duration_ms integer NOT NULL
)`;
}
/** The rows of `table` (quoted, qualified where needed), oldest first; undefined when it does not exist. */
async function readAppliedMigrations(db, table) {
    const { rows: exists } = await db.query(`SELECT to_regclass($1) IS NOT NULL AS found`, [table]);
    if (!exists[0].found)
        return undefined;
    const { rows } = await db.query(`SELECT version, name, checksum FROM ${table} ORDER BY version`);
    return rows;
}
/** Applies the pending migrations; returns the files applied by this call, in order. */
function runMigrations(pool, run) {
    const key = advisoryKey(run.lock.namespace, run.lock.name);
    return withClient(pool, async (client) => {
        await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
        try {
            let rows = await readAppliedMigrations(client, run.table);
            if (!rows) {
                if (run.missingTable !== 'create')
                    throw run.missingTable();
                await client.query(migrationsTableDdl(run.table, true));
                rows = [];
            }
            const pending = pendingMigrations(run.subject, run.files, rows);
            for (const file of pending) {
                const statements = [
                    ...(run.before ?? []),
                    file.sql,
                    ...(run.after ?? []),
                    // now() is the transaction's start: the duration is the migration's own.
                    `INSERT INTO ${run.table} (version, name, checksum, duration_ms) VALUES (${literal(file.version)}, ${literal(file.name)}, ${literal(file.checksum)}, ` +
                        `(extract(epoch FROM clock_timestamp() - now()) * 1000)::integer)`,
                ];
                try {
                    await sendTransactionOn(client, statements, { send: run.send });
                }
                catch (err) {
                    const Failure = run.failure ?? errors/* EnvironmentError */.eG;
                    throw new Failure(`${run.subject}: migration ${file.file} failed and was rolled back: ${describePgError(err)}`, { cause: err });
                }
                run.log?.info(`${run.subject}: applied migration ${file.name}`);
            }
            return pending;
        }
        finally {
            // A failed unlock leaves the session holding the lock: end it, which releases it.
            await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((e) => discardClient(client, e));
        }
    });
}

;// CONCATENATED MODULE: ./src/pg/index.ts
// pg: the PostgreSQL helpers the registry and the tenant stores share — one transaction helper,
// one migration runner, advisory lock keys, identifier quoting. It imports neither db nor registry.







/***/ }),

/***/ 61716:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  mG: () => (/* reexport */ result_ApplyResultError),
  gj: () => (/* reexport */ applyPlan),
  Gg: () => (/* reexport */ buildPlan),
  dj: () => (/* reexport */ canonicalJson),
  p5: () => (/* reexport */ diffFields),
  k: () => (/* reexport */ hashPlan),
  zk: () => (/* reexport */ isUnsafe),
  d4: () => (/* reexport */ jsonRendering),
  sf: () => (/* reexport */ mapLimit),
  W_: () => (/* reexport */ markdownRendering),
  hk: () => (/* reexport */ matchesPlanHash),
  bc: () => (/* reexport */ parsePlanHash),
  Y7: () => (/* reexport */ recordSnapshotRead),
  rG: () => (/* reexport */ stream_renderChunks),
  d$: () => (/* reexport */ renderPlanMarkdown),
  BC: () => (/* reexport */ shortHash),
  oY: () => (/* reexport */ textRendering),
  _n: () => (/* reexport */ stream_viewOfPlan),
  ro: () => (/* reexport */ withOfflinePlan)
});

// UNUSED EXPORTS: ChangedWhileWaitingError, PLAN_VERSION, SnapshotMismatchError, assertSafe, buildGraph, checkThreshold, countChanges, createPlanHasher, findGroupUnsafe, formatChangeLine, renderPlanText, reverseOrder, verifyPlan

;// CONCATENATED MODULE: ./src/plan/snapshot.ts
// What an apply may act on when a tenant was planned from a fleet-wide snapshot (Power BI's admin
// scanner) instead of its own reads: the capability records how the snapshot answered each tenant
// (recordSnapshotRead), and the apply asks snapshotVouchesFor before it skips the re-read.
/**
 * Records that a fleet-wide snapshot answered (some of) this tenant's reads in the context's pass,
 * and how: once `partial`, the tenant stays partial whatever the pass's other reads record.
 */
function recordSnapshotRead(ctx, read) {
    const snapshots = ctx.pass?.snapshots;
    if (snapshots && snapshots.get(ctx.tenant) !== 'partial')
        snapshots.set(ctx.tenant, read);
}
// A snapshot is the organisation as of its scan, and the scan is one of the plan's reads: when the
// lock vouches `untouchedSincePlan` (src/run/apply.ts starts the run's deployments before the plan
// reads anything, the scan included), no other tenantops run changed the tenant since the scan, as
// for any plan read. What the lock cannot vouch for is the snapshot's fidelity: Microsoft documents
// that the scanner returns models that were not refreshed or republished WITHOUT their
// sub-artifacts and expressions (learn.microsoft.com/fabric/governance/metadata-scanning-run,
// "Considerations and limitations"), so a snapshot can miss what the tenant's own reads would see.
// Hence what a tenant planned from a snapshot may be applied as planned, without reading it again:
//   - a create: never. It is planned because the snapshot did not show the item; had it merely
//     missed it, a second one would be made, and reports cannot be deduplicated by name.
//   - a delete or a replace: never. It acts on what the snapshot said exists, which may be gone.
//   - an update: only when the snapshot vouched for the tenant (`vouched`): everything the
//     tenant's reads asked of it was there — a model's expressions, which the parameters' diff
//     compares; a workspace's users, which the access diff compares — and every item was found by
//     its recorded id, not by name. The update then acts on an id that exists and on fields the
//     snapshot really held; a field the snapshot lacked would plan an update that writes what the
//     service already holds, or worse.
// Kept simple: one create or delete anywhere in the tenant's plan, even of a resource the snapshot
// did not answer (a database's), and the whole tenant is read again. Updates of resources that
// read nothing from the snapshot (a database migration) are vouched for by the lock alone, as in a
// tenant planned from its own reads.
function snapshotVouchesFor(plan, read) {
    if (read === undefined)
        return true;
    return read === 'vouched' && plan.changes.every((c) => c.action === 'update');
}

// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
;// CONCATENATED MODULE: ./src/plan/graph.ts
// The resource graph of one tenant: validation (unique keys, known dependencies, no cycles) and
// a deterministic topological order. Resource sets are assembled by our own code, so a broken
// graph is a bug of ours (InternalError), not a user mistake.

/** Validates one tenant's resources and orders them; throws InternalError naming the fault. */
function graph_buildGraph(tenant, resources) {
    const byKey = new Map();
    for (const r of resources) {
        if (byKey.has(r.key))
            throw new errors/* InternalError */.Gd(`tenant ${tenant}: resource key "${r.key}" is used twice`);
        byKey.set(r.key, r);
    }
    const dependents = new Map();
    for (const r of resources)
        dependents.set(r.key, []);
    for (const r of resources) {
        for (const dep of new Set(r.dependsOn)) {
            if (!byKey.has(dep)) {
                throw new errors/* InternalError */.Gd(`tenant ${tenant}: resource "${r.key}" depends on "${dep}", which is not in the tenant's resource set`);
            }
            dependents.get(dep).push(r.key);
        }
    }
    for (const list of dependents.values())
        list.sort(graph_compareKeys);
    return { order: sortTopologically(tenant, byKey, dependents), byKey, dependents };
}
/** Dependents before dependencies: the order deletes run in. */
function reverseOrder(graph) {
    return [...graph.order].reverse();
}
function graph_compareKeys(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}
// Kahn's algorithm with the ready set kept sorted by key, so ties always resolve the same way.
function sortTopologically(tenant, byKey, dependents) {
    const waiting = new Map();
    for (const r of byKey.values())
        waiting.set(r.key, new Set(r.dependsOn).size);
    const ready = [...byKey.keys()].filter((k) => waiting.get(k) === 0).sort(graph_compareKeys);
    const order = [];
    while (ready.length > 0) {
        const key = ready.shift();
        order.push(byKey.get(key));
        for (const next of dependents.get(key)) {
            const left = waiting.get(next) - 1;
            waiting.set(next, left);
            if (left === 0)
                insertSorted(ready, next);
        }
    }
    if (order.length < byKey.size) {
        const stuck = new Set([...waiting].filter(([, n]) => n > 0).map(([k]) => k));
        throw new errors/* InternalError */.Gd(`tenant ${tenant}: resource graph has a cycle (→ reads "depends on"): ${describeCycle(byKey, stuck).join(' → ')}`);
    }
    return order;
}
function insertSorted(list, key) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    list.splice(lo, 0, key);
}
// Every resource left over by Kahn's algorithm still waits on another left-over one, so walking
// "smallest stuck dependency" from the smallest stuck key must come back to a key already seen.
function describeCycle(byKey, stuck) {
    const path = [];
    const seenAt = new Map();
    let key = [...stuck].sort(graph_compareKeys)[0];
    while (!seenAt.has(key)) {
        seenAt.set(key, path.length);
        path.push(key);
        key = byKey.get(key).dependsOn.filter((d) => stuck.has(d)).sort(graph_compareKeys)[0];
    }
    return [...path.slice(seenAt.get(key)), key];
}

;// CONCATENATED MODULE: ./src/plan/concurrency.ts
// Bounded concurrency for independent work (reads, tenants). Work with dependencies goes
// through schedule.ts instead.
/**
 * Runs `fn` over `items` with at most `limit` in flight; results keep the input order. The first
 * rejection rejects the whole call once the in-flight calls have settled, and no new item starts.
 */
async function mapLimit(items, limit, fn) {
    const results = new Array(items.length);
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && next < items.length) {
            const i = next++;
            try {
                results[i] = await fn(items[i], i);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
    await Promise.all(workers);
    if (failure)
        throw failure.error;
    return results;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/plan/hash.ts
// Canonical JSON and the plan hash. The hash binds an apply to the plan a reviewer saw, so it must
// depend on what would change and on nothing else: not on key order, whitespace, timestamps,
// counts or the hash field itself.


/**
 * JSON with object keys sorted (by UTF-16 code unit) at every depth and no whitespace.
 * `undefined` object members are dropped (inside arrays they become `null`, as JSON.stringify
 * does, so indices keep their meaning); `-0` becomes `0`; objects with `toJSON` (Dates) use it.
 * Values JSON cannot carry faithfully (NaN, Infinity, bigint, functions, symbols, Map, Set,
 * cycles) throw InternalError rather than hash to something that silently collides.
 */
function canonicalJson(value) {
    // Plans format thousands of strings per tenant: no cycle set or trail for a value without depth.
    if (typeof value === 'string')
        return JSON.stringify(value);
    return write(value, new Set(), []);
}
/** Parses canonical JSON back: a plain-data copy with the same normalisation applied. */
function toPlainData(value) {
    if (value === undefined || value === null || typeof value === 'string' || typeof value === 'boolean')
        return value;
    // A finite number other than -0 is its own plain form; planning meets thousands of them per tenant.
    if (typeof value === 'number' && Number.isFinite(value) && !Object.is(value, -0))
        return value;
    return JSON.parse(canonicalJson(value));
}
/**
 * SHA-256 hex over the version and the changes of every tenant that has some. Tenants without
 * changes are left out so that planning one tenant or all of them gives the same hash when only
 * that tenant changes.
 */
function hashPlan(plan) {
    const hasher = createPlanHasher();
    for (const t of plan.tenants)
        hasher.add(t.tenant, t.changes);
    return hasher.digest(plan.version);
}
function createPlanHasher() {
    // The same bytes as canonicalJson({ tenants, version }), without ever holding them as one string.
    const hash = (0,external_node_crypto_.createHash)('sha256').update('{"tenants":[');
    let first = true;
    return {
        add(tenant, changes) {
            if (changes.length === 0)
                return;
            const json = isMarkedCanonical(changes) ? JSON.stringify(changes) : canonicalJson(changes);
            hash.update(`${first ? '' : ','}{"changes":${json},"tenant":${JSON.stringify(tenant)}}`);
            first = false;
        },
        digest: (version) => hash.update(`],"version":${canonicalJson(version)}}`).digest('hex'),
    };
}
const CANONICAL = Symbol('canonical key order');
/**
 * Marks a list whose every object was built with its keys in sorted order and whose values are
 * plain data (see build.ts), so JSON.stringify of it is its canonical JSON. The mark is a symbol:
 * it never reaches JSON, and a plan read back from a file is hashed the slow, safe way.
 */
function markCanonical(list) {
    Object.defineProperty(list, CANONICAL, { value: true, enumerable: false });
    return list;
}
function isMarkedCanonical(list) {
    return list[CANONICAL] === true;
}
/** The first 12 hex digits: enough to tell plans apart in a title, a log line or a comment. */
function shortHash(hash) {
    return hash.slice(0, SHORT_HASH_LENGTH);
}
const SHORT_HASH_LENGTH = 12;
const HASH_LENGTH = 64;
/**
 * A reviewed plan hash as a person or a workflow passes it: the whole SHA-256 (workflows) or a
 * prefix of at least the 12 digits the text plan shows. Anything shorter would let a mistyped or
 * truncated value bind an apply to a plan nobody saw, so it is a usage error, not a mismatch.
 */
function parsePlanHash(value, what = '--plan-hash') {
    const hash = value.trim().toLowerCase();
    if (!/^[0-9a-f]+$/.test(hash)) {
        throw new errors/* EnvironmentError */.eG(`${what} is not a plan hash (${hash.length ? 'not hexadecimal' : 'empty'}); allowed: the hash \`tenantops plan\` prints, ${SHORT_HASH_LENGTH} to ${HASH_LENGTH} hex digits`);
    }
    if (hash.length < SHORT_HASH_LENGTH || hash.length > HASH_LENGTH) {
        throw new errors/* EnvironmentError */.eG(`${what} has ${hash.length} hex digits; allowed: ${SHORT_HASH_LENGTH} to ${HASH_LENGTH} (the whole hash, or the first ${SHORT_HASH_LENGTH} that the text plan shows)`);
    }
    return hash;
}
/** Whether the computed full hash is the reviewed one (given whole or as a prefix, see parsePlanHash). */
function matchesPlanHash(reviewed, computed) {
    const hash = reviewed.toLowerCase();
    return hash.length >= SHORT_HASH_LENGTH && computed.startsWith(hash);
}
// `trail` holds the path segments of the value being written; it is only joined into a string
// when something has to be refused, because building paths eagerly doubled the cost of hashing.
function write(value, seen, trail) {
    switch (typeof value) {
        case 'string':
            return JSON.stringify(value);
        case 'boolean':
            return value ? 'true' : 'false';
        case 'number':
            if (!Number.isFinite(value))
                throw refuse(trail, `is ${value}, which JSON cannot represent`);
            // ECMAScript's Number#toString is already the shortest round-trip form; only -0 differs.
            return Object.is(value, -0) ? '0' : String(value);
        case 'undefined':
            return 'null';
        case 'object':
            break;
        default:
            throw refuse(trail, `is a ${typeof value}, which is not plain data`);
    }
    if (value === null)
        return 'null';
    if (typeof value.toJSON === 'function') {
        return write(value.toJSON(), seen, trail);
    }
    if (value instanceof Map || value instanceof Set) {
        throw refuse(trail, `is a ${value.constructor.name}, which is not plain data`);
    }
    if (seen.has(value))
        throw refuse(trail, 'refers back to itself');
    seen.add(value);
    let out;
    if (Array.isArray(value)) {
        out = '[';
        for (let i = 0; i < value.length; i++) {
            trail.push(i);
            out += (i > 0 ? ',' : '') + write(value[i], seen, trail);
            trail.pop();
        }
        out += ']';
    }
    else {
        const record = value;
        const keys = Object.keys(record).sort();
        out = '{';
        let first = true;
        for (const k of keys) {
            const v = record[k];
            if (v === undefined)
                continue;
            trail.push(k);
            out += (first ? '' : ',') + JSON.stringify(k) + ':' + write(v, seen, trail);
            trail.pop();
            first = false;
        }
        out += '}';
    }
    seen.delete(value);
    return out;
}
function refuse(trail, what) {
    const path = trail.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');
    return new errors/* InternalError */.Gd(`canonicalJson: $${path} ${what}`);
}

;// CONCATENATED MODULE: ./src/plan/format.ts
// Small wording helpers shared by the renderers and the safety messages, so a value or an
// action reads the same in a PR comment, a log line and a refusal.

/** A value as compact JSON, cut to `max` characters; `(none)` for an absent value. */
function formatValue(value, max = 60) {
    if (value === undefined)
        return '(none)';
    const text = canonicalJson(value);
    return text.length <= max ? text : text.slice(0, Math.max(1, max - 1)) + '…';
}
const ACTION_SYMBOL = {
    create: '+',
    update: '~',
    replace: '±',
    delete: '-',
};
/** "to create", "to change"...: how plan summaries phrase an action. */
const ACTION_PHRASE = {
    create: 'to create',
    update: 'to change',
    replace: 'to replace',
    delete: 'to delete',
};
const ACTIONS = ['create', 'update', 'replace', 'delete'];

;// CONCATENATED MODULE: ./src/plan/model.ts
// The Plan: plain, versioned data (what the PR comment, the JSON artifact and the log lines are
// rendered from) and the fixed order of its changes, so two plans of the same inputs are equal
// byte for byte. Only changes are listed; no-ops are counted.
const PLAN_VERSION = 1;
/** How many changes a plan holds across all tenants. */
function countChanges(plan) {
    return plan.tenants.reduce((n, t) => n + t.changes.length, 0);
}
/** Whether any tenant needs `force`. */
function isUnsafe(plan) {
    return plan.tenants.some((t) => t.unsafe.length > 0);
}
function emptyCounts() {
    return { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
}
/**
 * Puts a tenant's changes in plan order. `changes` arrive in topological order of the whole
 * graph (unchanged resources already dropped); deletes move to the end, reversed, because a
 * dependent must go before what it depends on — octoDNS's create/update then delete ordering.
 */
function orderChanges(changes) {
    const forward = changes.filter((c) => c.action !== 'delete');
    const deletes = changes.filter((c) => c.action === 'delete').reverse();
    return [...forward, ...deletes];
}

;// CONCATENATED MODULE: ./src/plan/safety.ts
// What makes a plan unsafe: a change that destroys data (declared by the resource as data, the
// way Terraform marks "forces replacement") or, octoDNS-style, too large a share of existing
// resources changed or deleted at once — a tenant's own, or a group that changes across tenants
// declare (a DNS zone). Unsafe plans are still planned and shown; only apply refuses them without
// force.


/**
 * octoDNS's safety threshold: once at least `minExisting` resources exist, more than `maxShare`
 * of them updated, or deleted, is refused. Returns the reason, or undefined when within bounds.
 */
function checkThreshold(input) {
    const { existing, updates, deletes, maxShare = 0.3, minExisting = 10, noun = 'existing resources' } = input;
    if (existing <= 0 || existing < minExisting)
        return undefined;
    const reasons = [];
    const limit = `${formatShare(maxShare)} allowed`;
    if (updates / existing > maxShare) {
        reasons.push(`${updates} of ${existing} ${noun} would be changed (${formatShare(updates / existing)}, ${limit})`);
    }
    if (deletes / existing > maxShare) {
        reasons.push(`${deletes} of ${existing} ${noun} would be deleted (${formatShare(deletes / existing)}, ${limit})`);
    }
    return reasons.length > 0 ? reasons.join('; ') : undefined;
}
/** Every reason a tenant's changes need force, in plan order, threshold last. */
function findUnsafe(tenant, changes, counts, options = {}) {
    const flag = options.forceFlag ?? '--force';
    const override = `re-run with ${flag} to allow it`;
    const reasons = [];
    for (const c of changes) {
        for (const f of c.fields) {
            if (!f.forcesReplacement)
                continue;
            reasons.push({
                key: c.key,
                field: f.path,
                message: `tenant ${tenant}: ${c.key}: ${f.path} ${formatValue(f.before)} → ${formatValue(f.after)} forces replacement, ` +
                    `which destroys data${f.reason ? `: ${f.reason}` : ''}; ${override}`,
            });
        }
        if (c.destroysData) {
            reasons.push({
                key: c.key,
                message: `tenant ${tenant}: ${c.key}: ${c.action} destroys data${c.reason ? `: ${c.reason}` : ''}; ${override}`,
            });
        }
    }
    if (options.threshold !== false) {
        const t = options.threshold ?? {};
        const reason = checkThreshold({
            existing: counts.update + counts.replace + counts.delete + counts.noop,
            updates: counts.replace + (t.countUpdates ? counts.update : 0),
            deletes: counts.delete,
            maxShare: t.maxShare,
            minExisting: t.minExisting,
        });
        if (reason)
            reasons.push({ message: `tenant ${tenant}: ${reason}; ${override}` });
    }
    return reasons;
}
/**
 * The shared thresholds of a whole plan: per group, the updates (replacements included) and
 * deletes of every tenant against what exists, as octoDNS judges a zone. Each change of a group
 * over its threshold gets a reason, listed under its tenant in the order given.
 */
function findGroupUnsafe(changes, options = {}) {
    const override = `re-run with ${options.forceFlag ?? '--force'} to allow it`;
    const tallies = new Map();
    for (const c of changes) {
        if (c.action === 'create')
            continue;
        const tally = tallies.get(c.group.id) ?? { group: c.group, updates: 0, deletes: 0 };
        tallies.set(c.group.id, tally);
        if (c.action === 'delete')
            tally.deletes++;
        else
            tally.updates++;
    }
    const reasons = new Map();
    for (const [id, { group, updates, deletes }] of tallies) {
        const { existing, maxShare, minExisting, noun } = group;
        const reason = checkThreshold({ existing, updates, deletes, maxShare, minExisting, noun });
        if (reason)
            reasons.set(id, `${group.title}: ${reason}`);
    }
    const out = new Map();
    for (const c of changes) {
        const reason = c.action === 'create' ? undefined : reasons.get(c.group.id);
        if (!reason)
            continue;
        const list = out.get(c.tenant) ?? [];
        out.set(c.tenant, list);
        list.push({ key: c.key, message: `tenant ${c.tenant}: ${c.key}: ${c.action}: ${reason}; ${override}` });
    }
    return out;
}
/** Throws UnsafePlanError listing every reason, unless forced. */
function assertSafe(plan, options = {}) {
    if (options.force)
        return;
    const reasons = plan.tenants.flatMap((t) => t.unsafe.map((u) => u.message));
    if (reasons.length > 0)
        throw new errors/* UnsafePlanError */.Qm(reasons);
}
function formatShare(share) {
    return `${Math.round(share * 1000) / 10}%`;
}

;// CONCATENATED MODULE: ./src/plan/build.ts
// Planning: read every resource's actual state (bounded concurrency, or nothing at all offline),
// diff it against the desired state and assemble the Plan. Pure apart from the reads, which the
// resources perform; apply re-runs the same steps to check the reviewed plan still holds.







/** Reads, diffs and returns the Plan. */
async function buildPlan(options) {
    return (await discoverPlan(options, { keepDiscovered: false })).plan;
}
/** buildPlan, also returning what was read, for apply. */
async function discoverPlan(options, { keepDiscovered = true } = {}) {
    const tenants = [...options.tenants].sort((a, b) => graph_compareKeys(a.tenant, b.tenant));
    for (let i = 1; i < tenants.length; i++) {
        if (tenants[i].tenant === tenants[i - 1].tenant)
            throw new errors/* InternalError */.Gd(`tenant ${tenants[i].tenant} is planned twice`);
    }
    const graphs = tenants.map((t) => graph_buildGraph(t.tenant, t.resources));
    const read = options.offline
        ? { results: graphs.map((g) => new Map(g.order.map((r) => [r.key, undefined]))), pass: undefined }
        : await readAll(tenants.map((t, i) => ({ tenant: t.tenant, graph: graphs[i] })), options);
    // A plan alone needs no per-resource state; keeping it for a thousand tenants doubles the memory.
    const states = tenants.map((t, i) => diffTenant(t.tenant, graphs[i], read.results[i], options.safety, keepDiscovered));
    for (const s of states) {
        const snapshot = read.pass?.snapshots.get(s.tenant);
        if (snapshot)
            s.snapshot = snapshot;
    }
    // Shared thresholds (a DNS zone) span tenants, so they are judged once every tenant is diffed.
    const grouped = findGroupUnsafe(states.flatMap((s) => s.grouped), options.safety);
    for (const s of states)
        s.plan.unsafe.push(...(grouped.get(s.tenant) ?? []));
    return { plan: assemblePlan(states.map((s) => s.plan), options.offline), states };
}
/** Reads one tenant's resources: what apply does again under the tenant's lock. */
async function build_readTenant(tenant, graph, createContext, concurrency = 8) {
    return (await readAll([{ tenant, graph }], { createContext, concurrency })).results[0];
}
/** Diffs one tenant's resources against what was read and plans its changes. */
function diffTenant(tenant, graph, actuals, safety, keepDiscovered = true) {
    const discovered = new Map();
    const forward = [];
    const groups = new Map();
    const counts = emptyCounts();
    for (const resource of graph.order) {
        const actual = actuals.get(resource.key);
        const change = resource.diff(resource.desired, actual);
        if (keepDiscovered)
            discovered.set(resource.key, { resource, actual, change });
        if (!change) {
            counts.noop++;
            continue;
        }
        if (!ACTIONS.includes(change.action)) {
            throw new errors/* InternalError */.Gd(`tenant ${tenant}: resource ${resource.key} planned an unknown action "${String(change.action)}"`);
        }
        counts[change.action]++;
        forward.push(toPlannedChange(resource, change));
        if (change.safetyGroup)
            groups.set(resource.key, change.safetyGroup);
    }
    const changes = markCanonical(orderChanges(forward));
    const plan = { tenant, changes, counts, unsafe: findUnsafe(tenant, changes, counts, safety) };
    const grouped = changes.flatMap((c) => {
        const group = groups.get(c.key);
        return group ? [{ tenant, key: c.key, action: c.action, group }] : [];
    });
    return { tenant, graph, discovered, plan, grouped };
}
function assemblePlan(tenants, offline) {
    const plan = { version: PLAN_VERSION, hash: hashPlan({ version: PLAN_VERSION, tenants }), tenants };
    if (offline)
        plan.offline = true;
    return plan;
}
function toPlannedChange(resource, change) {
    // Plain data from here on: what is hashed is exactly what a JSON round trip gives back. Only
    // field values can be anything; the rest is strings and booleans already. Keys are inserted in
    // sorted order (and toPlainData sorts nested ones), so JSON.stringify of a change is its
    // canonical JSON: hashing a large plan then costs a native stringify, not a JS walk.
    const fields = [...change.fields]
        .sort((a, b) => graph_compareKeys(a.path, b.path))
        .map((f) => {
        const field = {};
        if (f.after !== undefined)
            field.after = toPlainData(f.after);
        if (f.before !== undefined)
            field.before = toPlainData(f.before);
        if (f.forcesReplacement)
            field.forcesReplacement = true;
        field.path = f.path;
        if (f.reason !== undefined)
            field.reason = f.reason;
        return field;
    });
    const planned = { action: change.action };
    if (change.destroysData)
        planned.destroysData = true;
    planned.fields = fields;
    planned.key = resource.key;
    planned.kind = resource.kind;
    if (change.reason !== undefined)
        planned.reason = change.reason;
    planned.summary = change.summary ?? `${change.action} ${resource.kind}`;
    return planned;
}
async function readAll(tenants, options) {
    const factory = options.createContext;
    if (!factory)
        throw new errors/* InternalError */.Gd('buildPlan needs createContext unless it plans offline');
    // One context per tenant, made when its first read starts, all of them in this one pass.
    const pass = { codes: tenants.map((t) => t.tenant), shared: new Map(), snapshots: new Map() };
    const contexts = new Map();
    const contextFor = (tenant) => {
        let ctx = contexts.get(tenant);
        if (!ctx)
            contexts.set(tenant, (ctx = Promise.resolve(factory(tenant, { phase: 'read', force: false })).then((c) => ({ ...c, pass }))));
        return ctx;
    };
    const jobs = tenants.flatMap((t, i) => t.graph.order.map((resource) => ({ i, tenant: t.tenant, resource })));
    const results = tenants.map(() => new Map());
    await mapLimit(jobs, options.concurrency ?? 8, async (job) => {
        const actual = await job.resource.read(await contextFor(job.tenant));
        results[job.i].set(job.resource.key, actual);
    });
    return { results, pass };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/plan/stream.ts
// A plan as the renderers take it (PlanView): up front, what headers and totals need — the hash and
// each tenant's counts and unsafe reasons — then the tenants' changes one at a time. An offline plan
// of a large fleet is never held whole (10,000 tenants' changes are over a gigabyte) and is planned
// once: tenant by tenant, each tenant's part of every output is rendered as soon as it is planned
// and spilled to a private temporary file, and once the hash and totals are known the header is
// written followed by the spilled parts. An online plan reads the world once and is held (viewOfPlan).









/** A rendering's output of a plan, part by part (a tenant at a time), empty parts left out. */
function* stream_renderChunks(plan, rendering) {
    const head = rendering.head(plan);
    if (head)
        yield head;
    let index = 0;
    for (const t of plan.plans()) {
        const part = rendering.tenant(t, index++);
        if (part)
            yield part;
    }
    const tail = rendering.tail(plan);
    if (tail)
        yield tail;
}
/** A plan already held (an online plan), as the renderers take it. */
function stream_viewOfPlan(plan) {
    const view = {
        version: plan.version,
        hash: plan.hash,
        tenants: plan.tenants.map((t) => ({ tenant: t.tenant, counts: t.counts, unsafe: t.unsafe, changeCount: t.changes.length })),
        plans: () => plan.tenants,
    };
    if (plan.offline !== undefined)
        view.offline = plan.offline;
    return view;
}
/**
 * Plans offline, equal to buildPlan({ offline: true }) of the same resources, each tenant once and
 * never the whole plan held: every tenant's part of each rendering goes to a file of its own in a
 * private directory (0700, files 0600) that is removed when `use` settles, fulfilled or not.
 */
async function withOfflinePlan(options, renderings, use) {
    const codes = [...options.tenants].sort(graph_compareKeys);
    for (let i = 1; i < codes.length; i++) {
        if (codes[i] === codes[i - 1])
            throw new errors/* InternalError */.Gd(`tenant ${codes[i]} is planned twice`);
    }
    // Plans hold no secrets, but another user of the machine has no business reading one.
    const dir = (0,external_node_fs_.mkdtempSync)((0,external_node_path_.join)(options.spillRoot ?? (0,external_node_os_.tmpdir)(), 'tenantops-plan-'));
    const fds = [];
    try {
        for (let r = 0; r < renderings.length; r++)
            fds.push((0,external_node_fs_.openSync)((0,external_node_path_.join)(dir, `${r}.part`), 'wx+', 0o600));
        const plan = planInto(codes, options, renderings, fds);
        return await use(plan);
    }
    finally {
        for (const fd of fds)
            (0,external_node_fs_.closeSync)(fd);
        (0,external_node_fs_.rmSync)(dir, { recursive: true, force: true });
    }
}
function planInto(codes, options, renderings, fds) {
    const hasher = createPlanHasher();
    const tenants = [];
    const grouped = [];
    // Per rendering, each tenant's spilled bytes in plan order.
    const sizes = renderings.map(() => new Array(codes.length).fill(0));
    // A tenant a shared threshold could still make unsafe, rendered once that is judged. Offline,
    // against an empty world, every real change is a create, which no threshold counts: only a test
    // double lands here, so holding these plans keeps memory flat for any real fleet.
    const held = new Map();
    codes.forEach((tenant, index) => {
        const { plan, grouped: ofTenant } = diffTenant(tenant, graph_buildGraph(tenant, options.resources(tenant)), NOTHING_READ, options.safety, false);
        hasher.add(tenant, plan.changes);
        tenants.push({ tenant, counts: plan.counts, unsafe: plan.unsafe, changeCount: plan.changes.length });
        grouped.push(...ofTenant);
        if (ofTenant.some((g) => g.action !== 'create')) {
            held.set(index, plan);
            return;
        }
        renderings.forEach((rendering, r) => (sizes[r][index] = writeAll(fds[r], rendering.tenant(plan, index))));
    });
    // Shared thresholds (a DNS zone) span tenants: judged once every tenant is diffed, as buildPlan does.
    // A summary's unsafe list is its plan's, so a held plan gets its group reasons too.
    const groupUnsafe = findGroupUnsafe(grouped, options.safety);
    for (const t of tenants)
        t.unsafe.push(...(groupUnsafe.get(t.tenant) ?? []));
    const header = { version: PLAN_VERSION, hash: hasher.digest(PLAN_VERSION), offline: true, tenants };
    return {
        ...header,
        *chunks(r) {
            const rendering = renderings[r];
            const head = rendering.head(header);
            if (head)
                yield head;
            let position = 0;
            const buffer = { bytes: Buffer.allocUnsafe(64 * 1024) };
            for (let index = 0; index < codes.length; index++) {
                const plan = held.get(index);
                const part = plan ? rendering.tenant(plan, index) : readPart(fds[r], sizes[r][index], position, buffer);
                if (!plan)
                    position += sizes[r][index];
                if (part.length > 0)
                    yield part;
            }
            const tail = rendering.tail(header);
            if (tail)
                yield tail;
        },
    };
}
/** Appends text to the file, returning its size in bytes. */
function writeAll(fd, text) {
    if (!text)
        return 0;
    // Written as a string: a Buffer copy of every tenant's part would be garbage the size of the plan.
    const size = Buffer.byteLength(text);
    const written = (0,external_node_fs_.writeSync)(fd, text);
    if (written !== size)
        throw new errors/* InternalError */.Gd(`the plan spilled ${written} of ${size} bytes`);
    return size;
}
/**
 * A spilled part as text, read through one buffer: a fresh Buffer per tenant is memory outside the
 * heap that the collector frees late (a 10,000-tenant plan rose 60 MB that way); a string is freed
 * as any other.
 */
function readPart(fd, size, position, buffer) {
    if (buffer.bytes.length < size)
        buffer.bytes = Buffer.allocUnsafe(Math.max(size, 2 * buffer.bytes.length));
    for (let done = 0; done < size;) {
        const n = (0,external_node_fs_.readSync)(fd, buffer.bytes, done, size - done, position + done);
        if (n === 0)
            throw new errors/* InternalError */.Gd(`the spilled plan ended ${size - done} bytes early`);
        done += n;
    }
    return buffer.bytes.toString('utf8', 0, size);
}
const NOTHING_READ = new Map();

;// CONCATENATED MODULE: ./src/plan/printed.ts
// The renderings are what `plan` prints, newline-terminated lines; the render… functions return
// the same text as one string without its last newline, which the printing adds.
/** Lines as printed: each ends in a newline. */
function lines(list) {
    return list.join('\n') + '\n';
}
/** The printed chunks as one string, without the newline printing ends with. */
function printed_printed(chunks) {
    return [...chunks].join('').slice(0, -1);
}

;// CONCATENATED MODULE: ./src/plan/render-text.ts
// The plan as log lines: one per change, prefixed by the tenant so a line grepped out of a long
// rollout log still says where it belongs.




/** `+ key`, `~ key field: a → b, other: c → d`, `± key ...`, `- key`. */
function formatChangeLine(change, options = {}) {
    const max = options.maxValueLength ?? 60;
    const head = `${ACTION_SYMBOL[change.action]} ${change.key}`;
    if (change.action === 'create' || change.action === 'delete' || change.fields.length === 0)
        return head;
    const fields = change.fields.map((f) => `${f.path}: ${formatValue(f.before, max)} → ${formatValue(f.after, max)}` +
        (f.forcesReplacement ? ' (forces replacement)' : ''));
    return `${head} ${fields.join(', ')}`;
}
/** "2 to create, 1 to change": non-zero counts only; `no changes` when there are none. */
function formatCounts(counts) {
    const parts = ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${ACTION_PHRASE[a]}`);
    return parts.length > 0 ? parts.join(', ') : 'no changes';
}
function renderPlanText(plan, options = {}) {
    return printed(renderChunks(viewOfPlan(plan), textRendering(options)));
}
/**
 * The text plan as printed, in parts: the header line, then tenant by tenant, then an empty line.
 * The output is renderPlanText's string (which ends in a newline) and the newline a printed line
 * ends with.
 */
function textRendering(options = {}) {
    return {
        head: (plan) => lines([`plan ${shortHash(plan.hash)}${plan.offline ? ' (offline)' : ''}: ${formatCounts(sumCounts(plan))}`]),
        tenant(t) {
            const out = [];
            for (const c of t.changes)
                out.push(`${t.tenant}: ${formatChangeLine(c, options)}`);
            for (const u of t.unsafe)
                out.push(`${t.tenant}: unsafe: ${u.message}`);
            return out.length > 0 ? lines(out) : '';
        },
        tail: () => '\n',
    };
}
function sumCounts(plan) {
    const total = { create: 0, update: 0, replace: 0, delete: 0, noop: 0 };
    for (const t of plan.tenants) {
        for (const k of Object.keys(total))
            total[k] += t.counts[k];
    }
    return total;
}

;// CONCATENATED MODULE: ./src/plan/render-markdown.ts
// The plan as the markdown a reviewer reads in a pull request (sticky comment, job summary): per
// tenant what is created, changed, replaced and deleted with field-level before → after, unsafe
// changes called out, and long runs of one kind collapsed so 42 cloned reports fit on a screen.





const HEADER = '| | Resource | Kind | Change |\n|---|---|---|---|';
function renderPlanMarkdown(plan, options = {}) {
    return printed_printed(stream_renderChunks(stream_viewOfPlan(plan), markdownRendering(options)));
}
/**
 * The markdown plan as printed, in parts: the header, each changed tenant, then the unchanged
 * ones. Every part's lines end in a newline, so the output is renderPlanMarkdown's string and the
 * newline a printed line ends with.
 */
function markdownRendering(options = {}) {
    return {
        head(plan) {
            const head = [`## tenantops plan \`${shortHash(plan.hash)}\``, ''];
            if (plan.offline)
                head.push('Planned offline, against an empty world: nothing was read.', '');
            const changed = plan.tenants.filter((t) => t.changeCount > 0).length;
            if (changed === 0)
                head.push('No changes.', '');
            else
                head.push(`${changed} of ${plan.tenants.length} tenant(s) change: ${formatCounts(sumCounts(plan))}.`, `Plan hash: \`${plan.hash}\``, '');
            return lines(head);
        },
        tenant: (t) => (t.changes.length > 0 ? lines(renderTenant(t, options)) : ''),
        tail(plan) {
            // A plan without changes says so in its header and lists no one.
            if (!plan.tenants.some((t) => t.changeCount > 0))
                return '';
            const unchanged = plan.tenants.filter((t) => t.changeCount === 0).map((t) => `\`${t.tenant}\``);
            if (unchanged.length === 0)
                return '';
            const list = unchanged.join(', ');
            const limit = options.collapseAbove ?? 5;
            return lines([
                unchanged.length > limit
                    ? `<details><summary>No changes for ${unchanged.length} tenants</summary>\n\n${list}\n\n</details>`
                    : `No changes for ${list}.`,
                '',
            ]);
        },
    };
}
function renderTenant(t, options) {
    const unchanged = t.counts.noop > 0 ? ` (${t.counts.noop} unchanged)` : '';
    const out = [`### ${escapeText(t.tenant)}: ${formatCounts(t.counts)}${unchanged}`, ''];
    if (t.unsafe.length > 0) {
        out.push('> [!WARNING]', `> Unsafe: applying needs \`${options.forceFlag ?? '--force'}\`.`);
        for (const u of t.unsafe)
            out.push(`> - ${escapeText(u.message)}`);
        out.push('');
    }
    const unsafeKeys = new Set(t.unsafe.flatMap((u) => (u.key ? [u.key] : [])));
    const groups = new Map();
    for (const c of t.changes) {
        const id = `${c.action} ${c.kind}`;
        const group = groups.get(id);
        if (group)
            group.push(c);
        else
            groups.set(id, [c]);
    }
    const limit = options.collapseAbove ?? 5;
    // Unsafe changes are never tucked away in a collapsed group.
    const collapsed = new Set([...groups].filter(([, list]) => list.length > limit && !list.some((c) => unsafeKeys.has(c.key))).map(([id]) => id));
    const row = (c) => renderRow(c, unsafeKeys.has(c.key), options);
    const open = t.changes.filter((c) => !collapsed.has(`${c.action} ${c.kind}`));
    if (open.length > 0)
        out.push(HEADER, ...open.map(row), '');
    for (const id of collapsed) {
        const list = groups.get(id);
        const summary = describeGroup(list.length, list[0], options.labels);
        out.push(`<details><summary>${escapeText(summary)}</summary>`, '', HEADER, ...list.map(row), '', '</details>', '');
    }
    return out;
}
function describeGroup(n, sample, labels = {}) {
    const label = labels[sample.kind];
    const verb = label?.verbs?.[sample.action] ?? ACTION_PHRASE[sample.action];
    return label ? `${n} ${label.plural} ${verb}` : `${n} ${sample.kind} resources ${verb}`;
}
function renderRow(c, unsafe, options) {
    const max = options.maxValueLength ?? 60;
    const lines = [escapeText(c.summary)];
    for (const f of c.fields) {
        // A create only has values to be, a delete only values that go: no arrow from or to nothing.
        const value = c.action === 'create' ? ` = ${code(formatValue(f.after, max))}`
            : c.action === 'delete' ? ` was ${code(formatValue(f.before, max))}`
                : `: ${code(formatValue(f.before, max))} → ${code(formatValue(f.after, max))}`;
        lines.push(code(f.path) + value + (f.forcesReplacement ? ' **forces replacement**' : ''));
    }
    if (c.destroysData)
        lines.push(`**destroys data**${c.reason ? `: ${escapeText(c.reason)}` : ''}`);
    const action = `${unsafe ? '⚠️ ' : ''}${ACTION_SYMBOL[c.action]} ${c.action}`;
    return `| ${action} | ${code(c.key)} | ${code(c.kind)} | ${lines.join('<br>')} |`;
}
const NEEDS_ESCAPE = /[&<>|\n]/;
const NEEDS_FENCE = /[\n|`]/;
// Text outside code spans: no HTML from tenant data, no table-breaking pipes or newlines.
function escapeText(text) {
    // Most text has nothing to escape: one scan instead of five replacements (a 10,000-tenant plan
    // renders over a million cells).
    if (!NEEDS_ESCAPE.test(text))
        return text;
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n/g, ' ');
}
// A code span that survives any content: a fence longer than any backtick run inside, and pipes
// escaped because GitHub splits table cells on them even inside code.
function code(text) {
    if (!NEEDS_FENCE.test(text))
        return `\`${text}\``;
    const flat = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
    const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
    const fence = '`'.repeat(longest + 1);
    const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${flat}${pad}${fence}`;
}

;// CONCATENATED MODULE: ./src/plan/render-json.ts
// The plan as JSON (`plan --json`, the artifact apply is bound to): the bytes of
// JSON.stringify(plan, null, 2) and the newline printing adds, made tenant by tenant so a large
// plan is written as it is made.
const TENANT_INDENT = '\n    ';
/** Parts that, concatenated, are JSON.stringify(plan, null, 2) of the plan and a newline. */
function jsonRendering() {
    return {
        head: (plan) => `{\n  "version": ${JSON.stringify(plan.version)},\n  "hash": ${JSON.stringify(plan.hash)},\n  "tenants": [`,
        // A tenant sits two levels deep; JSON strings hold no raw newline, so every newline is layout.
        tenant: (t, index) => `${index === 0 ? '' : ','}${TENANT_INDENT}${JSON.stringify(t, null, 2).replaceAll('\n', TENANT_INDENT)}`,
        tail: (plan) => `${plan.tenants.length === 0 ? ']' : '\n  ]'}${plan.offline === undefined ? '' : `,\n  "offline": ${JSON.stringify(plan.offline)}`}\n}\n`,
    };
}

;// CONCATENATED MODULE: ./src/plan/result.ts
// The ApplyError apply and verify throw: every failure gathered, plus the per-tenant summary so
// a caller can still report what was applied, failed and skipped before it exits non-zero.

class result_ApplyResultError extends errors/* ApplyError */.d5 {
    result;
    constructor(failures, result) {
        super(failures);
        this.result = result;
    }
}

;// CONCATENATED MODULE: ./src/plan/schedule.ts
// Runs keyed tasks with dependencies under a concurrency bound: a task starts only when every task
// it waits for has succeeded; a failure skips everything downstream of it and nothing else, and
// every failure is gathered (fabric-cicd's parallel publish), never just the first.
/**
 * Runs `run(key)` for every task. Among ready tasks the one listed first starts first, so a
 * plan's order is kept wherever dependencies allow.
 */
function runScheduled(tasks, run, options = {}) {
    const limit = Math.max(1, options.concurrency ?? 4);
    const position = new Map(tasks.map((t, i) => [t.key, i]));
    const pending = new Map();
    const downstream = new Map(tasks.map((t) => [t.key, []]));
    for (const t of tasks) {
        const deps = [...new Set(t.waitsFor)].filter((k) => position.has(k) && k !== t.key);
        pending.set(t.key, deps.length);
        for (const d of deps)
            downstream.get(d).push(t.key);
    }
    const outcome = { succeeded: [], failed: [], skipped: [] };
    const settled = new Set();
    const ready = tasks.filter((t) => pending.get(t.key) === 0).map((t) => t.key);
    let running = 0;
    return new Promise((resolve) => {
        const skipDownstream = (key) => {
            for (const next of downstream.get(key)) {
                if (settled.has(next))
                    continue;
                settled.add(next);
                outcome.skipped.push(next);
                skipDownstream(next);
            }
        };
        const finish = (key, error) => {
            running--;
            settled.add(key);
            if (error) {
                outcome.failed.push({ key, error });
                skipDownstream(key);
            }
            else {
                outcome.succeeded.push(key);
                for (const next of downstream.get(key)) {
                    const left = pending.get(next) - 1;
                    pending.set(next, left);
                    if (left === 0 && !settled.has(next))
                        insertByPosition(ready, next, position);
                }
            }
            pump();
        };
        const pump = () => {
            while (running < limit && ready.length > 0) {
                const key = ready.shift();
                if (options.canStart && !options.canStart()) {
                    settled.add(key);
                    outcome.skipped.push(key);
                    skipDownstream(key);
                    continue;
                }
                running++;
                // Started on a fresh microtask so a task that throws synchronously is still a failure.
                Promise.resolve()
                    .then(() => run(key))
                    .then(() => finish(key), (err) => finish(key, asError(err)));
            }
            if (running === 0 && ready.length === 0) {
                // Anything still unsettled waited on something that never ran (only possible if the
                // caller passed a cycle): report it as skipped rather than hang.
                for (const t of tasks) {
                    if (!settled.has(t.key)) {
                        settled.add(t.key);
                        outcome.skipped.push(t.key);
                    }
                }
                resolve(outcome);
            }
        };
        pump();
    });
}
function asError(err) {
    return err instanceof Error ? err : new Error(String(err));
}
function insertByPosition(ready, key, position) {
    const p = position.get(key);
    let i = ready.length;
    while (i > 0 && position.get(ready[i - 1]) > p)
        i--;
    ready.splice(i, 0, key);
}

;// CONCATENATED MODULE: ./src/plan/verify.ts
// Post-apply checks: each resource that offers `verify` confirms its actual state works (an embed
// token, a role that can log in...). Run right after apply on what was applied, or on its own
// (`verifyPlan`) as a phase of its own, e.g. before the QA gate.




/**
 * Reads every resource that should exist and has `verify`, and verifies it. Throws an
 * ApplyResultError (an ApplyError) gathering every failed check; returns the summary otherwise.
 */
async function verifyPlan(options) {
    const tenants = [...options.tenants].sort((a, b) => compareKeys(a.tenant, b.tenant));
    const results = [];
    const failures = [];
    for (const t of tenants) {
        const graph = buildGraph(t.tenant, t.resources);
        const targets = graph.order.filter((r) => r.verify && r.desired !== undefined);
        const onlyTargets = { ...graph, order: targets };
        const actuals = await readTenant(t.tenant, onlyTargets, options.createContext, options.concurrency ?? 4);
        const ctx = await options.createContext(t.tenant, { phase: 'verify', force: false });
        const outcome = await verifyResources(ctx, targets.map((r) => ({ resource: r, actual: actuals.get(r.key) })), options.concurrency);
        results.push({ tenant: t.tenant, verified: outcome.succeeded, failed: outcome.failed.map((f) => f.key) });
        failures.push(...outcome.failed.map((f) => ({ key: `${t.tenant} ${f.key} (verify)`, error: f.error })));
    }
    const result = { tenants: results };
    if (failures.length > 0)
        throw new ApplyResultError(failures, result);
    return result;
}
/** Verifies resources independently of each other; every failure is kept. Keys keep input order. */
async function verifyResources(ctx, items, concurrency = 4) {
    const byKey = new Map(items.filter((i) => i.resource.verify).map((i) => [i.resource.key, i]));
    const order = [...byKey.keys()];
    const outcome = await runScheduled(order.map((key) => ({ key, waitsFor: [] })), async (key) => {
        const { resource, actual } = byKey.get(key);
        await resource.verify(ctx, actual);
    }, { concurrency });
    const rank = new Map(order.map((k, i) => [k, i]));
    outcome.succeeded.sort((a, b) => rank.get(a) - rank.get(b));
    outcome.failed.sort((a, b) => rank.get(a.key) - rank.get(b.key));
    return outcome;
}

;// CONCATENATED MODULE: ./src/plan/apply.ts
// Apply, bound to a reviewed plan: recompute the plan from fresh reads and refuse (changing
// nothing) when its hash is not the reviewed one or when it is unsafe without force; then apply
// each tenant's changes in dependency order, journaled, under the tenant's lock, and verify.











/**
 * The reviewed plan no longer holds because another run changed the tenant while this one waited
 * for its lock: a PlanMismatchError (nothing was applied) that says so instead of blaming a review.
 */
class ChangedWhileWaitingError extends errors/* PlanMismatchError */.eo {
    constructor(tenant, expected, actual, wait) {
        super(expected, actual);
        const other = `another run${wait?.holder ? ` (${wait.holder})` : ''}`;
        this.message =
            `tenant ${tenant}: ${wait?.waited ? `while this run waited for its lock, ${other}` : `between this run's plan and its lock, ${other}`} changed the tenant, ` +
                `so the reviewed plan (hash ${expected}) is not what would be applied now (hash ${actual}); this run applied nothing. ` +
                `Plan again and apply the new plan's hash if it is still wanted.`;
    }
}
/**
 * The reviewed plan was read from a fleet-wide snapshot that, as the tenant's own reads under its
 * lock show, missed what the tenant holds (no other run touched it meanwhile): a PlanMismatchError
 * (nothing was applied) that blames the snapshot, not another run or the review.
 */
class SnapshotMismatchError extends errors/* PlanMismatchError */.eo {
    constructor(tenant, expected, actual) {
        super(expected, actual);
        this.message =
            `tenant ${tenant}: read with its own calls under its lock, the tenant is not what the fleet-wide snapshot the plan was read from showed ` +
                `(no other run touched it since), so the reviewed plan (hash ${expected}) is not what would be applied now (hash ${actual}); this run applied nothing. ` +
                `Plan again (a plan of fewer tenants reads each with its own calls) and apply the new plan's hash if it is still wanted.`;
    }
}
/**
 * Applies the plan. Throws PlanMismatchError or UnsafePlanError before any change; throws an
 * ApplyResultError (an ApplyError carrying the result) when any change or check failed.
 */
async function applyPlan(plan, options) {
    const clock = options.clock ?? (() => performance.now());
    const started = clock();
    const expected = options.expectedHash ?? plan?.hash;
    if (plan && options.expectedHash && !matchesPlanHash(options.expectedHash, plan.hash)) {
        throw new errors/* PlanMismatchError */.eo(options.expectedHash, plan.hash);
    }
    const { plan: current, states } = await discoverPlan({
        tenants: options.tenants,
        createContext: options.createContext,
        safety: options.safety,
        concurrency: options.readConcurrency,
    });
    if (expected !== undefined && !matchesPlanHash(expected, current.hash)) {
        // Another run may be applying this very plan right now: find out under the locks before
        // blaming the review.
        if (options.lock && (await appliedMeanwhile(states, options))) {
            const tenants = states.map((s) => ({ tenant: s.tenant, applied: [], failed: [], skipped: [], verified: [], durationMs: 0 }));
            return { hash: current.hash, tenants, durationMs: clock() - started };
        }
        throw new errors/* PlanMismatchError */.eo(expected, current.hash);
    }
    assertSafe(current, { force: options.force });
    // One failure list per tenant, joined in tenant order: tenants finish in any order, the report should not.
    const perTenant = states.map(() => []);
    // Bound to a reviewed plan (a hash, or the plan itself): what is applied must be that plan.
    // Unbound, each tenant is planned again under its lock, since waiting may have made the
    // first reading stale.
    const bound = expected !== undefined;
    const results = await mapLimit(states, options.tenantConcurrency ?? 2, async (state, i) => {
        const tenantStarted = clock();
        const result = await applyTenantLocked(state, options, perTenant[i], bound);
        return { ...result, durationMs: clock() - tenantStarted };
    });
    const result = { hash: current.hash, tenants: results, durationMs: clock() - started };
    const failures = perTenant.flat();
    if (failures.length > 0)
        throw new result_ApplyResultError(failures, result);
    return result;
}
async function applyTenantLocked(state, options, failures, bound) {
    const keys = state.plan.changes.map((c) => c.key);
    const nothing = { tenant: state.tenant, applied: [], failed: [], skipped: [], verified: [] };
    if (keys.length === 0)
        return nothing;
    // Kept outside the lock so a lock that fails to release still reports what was applied.
    let outcome;
    try {
        if (!options.lock) {
            outcome = await applyTenant(state, options, failures);
        }
        else {
            await options.lock(state.tenant, async (wait) => {
                const fresh = await recheckTenant(state, options, bound, wait);
                outcome = fresh.plan.changes.length ? await applyTenant(fresh, options, failures) : nothing;
            });
        }
    }
    catch (err) {
        // The lock, the re-read or the apply context failed: the tenant as a whole, not one change.
        failures.push({ key: state.tenant, error: asError(err) });
    }
    return outcome ?? { ...nothing, skipped: keys };
}
// Between the plan check and the lock another run may have applied the same changes; applying
// them again would duplicate what names cannot deduplicate (Power BI reports), so re-read.
// Nothing left to do is no failure: the other run did it. Something else left to do is this
// run's to apply when it was not bound to a reviewed plan (checked for safety again), and a
// mismatch that names the other run when it was.
//
// The re-read is skipped only when the locker vouches `untouchedSincePlan`, and, for a tenant the
// plan read from a fleet-wide snapshot, only when its plan is updates the snapshot vouches for
// (snapshot.ts says why a create or a delete, or an update planned from something the snapshot
// lacked, is read again). Why the lock makes the re-read redundant:
// the re-read exists to see what another tenantops run changed between this run's plan reads and
// its lock, and every such run changes the tenant only while holding its lock. A lock had without
// waiting means nobody holds it now; the locker's registry check means nobody else held it
// (no other deployment running or finished) since before this run's reads began. So nothing that
// the re-read could see has changed since the plan read it, and the state planned — the very
// state whose hash matched the reviewed one in applyPlan, and which passed the safety check
// there — is the one to apply. Changes made outside tenantops are no concern of the lock: they
// can land just after a re-read as well.
async function recheckTenant(state, options, bound, wait) {
    const { tenant } = state;
    const untouched = wait?.untouchedSincePlan === true && !wait.waited;
    if (untouched && snapshotVouchesFor(state.plan, state.snapshot)) {
        options.log.debug(`${tenant}: had its lock at once and no other run touched the tenant since the plan read it${state.snapshot ? ' (from a fleet-wide snapshot that vouches for each of its updates)' : ''}; applying the plan as read`);
        return state;
    }
    const actuals = await build_readTenant(tenant, state.graph, options.createContext, options.readConcurrency);
    const fresh = diffTenant(tenant, state.graph, actuals, options.safety);
    if (canonicalJson(fresh.plan.changes) === canonicalJson(state.plan.changes)) {
        if (wait?.waited)
            options.log.info(`${tenant}: had its lock after waiting for ${describeOther(wait)}; the plan is unchanged, applying it`);
        return fresh;
    }
    // Nobody touched the tenant since the plan read it: what differs is what the snapshot missed.
    const snapshotMissed = untouched && state.snapshot !== undefined;
    if (fresh.plan.changes.length === 0) {
        const why = snapshotMissed ? 'read with its own calls under its lock, the tenant already holds what the fleet-wide snapshot missed' : wait?.waited ? `waited for its lock while ${describeOther(wait)} applied these changes` : `${describeOther(wait)} applied these changes before this run took the lock`;
        options.log.info(`${tenant}: ${why}; nothing is left to do`);
        return fresh;
    }
    if (bound)
        throw snapshotMissed ? new SnapshotMismatchError(tenant, tenantHash(state), tenantHash(fresh)) : new ChangedWhileWaitingError(tenant, tenantHash(state), tenantHash(fresh), wait);
    assertSafe({ tenants: [fresh.plan] }, { force: options.force });
    const why = snapshotMissed ? 'read with its own calls under its lock, the tenant is not what the fleet-wide snapshot showed' : `${describeOther(wait)} changed the tenant before this run had its lock`;
    options.log.info(`${tenant}: ${why}; planned again: ${fresh.plan.changes.length} change(s) left`);
    return fresh;
}
function describeOther(wait) {
    return wait?.holder ? `another run (${wait.holder})` : 'another run';
}
/**
 * Whether every tenant, read again under its lock, has nothing left to do: another run applied
 * the reviewed changes between the review and this run's reading (or while this run read).
 */
async function appliedMeanwhile(states, options) {
    const lock = options.lock;
    for (const state of states) {
        const done = await lock(state.tenant, async (wait) => {
            const actuals = await build_readTenant(state.tenant, state.graph, options.createContext, options.readConcurrency);
            if (diffTenant(state.tenant, state.graph, actuals, options.safety).plan.changes.length)
                return false;
            const other = describeOther(wait);
            options.log.info(`${state.tenant}: ${wait?.waited ? `waited for its lock while ${other} applied the reviewed changes` : `${other} applied the reviewed changes before this run could`}; nothing is left to do`);
            return true;
        });
        if (!done)
            return false;
    }
    return true;
}
function tenantHash(state) {
    return hashPlan({ version: PLAN_VERSION, tenants: [state.plan] });
}
async function applyTenant(state, options, failures) {
    const { tenant, plan } = state;
    const log = options.log;
    const ctx = await options.createContext(tenant, { phase: 'apply', force: options.force ?? false });
    // The apply pass makes a context of its own; what was read of the resources that do not change
    // (under the lock, or vouched for by it) is what exists, so it need not be listed again.
    for (const { resource, actual, change } of state.discovered.values())
        if (!change && actual !== undefined)
            resource.prime?.(ctx, actual);
    const byKey = new Map(plan.changes.map((c) => [c.key, c]));
    const newActual = new Map();
    const tenantFailures = [];
    const applyOne = async (key) => {
        const planned = byKey.get(key);
        const { resource, actual, change } = state.discovered.get(key);
        const journal = options.journal;
        await journal?.intent(tenant, key, planned.action, planned.kind);
        let after;
        try {
            after = await resource.apply(ctx, change, actual);
        }
        catch (err) {
            const error = asError(err);
            log.error(`${tenant}: ${ACTION_SYMBOL[planned.action]} ${key} failed: ${error.message}`);
            try {
                await journal?.failed(tenant, key, planned.action, error);
            }
            catch (journalErr) {
                // The change's own error is the one to report; the journal's is secondary.
                log.error(`${tenant}: could not journal the failure of ${key}: ${asError(journalErr).message}`);
            }
            throw error;
        }
        newActual.set(key, after);
        await journal?.done(tenant, key, planned.action, after);
        log.info(`${tenant}: ${ACTION_SYMBOL[planned.action]} ${key}`);
    };
    const schedule = { concurrency: options.concurrency ?? 4, canStart: () => !options.signal?.aborted };
    const forward = plan.changes.filter((c) => c.action !== 'delete');
    const deletes = plan.changes.filter((c) => c.action === 'delete');
    const first = await runScheduled(forwardTasks(state, forward), applyOne, schedule);
    tenantFailures.push(...first.failed);
    const skipped = [...first.skipped];
    const succeeded = [...first.succeeded];
    // Deletes come last and only after everything else went through: removing what a failed
    // change may still need would turn one failure into an outage.
    if (first.failed.length > 0 || first.skipped.length > 0) {
        skipped.push(...deletes.map((c) => c.key));
    }
    else {
        const second = await runScheduled(deleteTasks(state, deletes), applyOne, schedule);
        tenantFailures.push(...second.failed);
        skipped.push(...second.skipped);
        succeeded.push(...second.succeeded);
    }
    for (const key of skipped)
        log.warn(`${tenant}: ${key} skipped`);
    const rank = new Map(plan.changes.map((c, i) => [c.key, i]));
    tenantFailures.sort((a, b) => rank.get(a.key) - rank.get(b.key));
    failures.push(...tenantFailures.map((f) => ({ key: `${tenant} ${f.key}`, error: f.error })));
    const toVerify = forward
        .filter((c) => newActual.has(c.key) && state.discovered.get(c.key).resource.verify)
        .map((c) => ({ resource: state.discovered.get(c.key).resource, actual: newActual.get(c.key) }));
    let verified = [];
    if (toVerify.length > 0) {
        try {
            const verifyCtx = await options.createContext(tenant, { phase: 'verify', force: options.force ?? false });
            const outcome = await verifyResources(verifyCtx, toVerify, options.concurrency);
            verified = outcome.succeeded;
            for (const f of outcome.failed)
                log.error(`${tenant}: ${f.key} failed verification: ${f.error.message}`);
            failures.push(...outcome.failed.map((f) => ({ key: `${tenant} ${f.key} (verify)`, error: f.error })));
        }
        catch (err) {
            failures.push({ key: `${tenant} (verify)`, error: asError(err) });
        }
    }
    const inPlanOrder = (list) => plan.changes.map((c) => c.key).filter((k) => list.includes(k));
    return {
        tenant,
        applied: inPlanOrder(succeeded),
        failed: inPlanOrder(tenantFailures.map((f) => f.key)),
        skipped: inPlanOrder(skipped),
        verified,
    };
}
// A create/update/replace waits for the nearest changing resources it depends on, looking
// through unchanged ones: an unchanged middle link still needs what is below it in place.
function forwardTasks(state, forward) {
    const changing = new Set(forward.map((c) => c.key));
    const memo = new Map();
    const nearest = (key) => {
        const known = memo.get(key);
        if (known)
            return known;
        const found = new Set();
        for (const dep of state.graph.byKey.get(key).dependsOn) {
            if (changing.has(dep))
                found.add(dep);
            else
                for (const k of nearest(dep))
                    found.add(k);
        }
        const list = [...found];
        memo.set(key, list);
        return list;
    };
    return forward.map((c) => ({ key: c.key, waitsFor: nearest(c.key) }));
}
// A delete waits for the deletes of what depends on it, looking through resources that stay.
function deleteTasks(state, deletes) {
    const deleting = new Set(deletes.map((c) => c.key));
    const memo = new Map();
    const nearest = (key) => {
        const known = memo.get(key);
        if (known)
            return known;
        const found = new Set();
        for (const next of state.graph.dependents.get(key)) {
            if (deleting.has(next))
                found.add(next);
            else
                for (const k of nearest(next))
                    found.add(k);
        }
        const list = [...found];
        memo.set(key, list);
        return list;
    };
    return deletes.map((c) => ({ key: c.key, waitsFor: nearest(c.key) }));
}

;// CONCATENATED MODULE: ./src/plan/diff-fields.ts
// The field-level diff most resources need: compare desired and actual state as plain JSON,
// report each leaf that differs, and mark the fields whose change would destroy data (declared as
// data by the resource, as the Terraform plugin framework's "requires replace" is).

/**
 * create when nothing exists, delete when nothing is desired, otherwise update (or replace when a
 * `replaceOn` field differs) with one FieldChange per differing leaf; undefined when equal.
 */
function diffFields(desired, actual, options = {}) {
    if (desired === undefined && actual === undefined)
        return undefined;
    const ignore = new Set(options.ignore ?? []);
    // Creates and deletes list every field too: the reviewer sees what will exist (or go), and the
    // plan hash changes with any of it.
    if (actual === undefined)
        return { action: 'create', fields: leaves(desired, ignore, 'after'), summary: options.summary?.create };
    if (desired === undefined)
        return { action: 'delete', fields: leaves(actual, ignore, 'before'), summary: options.summary?.delete };
    const fields = [];
    collect(desired, actual, '', ignore, fields);
    if (fields.length === 0)
        return undefined;
    const replaceOn = options.replaceOn ?? {};
    for (const f of fields) {
        const reason = replaceOn[f.path];
        if (reason !== undefined)
            Object.assign(f, { forcesReplacement: true, reason });
    }
    const replace = fields.some((f) => f.forcesReplacement);
    const action = replace ? 'replace' : 'update';
    return { action, fields, summary: options.summary?.[action], ...(replace ? { destroysData: true } : {}) };
}
function collect(desired, actual, path, ignore, out) {
    if (ignore.has(path))
        return;
    if (isPlainObject(desired) && isPlainObject(actual)) {
        const keys = [...new Set([...Object.keys(desired), ...Object.keys(actual)])].sort();
        for (const key of keys)
            collect(desired[key], actual[key], path ? `${path}.${key}` : key, ignore, out);
        return;
    }
    if (desired === undefined)
        return; // not managed: a field we do not ask for is left alone
    if (canonicalJson(desired) !== canonicalJson(actual ?? null))
        out.push({ path, before: actual, after: desired });
}
function leaves(state, ignore, side) {
    const out = [];
    const walk = (value, path) => {
        if (ignore.has(path))
            return;
        if (isPlainObject(value))
            for (const key of Object.keys(value).sort())
                walk(value[key], path ? `${path}.${key}` : key);
        else if (value !== undefined)
            out.push({ path, [side]: value });
    };
    walk(state, '');
    return out;
}
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}

;// CONCATENATED MODULE: ./src/plan/index.ts
// The plan engine: per-tenant resource graphs, the Plan (canonical JSON, versioned, hashed), its
// renderings, the safety rules, and the apply executor. It knows nothing of Power BI, PostgreSQL
// or DNS: everything goes through the Resource interface.

















/***/ }),

/***/ 25470:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  tg: () => (/* reexport */ ENCRYPTION_KEY_VARIABLE),
  gL: () => (/* reexport */ OLD_ENCRYPTION_KEYS_VARIABLE),
  Sb: () => (/* reexport */ REGISTRY_MIGRATIONS_DIR),
  SQ: () => (/* reexport */ abandonDeadDeployments),
  zh: () => (/* reexport */ actorFromEnv),
  kR: () => (/* reexport */ anchorTenant),
  u0: () => (/* reexport */ appendAudit),
  wt: () => (/* reexport */ backupRegistry),
  w: () => (/* reexport */ canTransition),
  tK: () => (/* reexport */ cancelPendingMail),
  a2: () => (/* reexport */ checkModuleFeatures),
  Op: () => (/* reexport */ createInvitation),
  rd: () => (/* reexport */ createRegistryJournal),
  B6: () => (/* reexport */ createRegistryRateBudget),
  EO: () => (/* reexport */ createRollout),
  IS: () => (/* reexport */ deleteReportMapping),
  xL: () => (/* reexport */ deleteTenantRows),
  OI: () => (/* reexport */ describeAbandoned),
  sG: () => (/* reexport */ describeHolder),
  sq: () => (/* reexport */ enqueueMail),
  zk: () => (/* reexport */ findTenantLockHolder),
  jl: () => (/* reexport */ finishDeployment),
  cD: () => (/* reexport */ finishOperationRun),
  De: () => (/* reexport */ finishRolloutTenant),
  eE: () => (/* reexport */ getDataStore),
  ml: () => (/* reexport */ getDriftCheck),
  wl: () => (/* reexport */ getInvitation),
  g1: () => (/* reexport */ getRollout),
  r6: () => (/* reexport */ getSecret),
  JR: () => (/* reexport */ getTenant),
  MC: () => (/* reexport */ hasOutboxEntry),
  L3: () => (/* reexport */ listAbandonedDeployments),
  _u: () => (/* reexport */ listAudit),
  Jn: () => (/* reexport */ listDeployments),
  J1: () => (/* reexport */ listInvitations),
  su: () => (/* reexport */ listModules),
  Wy: () => (/* reexport */ listOpenIntents),
  OK: () => (/* reexport */ listOperationRuns),
  TG: () => (/* reexport */ listPendingMail),
  U8: () => (/* reexport */ listRefreshRuns),
  UJ: () => (/* reexport */ listReportMappings),
  U2: () => (/* reexport */ listResources),
  Nj: () => (/* reexport */ listRolloutTenants),
  _X: () => (/* reexport */ listTenants),
  ZZ: () => (/* reexport */ listUsers),
  WQ: () => (/* reexport */ markMailAttempt),
  yv: () => (/* reexport */ markMailFailed),
  NQ: () => (/* reexport */ markMailSent),
  Dh: () => (/* reexport */ migrateRegistry),
  ho: () => (/* reexport */ envelope_open),
  Me: () => (/* reexport */ openRegistry),
  wA: () => (/* reexport */ outboxAad),
  _8: () => (/* reexport */ parseEncryptionKey),
  ZU: () => (/* reexport */ parseKeyring),
  Uq: () => (/* reexport */ readModules),
  n5: () => (/* reexport */ readSecret),
  zp: () => (/* reexport */ recordCapacityAssignment),
  ky: () => (/* reexport */ recordDriftChecks),
  uV: () => (/* reexport */ recordExport),
  YL: () => (/* reexport */ recordRefreshRun),
  Ph: () => (/* reexport */ recordedIds),
  c$: () => (/* reexport */ registryCapability),
  No: () => (/* reexport */ replacePendingMessage),
  Gr: () => (/* reexport */ restoreRegistry),
  hx: () => (/* reexport */ rotateSecrets),
  od: () => (/* reexport */ seal),
  Ch: () => (/* reexport */ setRolloutStatus),
  i4: () => (/* reexport */ startDeployment),
  qN: () => (/* reexport */ startLiveDeployment),
  Df: () => (/* reexport */ startOperationRun),
  Jc: () => (/* reexport */ startRolloutTenants),
  yV: () => (/* reexport */ storeSecret),
  TD: () => (/* reexport */ tenantTouchedSince),
  UG: () => (/* reexport */ transitionTenant),
  I0: () => (/* reexport */ typicalCapacityAssignmentMs),
  O$: () => (/* reexport */ typicalRefreshMs),
  jy: () => (/* reexport */ upsertDataStore),
  WB: () => (/* reexport */ upsertReportMapping),
  U: () => (/* reexport */ upsertTenant),
  eH: () => (/* reexport */ withTenantLock)
});

// UNUSED EXPORTS: AUDIT_APPEND_ONLY_SQLSTATE, BACKUP_FORMAT, CHAOS_KILL_AFTER_STEP_VARIABLE, DEPLOYMENT_LOCK_NAMESPACE, INVITATION_APP_ROLE, MIGRATIONS_TABLE, MODULES_FILE, REGISTRY_KEYS, REGISTRY_URL_VARIABLE, STATUS_TRANSITIONS, StatusTransitionError, TENANT_LOCK_NAMESPACE, TENANT_STATUSES, TenantBusyError, assertNoSecret, deleteResource, featureOf, findDeadDeployments, findSecretLike, getDeployment, getResource, journalDone, journalFailed, journalIntent, listExports, listOutbox, listSteps, parseModuleFeatures, putSecret, readModuleFeatures, redeemInvitation, registryUrlFromEnv, replaceModules, replaceUsers, secretAad, tryTenantLock, upsertResource

// EXTERNAL MODULE: ./node_modules/pg/esm/index.mjs
var esm = __webpack_require__(83849);
// EXTERNAL MODULE: ./src/errors/index.ts
var errors = __webpack_require__(5179);
// EXTERNAL MODULE: ./src/log/index.ts
var src_log = __webpack_require__(53730);
;// CONCATENATED MODULE: ./src/registry/pool.ts
// The connection to the registry database: one pg Pool per process, named in pg_stat_activity so
// an operator can tell tenantops sessions (and who holds a tenant lock) from others.



const REGISTRY_URL_VARIABLE = 'TENANTOPS_REGISTRY_URL';
/** The registry's connection string from the environment; missing → an environment error (exit 2). */
function registryUrlFromEnv(env = process.env) {
    const url = env[REGISTRY_URL_VARIABLE];
    if (!url)
        throw new EnvironmentError(`${REGISTRY_URL_VARIABLE} is not set: it must hold the registry database's connection string`);
    return url;
}
function openRegistry(url, log, options = {}) {
    let parsed;
    try {
        parsed = new URL(url);
    }
    catch {
        // Never echo the value: it may carry a password.
        throw new errors/* EnvironmentError */.eG(`the registry connection string is not a valid URL (postgres://user:password@host:port/database)`);
    }
    (0,src_log/* maskUrlPassword */.j6)(url, log);
    const pool = new esm/* default.Pool */.Ay.Pool({
        connectionString: url,
        application_name: options.applicationName ?? 'tenantops',
        max: options.max ?? 10,
        connectionTimeoutMillis: 15_000,
        idleTimeoutMillis: 10_000,
    });
    // An idle client losing its connection emits 'error' on the pool; unhandled, that would crash
    // the process. The next query gets a fresh connection.
    pool.on('error', (err) => log.warn(`registry connection lost: ${err.message}`));
    log.debug(`registry: ${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`);
    return pool;
}

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/pg/index.ts + 5 modules
var pg = __webpack_require__(22541);
;// CONCATENATED MODULE: ./src/registry/migrate.ts
// The registry's own schema migrations: ordered SQL files in templates/registry, run by pg's
// migration runner (the one the tenant stores use too) under the registry's advisory lock.



/** Where a repository keeps the registry's migrations (relative to its root). */
const REGISTRY_MIGRATIONS_DIR = external_node_path_default().join('templates', 'registry');
const MIGRATIONS_TABLE = 'tenantops_registry_migrations';
/**
 * Applies the pending migrations. Everything is checked before anything runs: an applied
 * migration that was edited or removed is an error naming the file, and nothing is applied.
 * Concurrent runs (two workflows starting at once) serialise on an advisory lock; the second finds
 * nothing left to do.
 */
async function migrateRegistry(pool, options = {}) {
    // Findings name files relative to the working directory, where the CLI and the actions run.
    const files = (0,pg/* readMigrationFiles */.IE)(process.cwd(), options.dir ?? REGISTRY_MIGRATIONS_DIR, 'registry migration');
    const applied = await (0,pg/* runMigrations */.vI)(pool, {
        subject: 'the registry',
        files,
        table: MIGRATIONS_TABLE,
        lock: { namespace: 'tenantops.registry', name: 'migrate' },
        missingTable: 'create',
        // The registry's migrations are ours: one that fails is a bug of ours.
        failure: errors/* InternalError */.Gd,
        log: options.log,
    });
    const { rows } = await pool.query(`SELECT max(version) AS version FROM ${MIGRATIONS_TABLE}`);
    return { applied: applied.map((f) => f.name), version: rows[0].version ?? undefined };
}

;// CONCATENATED MODULE: ./src/registry/tenants.ts
// Tenants and what hangs off them directly: super users, enabled modules, and the data store the
// platform's application routes each tenant to.
const TENANT_COLUMNS = `code, name, subdomain, lifecycle, status, isolation, cluster, provisioned_at AS "provisionedAt",
  live_at AS "liveAt", approved_by AS "approvedBy", recorded, created_at AS "createdAt", updated_at AS "updatedAt"`;
/** Inserts or updates a tenant; `status` and `lifecycle` keep their stored value when not given. */
async function upsertTenant(db, tenant) {
    const { rows } = await db.query(`INSERT INTO tenants (code, name, subdomain, isolation, cluster, lifecycle, status)
     VALUES ($1, $2, $3, $4, $5, coalesce($6, 'active'), coalesce($7, 'pending'))
     ON CONFLICT (code) DO UPDATE SET
       name = excluded.name, subdomain = excluded.subdomain, isolation = excluded.isolation,
       cluster = excluded.cluster,
       lifecycle = coalesce($6, tenants.lifecycle), status = coalesce($7, tenants.status),
       updated_at = now()
     RETURNING ${TENANT_COLUMNS}`, [tenant.code, tenant.name, tenant.subdomain, tenant.isolation, tenant.cluster, tenant.lifecycle ?? null, tenant.status ?? null]);
    return rows[0];
}
/**
 * The bare row an apply's deployments reference, when the tenant has none yet: not the tenant's
 * record (`recorded` stays false), which the `registry` capability plans and applies. Returns
 * whether a row was inserted.
 */
async function anchorTenant(db, tenant) {
    const { rowCount } = await db.query(`INSERT INTO tenants (code, name, subdomain, isolation, cluster, recorded) VALUES ($1, $2, $3, $4, $5, false)
     ON CONFLICT (code) DO NOTHING`, [tenant.code, tenant.name, tenant.subdomain, tenant.isolation, tenant.cluster]);
    return (rowCount ?? 0) > 0;
}
async function getTenant(db, code) {
    const { rows } = await db.query(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE code = $1`, [code]);
    return rows[0];
}
async function listTenants(db) {
    const { rows } = await db.query(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY code`);
    return rows;
}
/**
 * Makes the tenant's super users exactly `users` (emails compared case-insensitively). One
 * statement, so it is atomic on the pool and inside a caller's transaction alike.
 */
async function replaceUsers(db, tenant, users) {
    const emails = users.map((u) => u.email.toLowerCase());
    await db.query(`WITH gone AS (DELETE FROM users WHERE tenant = $1 AND NOT (email = ANY($2::text[])))
     INSERT INTO users (tenant, email, first_name, last_name)
     SELECT $1::text, u.email, u.first_name, u.last_name
       FROM unnest($2::text[], $3::text[], $4::text[]) AS u(email, first_name, last_name)
     ON CONFLICT (tenant, email) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name`, [tenant, emails, users.map((u) => u.firstName), users.map((u) => u.lastName)]);
}
async function listUsers(db, tenant) {
    const { rows } = await db.query(`SELECT email, first_name AS "firstName", last_name AS "lastName" FROM users WHERE tenant = $1 ORDER BY email`, [tenant]);
    return rows;
}
/** Makes the tenant's enabled modules exactly `modules`; one statement, like replaceUsers. */
async function replaceModules(db, tenant, modules) {
    await db.query(`WITH gone AS (DELETE FROM tenant_modules WHERE tenant = $1 AND NOT (module = ANY($2::text[])))
     INSERT INTO tenant_modules (tenant, module) SELECT DISTINCT $1::text, m FROM unnest($2::text[]) AS t(m)
     ON CONFLICT DO NOTHING`, [tenant, [...modules]]);
}
async function listModules(db, tenant) {
    const { rows } = await db.query(`SELECT module FROM tenant_modules WHERE tenant = $1 ORDER BY module`, [tenant]);
    return rows.map((r) => r.module);
}
const STORE_COLUMNS = `tenant, isolation, cluster, host, port, database, schema, owner_role AS "ownerRole",
  app_role AS "appRole", bi_role AS "biRole", status`;
async function upsertDataStore(db, store) {
    const { rows } = await db.query(`INSERT INTO data_stores (tenant, isolation, cluster, host, port, database, schema, owner_role, app_role, bi_role, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (tenant) DO UPDATE SET
       isolation = excluded.isolation, cluster = excluded.cluster, host = excluded.host, port = excluded.port,
       database = excluded.database, schema = excluded.schema, owner_role = excluded.owner_role,
       app_role = excluded.app_role, bi_role = excluded.bi_role, status = excluded.status, updated_at = now()
     RETURNING ${STORE_COLUMNS}`, [store.tenant, store.isolation, store.cluster, store.host, store.port, store.database, store.schema, store.ownerRole, store.appRole, store.biRole, store.status]);
    return rows[0];
}
async function getDataStore(db, tenant) {
    const { rows } = await db.query(`SELECT ${STORE_COLUMNS} FROM data_stores WHERE tenant = $1`, [tenant]);
    return rows[0];
}

;// CONCATENATED MODULE: ./src/registry/resources.ts
// What has been provisioned for a tenant, by stable resource key, with the remote id. Power BI and
// Fabric names are not unique, so a re-run finds its objects by these ids, never by name alone.
const RESOURCE_COLUMNS = `tenant, key, kind, external_id AS "externalId", state, updated_at AS "updatedAt"`;
async function upsertResource(db, resource) {
    const { rows } = await db.query(`INSERT INTO resources (tenant, key, kind, external_id, state) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant, key) DO UPDATE SET kind = excluded.kind, external_id = excluded.external_id,
       state = excluded.state, updated_at = now()
     RETURNING ${RESOURCE_COLUMNS}`, [resource.tenant, resource.key, resource.kind, resource.externalId ?? null, JSON.stringify(resource.state ?? {})]);
    return rows[0];
}
async function getResource(db, tenant, key) {
    const { rows } = await db.query(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE tenant = $1 AND key = $2`, [tenant, key]);
    return rows[0];
}
/** The tenant's resources ordered by key, optionally of one kind. */
async function listResources(db, tenant, kind) {
    const { rows } = await db.query(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE tenant = $1 AND ($2::text IS NULL OR kind = $2) ORDER BY key`, [tenant, kind ?? null]);
    return rows;
}
/** The external id recorded under `key` for each of `tenants` that has one, by tenant (one query). */
async function recordedIds(db, tenants, key) {
    const { rows } = await db.query(`SELECT tenant, external_id AS "externalId" FROM resources WHERE tenant = ANY($1::text[]) AND key = $2 AND external_id IS NOT NULL`, [tenants, key]);
    return new Map(rows.map((r) => [r.tenant, r.externalId]));
}
/** Returns whether a row was removed. */
async function deleteResource(db, tenant, key) {
    const { rowCount } = await db.query(`DELETE FROM resources WHERE tenant = $1 AND key = $2`, [tenant, key]);
    return (rowCount ?? 0) > 0;
}
const MAPPING_COLUMNS = `tenant, template_name AS "templateName", template_version AS "templateVersion",
  template_report_id AS "templateReportId", tenant_report_id AS "tenantReportId", workspace_id AS "workspaceId",
  model_id AS "modelId", status`;
async function upsertReportMapping(db, mapping) {
    const { rows } = await db.query(`INSERT INTO report_mappings (tenant, template_name, template_version, template_report_id, tenant_report_id, workspace_id, model_id, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant, template_name) DO UPDATE SET template_version = excluded.template_version,
       template_report_id = excluded.template_report_id, tenant_report_id = excluded.tenant_report_id,
       workspace_id = excluded.workspace_id, model_id = excluded.model_id, status = excluded.status, updated_at = now()
     RETURNING ${MAPPING_COLUMNS}`, [mapping.tenant, mapping.templateName, mapping.templateVersion, mapping.templateReportId, mapping.tenantReportId, mapping.workspaceId, mapping.modelId, mapping.status]);
    return rows[0];
}
/** Forgets a tenant's mapping of one template (its report was removed); nothing when there is none. */
async function deleteReportMapping(db, tenant, templateName) {
    await db.query(`DELETE FROM report_mappings WHERE tenant = $1 AND template_name = $2`, [tenant, templateName]);
}
async function listReportMappings(db, tenant, status) {
    const { rows } = await db.query(`SELECT ${MAPPING_COLUMNS} FROM report_mappings WHERE tenant = $1 AND ($2::text IS NULL OR status = $2) ORDER BY template_name`, [tenant, status ?? null]);
    return rows;
}

;// CONCATENATED MODULE: ./src/registry/audit.ts
// The append-only audit log: who changed what, when, from which GitHub run. The database refuses
// UPDATE, DELETE and TRUNCATE (a trigger, see templates/registry/0001_init.sql); this module
// refuses to write anything that looks like a secret, because an audit row can never be removed.

/** The SQLSTATE the audit_log trigger raises on UPDATE, DELETE or TRUNCATE. */
const AUDIT_APPEND_ONLY_SQLSTATE = 'TOA01';
async function appendAudit(db, entry) {
    assertNoSecret(entry.action, entry.after, entry.before);
    const { rows } = await db.query(`INSERT INTO audit_log (actor, github_run, tenant, action, target, before, after)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, [
        entry.actor,
        entry.githubRun ?? null,
        entry.tenant ?? null,
        entry.action,
        entry.target ?? null,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
    ]);
    return rows[0].id;
}
/** Refuses (InternalError) an audit row whose `after` or `before` holds something like a secret. */
function assertNoSecret(action, after, before) {
    const found = [...findSecretLike(before, 'before'), ...findSecretLike(after, 'after')];
    if (found.length) {
        // A bug of ours, and the one place it must not slip through: name where, never the value.
        throw new errors/* InternalError */.Gd(`refusing to write an audit row for ${action}: ${found.join(', ')} look(s) like a secret`);
    }
}
/** Who is acting, for audit rows: the GitHub actor in a workflow, the local user otherwise. */
function actorFromEnv(env) {
    const actor = env.GITHUB_ACTOR ? `github:${env.GITHUB_ACTOR}` : `cli:${env.USER ?? env.USERNAME ?? 'unknown'}`;
    return { actor, githubRun: env.GITHUB_RUN_ID };
}
async function listAudit(db, tenant) {
    const { rows } = await db.query(`SELECT id, at, actor, github_run AS "githubRun", tenant, action, target, before, after
       FROM audit_log WHERE ($1::text IS NULL OR tenant = $1) ORDER BY id`, [tenant ?? null]);
    return rows;
}
// Keys whose values are secrets. A key that names a secret (`passwordSecret: ACME_DB_URL`) holds
// an environment variable name, which is fine and recognised by its shape.
const SECRET_KEY = /pass(word|wd|phrase)?$|^pwd$|secret|token|api[-_]?key|private[-_]?key|connection[-_]?string|credential|^ct$|ciphertext/i;
const ENV_NAME = /^[A-Z][A-Z0-9_]*$/;
const MASKED = /^\*+$/;
/** JSON paths (e.g. `after.roles.app.password`) of values that look like secrets. */
function findSecretLike(value, at) {
    const found = [];
    const walk = (v, where, key) => {
        if (typeof v === 'string') {
            if (looksSecret(v) || (SECRET_KEY.test(key) && v !== '' && !ENV_NAME.test(v) && !MASKED.test(v)))
                found.push(where);
        }
        else if (Array.isArray(v)) {
            v.forEach((item, i) => walk(item, `${where}[${i}]`, key));
        }
        else if (v && typeof v === 'object') {
            for (const [k, item] of Object.entries(v))
                walk(item, `${where}.${k}`, k);
        }
    };
    walk(value, at, '');
    return found;
}
function looksSecret(s) {
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(s))
        return true;
    if (/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/.test(s))
        return true; // JWT
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i.test(s))
        return true; // URL with a password
    if (/(^|;)\s*password\s*=/i.test(s))
        return true; // key=value connection string
    return looksRandom(s);
}
/**
 * A long token of mixed letters and digits with high entropy: a generated password or an API key.
 * Hex (hashes) and GUIDs (Power BI ids), which an audit row legitimately carries, are not.
 */
function looksRandom(s) {
    if (s.length < 24 || /\s/.test(s))
        return false;
    if (/^[0-9a-f-]+$/i.test(s))
        return false;
    if (!/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/[0-9]/.test(s))
        return false;
    const counts = new Map();
    for (const ch of s)
        counts.set(ch, (counts.get(ch) ?? 0) + 1);
    let entropy = 0;
    for (const n of counts.values())
        entropy -= (n / s.length) * Math.log2(n / s.length);
    return entropy >= 4;
}

;// CONCATENATED MODULE: ./src/registry/journal.ts
// Deployments and their journal. Each change is written as an `intent` before it is attempted and
// `done` or `failed` after, so a run that dies half-way leaves a record of exactly which changes
// may have happened; the next run reads those (listOpenIntents) and re-discovers before acting.




/**
 * Crash testing (`npm run chaos`, test/chaos): with TENANTOPS_CHAOS_KILL_AFTER_STEP=<capability>:<k>
 * the process SIGKILLs itself right after the k-th journal record (intent, done or failed) of that
 * capability (the resource key's first segment: `db`, `powerbi`, …) is committed. Per capability,
 * because capabilities apply side by side: their records interleave differently from run to run,
 * while each one's own number of records does not. The journal is where every capability's steps pass, so a
 * step a capability adds later is a kill point without anyone wiring it. Read once at load; unset
 * (always, outside a sweep) it does nothing.
 */
const CHAOS_KILL_AFTER_STEP_VARIABLE = 'TENANTOPS_CHAOS_KILL_AFTER_STEP';
const [killCapability, killAfterStep] = (process.env[CHAOS_KILL_AFTER_STEP_VARIABLE] ?? '').split(':');
const stepsCommitted = new Map();
function stepCommitted(key) {
    const capability = key.split('/')[0];
    const n = (stepsCommitted.get(capability) ?? 0) + 1;
    stepsCommitted.set(capability, n);
    if (capability === killCapability && String(n) === killAfterStep)
        process.kill(process.pid, 'SIGKILL');
}
/** Records the start of an apply; returns the deployment id. */
async function startDeployment(db, d) {
    const { rows } = await db.query(`INSERT INTO deployments (id, tenant, plan_hash, actor, github_run_id, github_run_url)
     VALUES (coalesce($6::uuid, gen_random_uuid()), $1, $2, $3, $4, $5) RETURNING id`, [d.tenant, d.planHash, d.actor, d.githubRunId ?? null, d.githubRunUrl ?? null, d.id ?? null]);
    return rows[0].id;
}
async function finishDeployment(db, id, status) {
    const { rowCount } = await db.query(`UPDATE deployments SET status = $2, finished_at = clock_timestamp() WHERE id = $1 AND status = 'running'`, [id, status]);
    if (rowCount !== 1)
        throw new errors/* InternalError */.Gd(`deployment ${id} is unknown or already finished`);
}
async function getDeployment(db, id) {
    const { rows } = await db.query(`SELECT id, tenant, plan_hash AS "planHash", actor, github_run_id AS "githubRunId", github_run_url AS "githubRunUrl",
            started_at AS "startedAt", finished_at AS "finishedAt", status
       FROM deployments WHERE id = $1`, [id]);
    return rows[0];
}
/**
 * Whether anyone but deployment `deploymentId` may have changed the tenant since that deployment
 * started: another deployment of the tenant still running (it may be applying, or dead mid-way),
 * or finished after ours started (a run finishes its deployment only after letting go of the
 * tenant's lock, so one that held the lock at any time since then finished since then), or an
 * audit row of the tenant since then (a run that changes the registry's side of a tenant under its
 * lock without a deployment, e.g. mail, audits it). An unknown deployment counts as touched.
 * Timestamps are all the registry's own clock.
 */
async function tenantTouchedSince(db, tenant, deploymentId) {
    const { rows } = await db.query(`WITH mine AS (SELECT started_at FROM deployments WHERE id = $2 AND tenant = $1)
     SELECT NOT EXISTS (SELECT 1 FROM mine)
         OR EXISTS (SELECT 1 FROM deployments d, mine
                     WHERE d.tenant = $1 AND d.id <> $2 AND (d.finished_at IS NULL OR d.finished_at >= mine.started_at))
         OR EXISTS (SELECT 1 FROM audit_log a, mine WHERE a.tenant = $1 AND a.at >= mine.started_at) AS touched`, [tenant, deploymentId]);
    return rows[0].touched;
}
/** The tenant's deployments, oldest first. */
async function listDeployments(db, tenant) {
    const { rows } = await db.query(`SELECT id, tenant, plan_hash AS "planHash", actor, github_run_id AS "githubRunId", github_run_url AS "githubRunUrl",
            started_at AS "startedAt", finished_at AS "finishedAt", status
       FROM deployments WHERE tenant = $1 ORDER BY started_at, id`, [tenant]);
    return rows;
}
function journalIntent(db, step) {
    return writeStep(db, step, 'intent');
}
function journalDone(db, step) {
    return writeStep(db, step, 'done');
}
function journalFailed(db, step) {
    return writeStep(db, step, 'failed');
}
async function writeStep(db, step, phase) {
    const secretLike = findSecretLike(step.detail, 'detail');
    if (secretLike.length)
        throw new errors/* InternalError */.Gd(`refusing to journal ${step.key}: ${secretLike.join(', ')} look(s) like a secret`);
    const { rows } = await db.query(`INSERT INTO deployment_steps (deployment_id, tenant, resource_key, action, phase, detail)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, [step.deploymentId, step.tenant, step.key, step.action, phase, step.detail === undefined ? null : JSON.stringify(step.detail)]);
    return rows[0].id;
}
/**
 * Intents nobody closed: for each of the tenant's resource keys whose newest journal row is an
 * `intent`. A later `done` or `failed` for the same key, from any run, closes it.
 */
async function listOpenIntents(db, tenant) {
    const { rows } = await db.query(`SELECT * FROM (
       SELECT DISTINCT ON (resource_key) id, deployment_id AS "deploymentId", tenant, resource_key AS key, action, phase, at, detail
         FROM deployment_steps WHERE tenant = $1
        ORDER BY resource_key, id DESC
     ) newest
     WHERE phase = 'intent' ORDER BY id`, [tenant]);
    return rows;
}
async function listSteps(db, deploymentId) {
    const { rows } = await db.query(`SELECT id, deployment_id AS "deploymentId", tenant, resource_key AS key, action, phase, at, detail
       FROM deployment_steps WHERE deployment_id = $1 ORDER BY id`, [deploymentId]);
    return rows;
}
/**
 * The plan engine's Journal, backed by this deployment. `done` also records the resource's new
 * actual state (and its remote id, when the state has an `id`) in the same transaction, so the
 * journal and the resources table never disagree; a delete removes the resource row.
 */
function createRegistryJournal(pool, deploymentId) {
    const kinds = new Map();
    return {
        async intent(tenant, key, action, kind) {
            if (kind)
                kinds.set(`${tenant}\0${key}`, kind);
            await journalIntent(pool, { deploymentId, tenant, key, action, detail: kind ? { kind } : undefined });
            stepCommitted(key);
        },
        async done(tenant, key, action, actual) {
            await (0,pg/* inTransaction */.sA)(pool, async (client) => {
                if (action === 'delete') {
                    await deleteResource(client, tenant, key);
                }
                else {
                    const kind = kinds.get(`${tenant}\0${key}`) ?? key.split('/')[0];
                    await upsertResource(client, { tenant, key, kind, externalId: externalIdOf(actual), state: actual ?? {} });
                }
                await journalDone(client, { deploymentId, tenant, key, action, detail: externalIdOf(actual) ? { externalId: externalIdOf(actual) } : undefined });
            });
            stepCommitted(key);
        },
        async failed(tenant, key, action, error) {
            await journalFailed(pool, { deploymentId, tenant, key, action, detail: { error: error.message.slice(0, 2000) } });
            stepCommitted(key);
        },
    };
}
function externalIdOf(actual) {
    if (actual && typeof actual === 'object') {
        const { id, externalId } = actual;
        if (typeof externalId === 'string')
            return externalId;
        if (typeof id === 'string')
            return id;
    }
    return undefined;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
;// CONCATENATED MODULE: ./src/registry/locks.ts
// Per-tenant serialisation with PostgreSQL advisory locks. GitHub's `concurrency` cancels pending
// runs rather than queueing them, so two applies of one tenant can still overlap (a manual
// dispatch and a merge, a re-run); the lock makes the second wait, or report who is busy.
//
// Session-level locks on a connection of their own: they survive the transactions the work runs
// in, and vanish with the session if the process dies, so a crashed run never leaves a tenant
// locked.



const TENANT_LOCK_NAMESPACE = 'tenantops.tenant';
/** The tenant is locked by another session (tryTenantLock reports it, withTenantLock with waitMs throws it). */
class TenantBusyError extends errors/* TenantopsError */.PW {
    name = 'TenantBusyError';
    tenant;
    heldBy;
    constructor(tenant, heldBy) {
        super(`tenant ${tenant} is busy: another run holds its lock${heldBy ? ` (${describeHolder(heldBy)})` : ''}; this run changed nothing. Try again when that run has finished`);
        this.tenant = tenant;
        this.heldBy = heldBy;
    }
}
/**
 * Holds the tenant's lock for the duration of `fn`; waits for it when another run holds it, and
 * tells `fn` whether it waited and for whom: whatever it read before may be stale then.
 */
async function withTenantLock(pool, tenant, fn, options = {}) {
    const key = (0,pg/* advisoryKey */.TB)(TENANT_LOCK_NAMESPACE, tenant);
    const client = await lockSession(pool, tenant, options.holder);
    try {
        if (options.waitMs !== undefined) {
            // lock_timeout bounds waits on advisory locks too; SET cannot take a parameter.
            await client.query(`SET lock_timeout = ${Math.max(1, Math.floor(options.waitMs))}`);
        }
        const wait = { waited: false };
        const { rows } = await client.query('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
        if (!rows[0].ok) {
            wait.waited = true;
            wait.heldBy = await findHolder(pool, key);
            options.onWait?.(wait.heldBy);
            try {
                await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
            }
            catch (err) {
                if (err.code === '55P03')
                    throw new TenantBusyError(tenant, (await findHolder(pool, key)) ?? wait.heldBy);
                throw err;
            }
        }
        try {
            return await fn(wait);
        }
        finally {
            // Let go before closing: the server drops a closed session's locks only once it notices, and
            // whoever waits for the tenant should not wait for that.
            await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch(() => undefined);
        }
    }
    finally {
        await client.end().catch(() => undefined);
    }
}
/**
 * A session of its own for one tenant's lock, outside the pool: the lock pins its session for the
 * tenant's whole apply, and from a pool of 10 a fleet of tenants at once would pin most of it while
 * every call's rate-budget take and journal row needs a pooled connection too, so past a few
 * tenants those starved (`timeout exceeded when trying to connect`). A lock costs one registry
 * connection per tenant in flight; the pool stays for the short queries.
 */
async function lockSession(pool, tenant, holder) {
    // application_name is how others learn who holds the lock (pg_stat_activity); 63 bytes max.
    const name = `tenantops lock ${tenant}${holder ? `: ${holder}` : ''}`.slice(0, 63);
    const client = new esm/* default.Client */.Ay.Client({ ...pool.options, application_name: name });
    // A session lost while held surfaces as the next query's error; unhandled, 'error' would crash the process.
    client.on('error', () => undefined);
    await client.connect();
    return client;
}
/** Takes the tenant's lock if it is free; otherwise says who holds it, without waiting. */
async function tryTenantLock(pool, tenant, options = {}) {
    const key = advisoryKey(TENANT_LOCK_NAMESPACE, tenant);
    const client = await pool.connect();
    try {
        await label(client, tenant, options.holder);
        const { rows } = await client.query('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key]);
        if (!rows[0].ok) {
            await client.query('RESET application_name');
            client.release();
            return { acquired: false, heldBy: await findHolder(pool, key) };
        }
    }
    catch (err) {
        client.release(err);
        throw err;
    }
    let released = false;
    return {
        acquired: true,
        async release() {
            if (released)
                return;
            released = true;
            let broken;
            try {
                await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
                await client.query('RESET application_name');
            }
            catch (e) {
                broken = e;
            }
            client.release(broken);
        },
    };
}
/** `deployment <id>, backend pid 123, connected at <time>`: who holds a lock, for messages. */
function describeHolder(holder) {
    const who = holder.holder.replace(/^tenantops lock [^:]*: /, '') || 'an unnamed session';
    return `${who}, backend pid ${holder.pid}${holder.since ? `, connected at ${new Date(holder.since).toISOString()}` : ''}`;
}
/** Who holds the tenant's lock now, if anyone: another run applying it. */
function findTenantLockHolder(db, tenant) {
    return findHolder(db, (0,pg/* advisoryKey */.TB)(TENANT_LOCK_NAMESPACE, tenant));
}
async function label(client, tenant, holder) {
    // application_name is how others learn who holds the lock (pg_stat_activity); 63 bytes max.
    const name = `tenantops lock ${tenant}${holder ? `: ${holder}` : ''}`.slice(0, 63);
    await client.query(`SELECT set_config('application_name', $1, false)`, [name]);
}
/** Who holds an advisory lock: pg_locks splits the bigint key into classid (high) and objid (low). */
async function findHolder(db, key) {
    const { rows } = await db.query(`SELECT l.pid, coalesce(a.application_name, '') AS holder, a.backend_start AS since
       FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = (($1::bigint >> 32) & 4294967295)::bigint::oid
        AND l.objid = ($1::bigint & 4294967295)::bigint::oid
      LIMIT 1`, [key]);
    return rows[0];
}

;// CONCATENATED MODULE: ./src/registry/deployment-liveness.ts
// A deployment is `running` exactly while its run lives. The run holds a session advisory lock
// keyed by the deployment's id from before the row exists until it is finished, on one registry
// connection per process; PostgreSQL drops the lock with the session when the process dies
// (SIGKILL, a cancelled runner). So a `running` row whose lock nobody holds was left by a dead
// run: the next run of the tenant marks it `abandoned`, and `tenantops status` says so.
//
// The tenant lock cannot tell this alone: a live run starts its deployment before it queues for
// the tenant's lock, so "I hold the tenant lock" does not mean "every other running row is dead".




const DEPLOYMENT_LOCK_NAMESPACE = 'tenantops.deployment';
const sessions = new WeakMap();
/** Starts a deployment that stays `running` only while this process lives. */
async function startLiveDeployment(pool, input) {
    let session = sessions.get(pool);
    if (!session)
        sessions.set(pool, (session = { client: pool.connect(), held: 0 }));
    session.held++;
    const id = input.id ?? (0,external_node_crypto_.randomUUID)();
    const key = (0,pg/* advisoryKey */.TB)(DEPLOYMENT_LOCK_NAMESPACE, id);
    const letGo = async (broken) => {
        const s = session;
        const client = await s.client;
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]).catch((e) => (broken ??= e));
        if (--s.held === 0) {
            sessions.delete(pool);
            client.release(broken);
        }
    };
    try {
        const client = await session.client.catch((err) => {
            sessions.delete(pool);
            throw err;
        });
        // Before the row exists: nobody can ever see this deployment running without its lock.
        await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
        await startDeployment(pool, { ...input, id });
    }
    catch (err) {
        if (sessions.get(pool) === session)
            await letGo(err).catch(() => undefined);
        throw err;
    }
    let finished = false;
    return {
        id,
        async finish(status) {
            if (finished)
                return;
            finished = true;
            try {
                await finishDeployment(pool, id, status);
            }
            finally {
                await letGo();
            }
        },
    };
}
/** The tenant's `running` deployments whose run is gone (no session holds their lock). */
async function findDeadDeployments(db, tenant) {
    const { rows } = await db.query(`SELECT id, actor, started_at AS "startedAt", github_run_url AS "githubRunUrl"
       FROM deployments WHERE tenant = $1 AND status = 'running' ORDER BY started_at`, [tenant]);
    const dead = [];
    for (const row of rows)
        if (!(await findHolder(db, (0,pg/* advisoryKey */.TB)(DEPLOYMENT_LOCK_NAMESPACE, row.id))))
            dead.push(row);
    return dead;
}
/** Marks the tenant's dead `running` deployments `abandoned`; returns them. */
async function abandonDeadDeployments(db, tenant) {
    const dead = await findDeadDeployments(db, tenant);
    if (!dead.length)
        return [];
    await db.query(`UPDATE deployments SET status = 'abandoned', finished_at = clock_timestamp() WHERE id = ANY($1::uuid[]) AND status = 'running'`, [dead.map((d) => d.id)]);
    return dead;
}
/** The tenant's deployments that were abandoned, newest first, with those about to be (dead but not yet marked). */
async function listAbandonedDeployments(db, tenant, limit = 5) {
    const { rows } = await db.query(`SELECT id, actor, started_at AS "startedAt", github_run_url AS "githubRunUrl"
       FROM deployments WHERE tenant = $1 AND status = 'abandoned' ORDER BY started_at DESC LIMIT $2`, [tenant, limit]);
    const pending = await findDeadDeployments(db, tenant);
    return [...pending.reverse(), ...rows].slice(0, limit);
}
/** One line for a log or `status`: what happened and what to do. */
function describeAbandoned(tenant, d) {
    const where = d.githubRunUrl ? ` (${d.githubRunUrl})` : '';
    return `tenant ${tenant}: deployment ${d.id}, started ${new Date(d.startedAt).toISOString()} by ${d.actor}${where}, was abandoned: its run died before finishing. Its journal is kept; the next apply re-reads what exists and completes it`;
}

;// CONCATENATED MODULE: ./src/registry/rollouts.ts
// Fleet rollouts: one row per rollout (what, at which revision, by whom, where it stands) and one
// per tenant of it (its wave, pending / applied / failed / skipped, the revision last applied, the
// error). A re-run reads them to resume where the rollout stopped; a retry takes only the failed.

const ROLLOUT_COLUMNS = `id, revision, payload, started_by AS "startedBy", run, status, halted_wave AS "haltedWave", started_at AS "startedAt", updated_at AS "updatedAt", finished_at AS "finishedAt"`;
const rollouts_TENANT_COLUMNS = `tenant, wave, state, revision, error, attempts, started_at AS "startedAt", finished_at AS "finishedAt"`;
/** Errors are kept short: the full failure is in the deployment journal and the run's log. */
const ERROR_LIMIT = 1000;
async function createRollout(pool, input) {
    return (0,pg/* inTransaction */.sA)(pool, async (c) => {
        const { rows } = await c.query(`INSERT INTO rollouts (revision, payload, started_by, run) VALUES ($1, $2, $3, $4) RETURNING id`, [input.revision, JSON.stringify(input.payload), input.startedBy, input.run ?? null]);
        const id = rows[0].id;
        if (input.tenants.length) {
            await c.query(`INSERT INTO rollout_tenants (rollout, tenant, wave) SELECT $1, t, w FROM unnest($2::text[], $3::int[]) AS x(t, w)`, [id, input.tenants.map((t) => t.tenant), input.tenants.map((t) => t.wave)]);
        }
        return id;
    });
}
/** The rollout of that id, or the newest one when no id is given. */
async function getRollout(db, id) {
    const { rows } = id
        ? await db.query(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts WHERE id::text = $1`, [id])
        : await db.query(`SELECT ${ROLLOUT_COLUMNS} FROM rollouts ORDER BY started_at DESC, id LIMIT 1`);
    return rows[0];
}
/** Its tenants by wave, then code. */
async function listRolloutTenants(db, id) {
    const { rows } = await db.query(`SELECT ${rollouts_TENANT_COLUMNS} FROM rollout_tenants WHERE rollout = $1 ORDER BY wave, tenant`, [id]);
    return rows;
}
/** The tenants are being applied now: one more attempt each. */
async function startRolloutTenants(db, id, tenants) {
    await db.query(`UPDATE rollout_tenants SET attempts = attempts + 1, started_at = clock_timestamp(), finished_at = NULL WHERE rollout = $1 AND tenant = ANY($2)`, [id, tenants]);
}
/** Where a tenant ended: `applied` with the revision applied, `failed` with its error, or `skipped`. */
async function finishRolloutTenant(db, id, tenant, outcome) {
    await db.query(`UPDATE rollout_tenants
        SET state = $3, revision = coalesce($4, revision), error = $5, finished_at = clock_timestamp()
      WHERE rollout = $1 AND tenant = $2`, [id, tenant, outcome.state, outcome.revision ?? null, outcome.error ? outcome.error.slice(0, ERROR_LIMIT) : null]);
}
/** `halted` names the wave that halted it; other statuses clear it. */
async function setRolloutStatus(db, id, status, haltedWave) {
    await db.query(`UPDATE rollouts
        SET status = $2, halted_wave = CASE WHEN $2 = 'halted' THEN $3 END, updated_at = clock_timestamp(),
            finished_at = CASE WHEN $2 = 'completed' THEN clock_timestamp() END
      WHERE id = $1`, [id, status, haltedWave ?? null]);
}

;// CONCATENATED MODULE: ./src/registry/rate-budget.ts
// The rate budgets of the identities tenantops calls as, kept in the registry so every process
// calling as one identity (parallel workflow runs included) draws from one token bucket. A take is
// one atomic UPDATE ... RETURNING: the row lock orders concurrent callers, and the bucket may go
// into debt, the debt being how long the caller waits for its token.
/** A RateBudgetStore over the registry; `pool` may be resolved on first use (the registry migrates lazily). */
function createRegistryRateBudget(pool) {
    const resolve = typeof pool === 'function' ? pool : async () => pool;
    return {
        async reserve(key, bucket, now) {
            const client = await (await resolve()).connect();
            try {
                // Read the clock once connected: the token is dated when it is taken, not before a connect.
                const at = now();
                // Refill for the time since the last take (never more than the bucket holds; a caller whose
                // clock is behind adds nothing), then take one. SET expressions read the newest row version
                // once a concurrent UPDATE has committed, so no token is handed out twice.
                const take = () => client.query(`UPDATE rate_budgets
                SET tokens = least(capacity, tokens + greatest(0, $4 - updated_ms) / 1000 * per_second) - 1,
                    updated_ms = greatest(updated_ms, $4), capacity = $2, per_second = $3
              WHERE identity = $1
          RETURNING tokens`, [key, bucket.capacity, bucket.perSecond, at]);
                let { rows } = await take();
                if (!rows.length) {
                    await client.query(`INSERT INTO rate_budgets (identity, tokens, capacity, per_second, updated_ms) VALUES ($1, $2, $2, $3, $4) ON CONFLICT (identity) DO NOTHING`, [key, bucket.capacity, bucket.perSecond, at]);
                    ({ rows } = await take());
                }
                const tokens = Number(rows[0].tokens);
                return tokens >= 0 ? at : at + Math.ceil((-tokens / bucket.perSecond) * 1000);
            }
            finally {
                client.release();
            }
        },
    };
}

;// CONCATENATED MODULE: ./src/registry/envelope.ts
// Secrets at rest: AES-256-GCM envelopes under a key from the environment, with a key id so keys
// rotate. The additional authenticated data binds an envelope to its tenant and secret name: an
// envelope copied onto another tenant's row (or another secret's) fails to open instead of
// handing one tenant's password to another.




const ENCRYPTION_KEY_VARIABLE = 'TENANTOPS_ENCRYPTION_KEY';
const OLD_ENCRYPTION_KEYS_VARIABLE = 'TENANTOPS_ENCRYPTION_KEYS_OLD';
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
/**
 * Reads TENANTOPS_ENCRYPTION_KEY (`<keyId>:<base64 of 32 bytes>`) and, during a rotation, the
 * previous keys in TENANTOPS_ENCRYPTION_KEYS_OLD (comma-separated, same form). Errors name the
 * variable and what is wrong, never the value.
 */
function parseKeyring(env = process.env) {
    const raw = env[ENCRYPTION_KEY_VARIABLE];
    if (!raw) {
        throw new errors/* EnvironmentError */.eG(`${ENCRYPTION_KEY_VARIABLE} is not set: it must be <keyId>:<base64 of 32 random bytes>, e.g. generated with \`openssl rand -base64 32\``);
    }
    const current = parseKey(raw, ENCRYPTION_KEY_VARIABLE);
    const keys = new Map([[current.id, current]]);
    const old = env[OLD_ENCRYPTION_KEYS_VARIABLE];
    if (old) {
        old.split(',').map((s) => s.trim()).filter(Boolean).forEach((item, i) => {
            const where = `${OLD_ENCRYPTION_KEYS_VARIABLE} (entry ${i + 1})`;
            const key = parseKey(item, where);
            const seen = keys.get(key.id);
            if (seen && !seen.key.equals(key.key))
                throw new errors/* EnvironmentError */.eG(`${where}: key id "${key.id}" is already used by a different key; key ids must be unique`);
            keys.set(key.id, key);
        });
    }
    return { current, keys };
}
/** One `<keyId>:<base64 of 32 bytes>` key; `where` names its source in errors (never the value). */
function parseEncryptionKey(text, where) {
    return parseKey(text, where);
}
function parseKey(text, where) {
    const colon = text.indexOf(':');
    const id = colon < 0 ? '' : text.slice(0, colon).trim();
    const b64 = colon < 0 ? '' : text.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
        throw new errors/* EnvironmentError */.eG(`${where} is malformed: expected <keyId>:<base64 of 32 bytes>, the key id being 1-64 letters, digits, ".", "_" or "-"`);
    }
    const key = Buffer.from(b64, 'base64');
    // Buffer.from skips invalid characters silently; round-trip to reject anything but clean base64.
    const canonical = (s) => s.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
    if (key.length !== 32 || canonical(key.toString('base64')) !== canonical(b64)) {
        throw new errors/* EnvironmentError */.eG(`${where} (key id "${id}") is malformed: the key must be exactly 32 bytes, base64-encoded (44 characters)`);
    }
    return { id, key };
}
/** The AAD for a tenant's named secret. */
function secretAad(tenant, name) {
    return `tenantops/secret/v1/${tenant}/${name}`;
}
function seal(plaintext, key, aad) {
    const iv = (0,external_node_crypto_.randomBytes)(12); // 96-bit random nonce: safe for far more envelopes than we will seal
    const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { v: 1, kid: key.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
}
/** Opens an envelope; a wrong key, wrong AAD or any altered byte fails (GCM authentication). */
function envelope_open(envelope, keyring, aad) {
    if (envelope?.v !== 1)
        throw new errors/* EnvironmentError */.eG(`unsupported secret envelope version ${String(envelope?.v)}`);
    const key = keyring.keys.get(envelope.kid);
    if (!key) {
        throw new errors/* EnvironmentError */.eG(`a secret was sealed with key id "${envelope.kid}", which is neither ${ENCRYPTION_KEY_VARIABLE} nor in ${OLD_ENCRYPTION_KEYS_VARIABLE}; provide that key`);
    }
    const tag = Buffer.from(envelope.tag, 'base64');
    const iv = Buffer.from(envelope.iv, 'base64');
    if (tag.length !== 16 || iv.length !== 12)
        throw new errors/* EnvironmentError */.eG(`a secret envelope (key id "${envelope.kid}") is damaged: bad iv or tag length`);
    try {
        const decipher = (0,external_node_crypto_.createDecipheriv)('aes-256-gcm', key.key, iv, { authTagLength: 16 });
        decipher.setAAD(Buffer.from(aad, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
    }
    catch {
        throw new errors/* EnvironmentError */.eG(`cannot open a secret sealed with key id "${envelope.kid}": the key under that id is not the one that sealed it, or the envelope was altered or moved to another tenant or name`);
    }
}
/**
 * Re-seals every envelope not under the current key, in one transaction, then proves the old keys
 * are no longer needed: no row references another key id, and every envelope opens with a keyring
 * that holds the current key alone. Writes an audit row (key ids and counts only).
 */
async function rotateSecrets(pool, keyring, audit = { actor: 'tenantops' }) {
    return (0,pg/* inTransaction */.sA)(pool, async (db) => {
        const { rows } = await db.query(`SELECT tenant, name, envelope FROM secrets ORDER BY tenant, name FOR UPDATE`);
        const previousKeyIds = [...new Set(rows.map((r) => r.envelope.kid))].sort();
        let rotated = 0;
        for (const row of rows) {
            if (row.envelope.kid === keyring.current.id)
                continue;
            const aad = secretAad(row.tenant, row.name);
            const resealed = seal(envelope_open(row.envelope, keyring, aad), keyring.current, aad);
            await db.query(`UPDATE secrets SET envelope = $3, updated_at = now() WHERE tenant = $1 AND name = $2`, [row.tenant, row.name, JSON.stringify(resealed)]);
            rotated++;
        }
        const remaining = await db.query(`SELECT DISTINCT kid FROM secrets ORDER BY kid`);
        const onlyCurrent = { current: keyring.current, keys: new Map([[keyring.current.id, keyring.current]]) };
        const after = await db.query(`SELECT tenant, name, envelope FROM secrets`);
        for (const row of after.rows)
            envelope_open(row.envelope, onlyCurrent, secretAad(row.tenant, row.name));
        const result = {
            rotated,
            total: rows.length,
            previousKeyIds,
            remainingKeyIds: remaining.rows.map((r) => r.kid),
            verifiedWithCurrentKeyOnly: after.rows.length,
        };
        await appendAudit(db, {
            actor: audit.actor,
            githubRun: audit.githubRun,
            action: 'keys.rotate',
            target: 'secrets',
            before: { keyIds: previousKeyIds },
            after: { keyIds: result.remainingKeyIds, rotated, total: result.total },
        });
        return result;
    });
}
/** Seals `plaintext` under the current key and stores it as the tenant's secret `name`. */
async function storeSecret(db, keyring, tenant, name, plaintext) {
    await putSecret(db, tenant, name, seal(plaintext, keyring.current, secretAad(tenant, name)));
}
/** Reads and opens the tenant's secret `name`; undefined when there is none. */
async function readSecret(db, keyring, tenant, name) {
    const envelope = await getSecret(db, tenant, name);
    return envelope && envelope_open(envelope, keyring, secretAad(tenant, name));
}
/** Stores an envelope (never plaintext: the table's check constraint accepts envelopes only). */
async function putSecret(db, tenant, name, envelope) {
    await db.query(`INSERT INTO secrets (tenant, name, envelope) VALUES ($1, $2, $3)
     ON CONFLICT (tenant, name) DO UPDATE SET envelope = excluded.envelope, updated_at = now()`, [tenant, name, JSON.stringify(envelope)]);
}
async function getSecret(db, tenant, name) {
    const { rows } = await db.query(`SELECT envelope FROM secrets WHERE tenant = $1 AND name = $2`, [tenant, name]);
    return rows[0]?.envelope;
}

;// CONCATENATED MODULE: ./src/registry/invitations.ts
// Super users' one-time invitations. The registry holds only each token's SHA-256: the token itself
// lives in the mail that carries it (sealed in the outbox until sent). The platform's application
// redeems a token through the SQL function redeem_invitation (templates/registry/0003_...).
const COLUMNS = `id, tenant, email, created_at AS "createdAt", expires_at AS "expiresAt", redeemed_at AS "redeemedAt", revoked_at AS "revokedAt"`;
/**
 * Records a new invitation and revokes the user's earlier ones that were never redeemed: one
 * pending invitation per user, so a re-issued link is the only one that works.
 */
async function createInvitation(db, input) {
    const email = input.email.toLowerCase();
    const { rows } = await db.query(`WITH revoked AS (
       UPDATE invitations SET revoked_at = clock_timestamp()
        WHERE tenant = $1 AND email = $2 AND redeemed_at IS NULL AND revoked_at IS NULL)
     INSERT INTO invitations (tenant, email, token_hash, expires_at)
     VALUES ($1, $2, $3, clock_timestamp() + make_interval(secs => $4::double precision / 1000))
     RETURNING ${COLUMNS}`, [input.tenant, email, input.tokenHash, input.ttlMs]);
    return rows[0];
}
async function getInvitation(db, id) {
    const { rows } = await db.query(`SELECT ${COLUMNS} FROM invitations WHERE id = $1`, [id]);
    return rows[0];
}
async function listInvitations(db, tenant) {
    const { rows } = await db.query(`SELECT ${COLUMNS} FROM invitations WHERE tenant = $1 ORDER BY email, created_at`, [tenant]);
    return rows;
}
/**
 * Redeems a token through the registry function, as the platform's application does (it calls it
 * as a member of tenantops_app). The tenant and email it was for, or undefined when refused.
 */
async function redeemInvitation(db, token) {
    const { rows } = await db.query(`SELECT tenant, email FROM redeem_invitation($1)`, [token]);
    return rows[0];
}
/** The role the platform's application redeems invitations as (created by the registry migration). */
const INVITATION_APP_ROLE = 'tenantops_app';

;// CONCATENATED MODULE: ./src/registry/outbox.ts
// The mail outbox: a row per mail, written before it is sent and marked after. The rendered
// message is an envelope (AES-256-GCM, the registry's keyring) bound to the row's dedupe key,
// because it carries the invitation token that the registry must never hold in plain text.
const outbox_COLUMNS = `id::text, tenant, dedupe_key AS "dedupeKey", kind, recipient, subject, invitation_id AS "invitationId", message,
  status, attempts, created_at AS "createdAt", last_attempt_at AS "lastAttemptAt", sent_at AS "sentAt",
  smtp_response AS "smtpResponse", last_error AS "lastError"`;
/** The additional authenticated data of an outbox message: an envelope moved to another row fails to open. */
function outboxAad(dedupeKey) {
    return `tenantops/outbox/v1/${dedupeKey}`;
}
/** Whether a mail with this key was ever enqueued (sent or not). */
async function hasOutboxEntry(db, dedupeKey) {
    const { rows } = await db.query(`SELECT 1 FROM outbox WHERE dedupe_key = $1`, [dedupeKey]);
    return rows.length > 0;
}
/** Enqueues a mail; undefined when one with the same dedupe key exists already (nothing changes). */
async function enqueueMail(db, input) {
    const { rows } = await db.query(`INSERT INTO outbox (tenant, dedupe_key, kind, recipient, subject, invitation_id, message)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING ${outbox_COLUMNS}`, [input.tenant, input.dedupeKey, input.kind, input.recipient.toLowerCase(), input.subject, input.invitationId ?? null, JSON.stringify(input.message)]);
    return rows[0];
}
/** The tenant's mails not yet marked sent, oldest first. */
async function listPendingMail(db, tenant) {
    const { rows } = await db.query(`SELECT ${outbox_COLUMNS} FROM outbox WHERE tenant = $1 AND status = 'pending' ORDER BY id`, [tenant]);
    return rows;
}
async function listOutbox(db, tenant) {
    const { rows } = await db.query(`SELECT ${outbox_COLUMNS} FROM outbox WHERE tenant = $1 ORDER BY id`, [tenant]);
    return rows;
}
/** Counts an attempt before the send starts, so a mail that keeps failing shows how often it was tried. */
async function markMailAttempt(db, id) {
    await db.query(`UPDATE outbox SET attempts = attempts + 1, last_attempt_at = clock_timestamp() WHERE id = $1`, [id]);
}
/** Replaces a pending mail's message: rendered again (its key rotated away), or with a re-issued invitation. */
async function replacePendingMessage(db, id, message, invitationId) {
    await db.query(`UPDATE outbox SET message = $2, invitation_id = coalesce($3, invitation_id) WHERE id = $1 AND status = 'pending'`, [id, JSON.stringify(message), invitationId ?? null]);
}
async function markMailSent(db, id, smtpResponse) {
    await db.query(`UPDATE outbox SET status = 'sent', sent_at = clock_timestamp(), smtp_response = $2, last_error = NULL WHERE id = $1`, [id, smtpResponse.slice(0, 500)]);
}
/** Drops a pending mail that must no longer go out (its recipient was removed). */
async function cancelPendingMail(db, id) {
    await db.query(`UPDATE outbox SET status = 'cancelled' WHERE id = $1 AND status = 'pending'`, [id]);
}
async function markMailFailed(db, id, error) {
    await db.query(`UPDATE outbox SET last_error = $2 WHERE id = $1 AND status = 'pending'`, [id, error.slice(0, 1000)]);
}

;// CONCATENATED MODULE: ./src/registry/operation-runs.ts
// The history of operation runs (templates/registry/0005_operation_runs.sql): a row when a run
// starts, completed with its per-step, per-tenant results when it ends. Results are stored as the
// run layer reports them; they hold statuses and request ids, never a secret (checked here).


async function startOperationRun(db, run) {
    const { rows } = await db.query(`INSERT INTO operation_runs (sequence, actor, github_run, started_at) VALUES ($1, $2, $3, $4) RETURNING id::text AS id`, [run.sequence, run.actor, run.githubRun ?? null, run.startedAt]);
    return rows[0].id;
}
async function finishOperationRun(db, id, result) {
    const found = findSecretLike(result.steps, 'steps');
    if (found.length)
        throw new errors/* InternalError */.Gd(`refusing to record operation run ${id}: ${found.join(', ')} look(s) like a secret`);
    const { rowCount } = await db.query(`UPDATE operation_runs SET status = $2, finished_at = $3, duration_ms = $4, steps = $5 WHERE id = $1 AND status = 'running'`, [id, result.status, result.finishedAt, Math.round(result.durationMs), JSON.stringify(result.steps)]);
    if (rowCount !== 1)
        throw new errors/* InternalError */.Gd(`operation run ${id} is unknown or already finished`);
}
/** Newest first. */
async function listOperationRuns(db, options = {}) {
    const { rows } = await db.query(`SELECT id::text AS id, sequence, actor, github_run AS "githubRun", started_at AS "startedAt", finished_at AS "finishedAt", status,
            duration_ms::float8 AS "durationMs", steps
       FROM operation_runs WHERE ($1::text IS NULL OR sequence = $1) ORDER BY id DESC LIMIT $2`, [options.sequence ?? null, options.limit ?? 50]);
    return rows;
}

;// CONCATENATED MODULE: ./src/registry/status.ts
// A tenant's lifecycle status and the only moves between statuses: pending → provisioned
// (awaiting QA) → live, failed, suspended, decommissioned. The table below is the one place that
// says which moves exist; every move is audited with its actor, run and plan hash.


/** From each status, where a tenant may go. Staying where it is is always allowed and writes nothing. */
const STATUS_TRANSITIONS = {
    // Provisioning ends in the QA checklist: passed (awaiting the gate) or failed.
    pending: ['provisioned', 'failed', 'decommissioned'],
    // The gate: approved → live. A later failing apply or checklist → failed; rejected → decommissioned (rollback).
    provisioned: ['live', 'failed', 'decommissioned'],
    // A re-run that passes QA, or a rollback of what never went live.
    failed: ['provisioned', 'decommissioned'],
    live: ['suspended', 'decommissioned'],
    suspended: ['live', 'decommissioned'],
    decommissioned: [],
};
const TENANT_STATUSES = Object.keys(STATUS_TRANSITIONS);
/** A move the table does not allow: the tenant keeps its status. */
class StatusTransitionError extends errors/* EnvironmentError */.eG {
    tenant;
    from;
    to;
    constructor(tenant, from, to) {
        const allowed = STATUS_TRANSITIONS[from];
        super(`tenant ${tenant} cannot go from ${from} to ${to}; from ${from} it may go to ${allowed.length ? allowed.join(', ') : 'nothing (final)'}`);
        this.tenant = tenant;
        this.from = from;
        this.to = to;
    }
}
function canTransition(from, to) {
    return from === to || STATUS_TRANSITIONS[from].includes(to);
}
/**
 * Moves a tenant to `to`, or refuses (StatusTransitionError) and changes nothing. One statement
 * locks the row, checks the move, writes it and its audit row, so two runs cannot both move it
 * from the same status and no move goes unaudited, on a pool or inside a caller's transaction.
 */
async function transitionTenant(db, code, to, options) {
    const after = { status: to, planHash: options.planHash ?? null, ...(options.approvedBy ? { approvedBy: options.approvedBy } : {}), ...(options.reason ? { reason: options.reason } : {}) };
    assertNoSecret('tenant.status', after);
    const { rows } = await db.query(`WITH current AS (SELECT code, status FROM tenants WHERE code = $1 FOR UPDATE),
          moved AS (
            UPDATE tenants t SET status = $2, updated_at = now(),
              provisioned_at = CASE WHEN $2 = 'provisioned' THEN now() ELSE t.provisioned_at END,
              live_at = CASE WHEN $2 = 'live' AND t.live_at IS NULL THEN now() ELSE t.live_at END,
              approved_by = CASE WHEN $2 = 'live' AND $3::text IS NOT NULL THEN $3 ELSE t.approved_by END
            FROM current c WHERE t.code = c.code AND c.status <> $2 AND c.status = ANY($4::text[])
            RETURNING t.code, c.status AS from_status),
          audited AS (
            INSERT INTO audit_log (actor, github_run, tenant, action, target, before, after)
            SELECT $5, $6, m.code, 'tenant.status', m.code, jsonb_build_object('status', m.from_status), $7::jsonb FROM moved m
            RETURNING id)
     SELECT (SELECT status FROM current) AS "from", EXISTS (SELECT 1 FROM moved) AS changed`, [code, to, options.approvedBy ?? null, allowedFrom(to), options.actor, options.run ?? null, JSON.stringify(after)]);
    const from = rows[0]?.from;
    if (!from)
        throw new errors/* EnvironmentError */.eG(`tenant ${code} is not in the registry; it has never been applied`);
    if (from === to)
        return { from, to, changed: false };
    if (!rows[0].changed)
        throw new StatusTransitionError(code, from, to);
    return { from, to, changed: true };
}
/** The statuses from which `to` may be reached. */
function allowedFrom(to) {
    return TENANT_STATUSES.filter((from) => STATUS_TRANSITIONS[from].includes(to));
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/yaml/index.ts + 9 modules
var yaml = __webpack_require__(99619);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/registry/module-features.ts
// templates/modules.yaml: the features of each module, each naming the report personas it covers.
// A tenant's enabled modules are initialised with these features, and each report it gets is
// linked to the one feature of its module that names its persona. Strict, like the catalog: an
// uncovered persona is a finding at its report's line, so no report silently stays unlinked.





const MODULES_FILE = 'templates/modules.yaml';
const FEATURE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/**
 * Parses modules.yaml; with `known` (providers.yaml's modules) and `catalog` (reports.yaml), also
 * checks that every module is known and every persona of the catalog is covered exactly once.
 */
function parseModuleFeatures(text, options = {}) {
    const file = options.file ?? MODULES_FILE;
    const parsed = (0,yaml/* parseYamlSource */.WF)(text, file, { what: 'the module features', required: ['modules'] });
    const features = {};
    if (!parsed.root || !parsed.source)
        return { features, findings: parsed.findings };
    const src = { source: parsed.source, findings: parsed.findings };
    const top = (0,yaml/* readMapping */.vh)(src, parsed.root, 'the module features', { required: ['modules'] });
    const modules = top?.get('modules')?.value;
    if (!modules || !(0,dist/* isMap */.jh)(modules)) {
        if (top?.get('modules'))
            (0,yaml/* addFinding */.Xd)(src, modules ?? top.get('modules').key, '"modules" must map each module name to its list of features; allowed: e.g. `operations: [{name, title, personas}]`');
        return { features, findings: src.findings };
    }
    // Module → persona (lower case) → the feature naming it, for "covered twice".
    const coveredBy = new Map();
    for (const pair of modules.items) {
        const module = (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : '';
        if (options.known && !options.known.includes(module)) {
            (0,yaml/* addFinding */.Xd)(src, pair.key, `module ${JSON.stringify(module)} is not a module of templates/providers.yaml; allowed: ${options.known.join(', ')}`);
            continue;
        }
        const list = (features[module] = []);
        const personas = new Map();
        coveredBy.set(module, personas);
        for (const item of (0,yaml/* readList */.LD)(src, { key: pair.key, value: pair.value }, `the features of ${module}`, 'a list of {name, title, personas}') ?? []) {
            const fields = (0,yaml/* readMapping */.vh)(src, item, 'a feature', { required: ['name', 'title', 'personas'] });
            const nameEntry = fields?.get('name');
            const name = nameEntry && (0,yaml/* readString */.E3)(src, nameEntry, 'feature name', 'lower-case words joined by "-", e.g. learner-flow');
            const title = fields?.get('title') && (0,yaml/* readString */.E3)(src, fields.get('title'), 'feature title', 'a few words naming the feature');
            const personaEntry = fields?.get('personas');
            const personaNodes = personaEntry?.value && (0,dist/* isSeq */.oP)(personaEntry.value) ? personaEntry.value.items : undefined;
            if (personaEntry && !personaNodes)
                (0,yaml/* addFinding */.Xd)(src, personaEntry.value ?? personaEntry.key, 'personas must be a list of report personas; allowed: e.g. [Operations Leader, Centre Manager]');
            if (!name || !title || !personaNodes)
                continue;
            if (!FEATURE.test(name) || list.some((f) => f.name === name)) {
                (0,yaml/* addFinding */.Xd)(src, nameEntry.value, list.some((f) => f.name === name) ? `feature ${JSON.stringify(name)} is listed twice in ${module}; allowed: each feature once per module` : `feature name ${JSON.stringify(name)} is not allowed; allowed: lower-case letters, digits and "-"`);
                continue;
            }
            const feature = { name, title, personas: [] };
            for (const node of personaNodes) {
                const persona = (0,dist/* isScalar */.jn)(node) && typeof node.value === 'string' ? node.value : undefined;
                if (!persona) {
                    (0,yaml/* addFinding */.Xd)(src, node, 'a persona must be text; allowed: a persona as report names spell it, e.g. Operations Leader');
                }
                else if (personas.has(persona.toLowerCase())) {
                    (0,yaml/* addFinding */.Xd)(src, node, `persona ${JSON.stringify(persona)} is already covered by feature ${personas.get(persona.toLowerCase())} of ${module}; allowed: each persona in one feature of its module`);
                }
                else {
                    personas.set(persona.toLowerCase(), name);
                    feature.personas.push(persona);
                }
            }
            list.push(feature);
        }
    }
    for (const report of options.catalog ?? []) {
        const personas = coveredBy.get(report.module);
        if (!personas || personas.has(report.persona.toLowerCase()))
            continue;
        src.findings.push({
            file: report.file,
            line: report.line,
            col: 1,
            message: `persona ${JSON.stringify(report.persona)} of module ${report.module} is in no feature of ${file}; allowed: a persona listed under one of ${(features[report.module] ?? []).map((f) => f.name).join(', ') || 'its features'}`,
        });
    }
    return { features, findings: src.findings };
}
const cache = new Map();
/**
 * `<root>/templates/modules.yaml` checked against the modules and the catalog: its findings, for
 * the run's inputs (a bad file stops a run before anything is planned, like a bad tenant file).
 */
function checkModuleFeatures(root, known, catalog) {
    const parsed = parseModuleFeatures(readFile(root), { known, catalog });
    if (!parsed.findings.length)
        cache.set(external_node_path_default().join(root, MODULES_FILE), parsed.features);
    return parsed.findings;
}
/** The features of `<root>/templates/modules.yaml`, read once per root; a broken file is a ConfigurationError. */
function readModuleFeatures(root) {
    const file = external_node_path_default().join(root, MODULES_FILE);
    let features = cache.get(file);
    if (!features) {
        const parsed = parseModuleFeatures(readFile(root));
        if (parsed.findings.length)
            throw new errors/* ConfigurationError */.j1(parsed.findings);
        features = parsed.features;
        cache.set(file, features);
    }
    return features;
}
function readFile(root) {
    try {
        return (0,external_node_fs_.readFileSync)(external_node_path_default().join(root, MODULES_FILE), 'utf8');
    }
    catch (err) {
        throw new errors/* EnvironmentError */.eG(`cannot read ${MODULES_FILE} under ${root} (${err.code ?? String(err)}); run from the repository root or pass --root DIR`);
    }
}
/** The feature of `report`'s module naming its persona; undefined when none does. */
function featureOf(features, report) {
    const persona = report.persona.toLowerCase();
    return features[report.module]?.find((f) => f.personas.some((p) => p.toLowerCase() === persona));
}

// EXTERNAL MODULE: ./src/catalog/index.ts + 6 modules
var catalog = __webpack_require__(44046);
// EXTERNAL MODULE: ./src/plan/index.ts + 18 modules
var plan = __webpack_require__(61716);
;// CONCATENATED MODULE: ./src/registry/record.ts
// The registry's record of a tenant, planned like any resource: its name, subdomain and lifecycle;
// its super users; its modules initialised with their features and every report it gets linked
// to the feature covering it. Read from the registry, diffed field by field (a rename shows in the
// plan and changes its hash), applied in one transaction each, audited.







const REGISTRY_KEYS = {
    tenant: 'registry/tenant',
    superUsers: 'registry/super-users',
    modules: 'registry/modules',
};
function hostOf(ctx) {
    const host = ctx.services.tenantops;
    if (!host?.registry)
        throw new errors/* EnvironmentError */.eG(`registry resources of tenant ${ctx.tenant} need live services, but the run is offline; plan with --offline`);
    return host;
}
function desiredRegistryResources(ctx) {
    const { config } = ctx;
    const modules = sharedModulesState(ctx);
    const users = Object.fromEntries(config.superUsers.map((u) => [u.email.toLowerCase(), { firstName: u.firstName, lastName: u.lastName }]));
    return [
        tenantRecordResource(config.code, { name: config.name, subdomain: config.subdomain, lifecycle: config.lifecycle }),
        superUsersResource(config.code, users),
        modulesResource(config.code, modules),
    ];
}
// Tenants with the same modules and matched reports (the run shares one reports list among them)
// want the same modules state: built once and shared read-only, as the reports are, instead of
// once per tenant and plan pass (a second of a 10,000-tenant offline plan).
const modulesStates = new WeakMap();
function sharedModulesState(ctx) {
    const { config } = ctx;
    let byModules = modulesStates.get(ctx.reports);
    if (!byModules)
        modulesStates.set(ctx.reports, (byModules = new Map()));
    const key = `${ctx.root}\u0000${config.modules.join('\u0000')}`;
    let state = byModules.get(key);
    if (state)
        return state;
    const features = readModuleFeatures(ctx.root);
    state = { modules: {}, reports: {} };
    for (const module of config.modules)
        state.modules[module] = Object.fromEntries((features[module] ?? []).map((f) => [f.name, f.title]));
    for (const report of ctx.reports) {
        const feature = featureOf(features, report);
        // loadInputs checked every persona against modules.yaml; a gap here is a bug of ours.
        if (!feature)
            throw new errors/* InternalError */.Gd(`report "${report.name}" of ${config.code} has no feature in module ${report.module}`);
        state.reports[(0,catalog/* templateBaseName */.Jk)(report)] = `${report.module}/${feature.name}`;
    }
    byModules.set(key, state);
    return state;
}
function tenantRecordResource(code, desired) {
    return {
        key: REGISTRY_KEYS.tenant,
        kind: 'registry.tenant',
        dependsOn: [],
        desired,
        async read(ctx) {
            const registry = await hostOf(ctx).registry();
            const { rows } = await registry.query(`SELECT name, subdomain, lifecycle FROM tenants WHERE code = $1 AND recorded`, [code]);
            return rows[0];
        },
        diff: (d, a) => (0,plan/* diffFields */.p5)(d, a, { summary: { create: `record tenant ${code} in the registry`, update: `update the registry's record of ${code}` } }),
        async apply(ctx, change, actual) {
            const host = hostOf(ctx);
            const registry = await host.registry();
            // The row itself exists: every apply anchors it before its deployments (src/run/apply.ts).
            const { rowCount } = await registry.query(`UPDATE tenants SET name = $2, subdomain = $3, lifecycle = $4, recorded = true, updated_at = now() WHERE code = $1`, [code, desired.name, desired.subdomain, desired.lifecycle]);
            if (!rowCount)
                throw new errors/* InternalError */.Gd(`tenant ${code} has no registry row to record; applies anchor it before anything else`);
            await audit(registry, host, code, REGISTRY_KEYS.tenant, `registry.tenant.${change.action}`, actual, desired);
            return desired;
        },
    };
}
function superUsersResource(code, desired) {
    return {
        key: REGISTRY_KEYS.superUsers,
        kind: 'registry.super-users',
        dependsOn: [REGISTRY_KEYS.tenant],
        desired,
        async read(ctx) {
            const users = await listUsers(await hostOf(ctx).registry(), code);
            return Object.fromEntries(users.map((u) => [u.email, { firstName: u.firstName, lastName: u.lastName }]));
        },
        diff: (d, a) => diffEntries(d, a, (n) => `${n} super user(s)`),
        async apply(ctx, change, actual) {
            const host = hostOf(ctx);
            const registry = await host.registry();
            await replaceUsers(registry, code, Object.entries(desired).map(([email, u]) => ({ email, ...u })));
            await audit(registry, host, code, REGISTRY_KEYS.superUsers, `registry.super-users.${change.action}`, actual, desired);
            return desired;
        },
    };
}
function modulesResource(code, desired) {
    return {
        key: REGISTRY_KEYS.modules,
        kind: 'registry.modules',
        dependsOn: [REGISTRY_KEYS.tenant],
        desired,
        async read(ctx) {
            return readModules(await hostOf(ctx).registry(), code);
        },
        diff(d, a) {
            const change = diffEntries(flattenModules(d), flattenModules(a), () => '');
            if (!change)
                return undefined;
            const n = (state) => `${Object.keys(state?.modules ?? {}).length} module(s), ${Object.keys(state?.reports ?? {}).length} report link(s)`;
            return { ...change, summary: change.action === 'delete' ? `remove ${n(a)}` : `${n(d)} (${change.fields.length} change(s))` };
        },
        async apply(ctx, change, actual) {
            const host = hostOf(ctx);
            const registry = await host.registry();
            await (0,pg/* inTransaction */.sA)(registry, (client) => writeModules(client, code, desired));
            await audit(registry, host, code, REGISTRY_KEYS.modules, `registry.modules.${change.action}`, actual && summarise(actual), summarise(desired));
            return desired;
        },
    };
}
async function readModules(db, code) {
    const state = { modules: {}, reports: {} };
    const modules = await db.query(`SELECT module FROM tenant_modules WHERE tenant = $1 ORDER BY module`, [code]);
    for (const { module } of modules.rows)
        state.modules[module] = {};
    const features = await db.query(`SELECT module, feature, title FROM tenant_module_features WHERE tenant = $1 ORDER BY module, feature`, [code]);
    for (const f of features.rows)
        (state.modules[f.module] ??= {})[f.feature] = f.title;
    const links = await db.query(`SELECT template_name, module, feature FROM report_feature_links WHERE tenant = $1 ORDER BY template_name`, [code]);
    for (const l of links.rows)
        state.reports[l.template_name] = `${l.module}/${l.feature}`;
    return state;
}
/**
 * Makes the tenant's modules, features and report links exactly `state`: links that go or move
 * first, then features, then modules (the foreign keys' order), then what is new. Each statement
 * touches only rows that differ, so a converged tenant costs reads only.
 */
async function writeModules(db, code, state) {
    const modules = Object.keys(state.modules);
    const features = Object.entries(state.modules).flatMap(([module, f]) => Object.entries(f).map(([feature, title]) => ({ module, feature, title })));
    const links = Object.entries(state.reports).map(([template, target]) => {
        const [module, feature] = target.split('/');
        return { template, module, feature };
    });
    await db.query(`DELETE FROM report_feature_links l WHERE tenant = $1 AND NOT EXISTS (
       SELECT 1 FROM unnest($2::text[], $3::text[], $4::text[]) AS d(template, module, feature)
        WHERE d.template = l.template_name AND d.module = l.module AND d.feature = l.feature)`, [code, links.map((l) => l.template), links.map((l) => l.module), links.map((l) => l.feature)]);
    await db.query(`DELETE FROM tenant_module_features f WHERE tenant = $1 AND NOT EXISTS (
       SELECT 1 FROM unnest($2::text[], $3::text[]) AS d(module, feature) WHERE d.module = f.module AND d.feature = f.feature)`, [code, features.map((f) => f.module), features.map((f) => f.feature)]);
    await db.query(`DELETE FROM tenant_modules WHERE tenant = $1 AND NOT (module = ANY($2::text[]))`, [code, modules]);
    await db.query(`INSERT INTO tenant_modules (tenant, module) SELECT $1, m FROM unnest($2::text[]) AS m ON CONFLICT DO NOTHING`, [code, modules]);
    await db.query(`INSERT INTO tenant_module_features (tenant, module, feature, title)
     SELECT $1, d.module, d.feature, d.title FROM unnest($2::text[], $3::text[], $4::text[]) AS d(module, feature, title)
     ON CONFLICT (tenant, module, feature) DO UPDATE SET title = excluded.title WHERE tenant_module_features.title <> excluded.title`, [code, features.map((f) => f.module), features.map((f) => f.feature), features.map((f) => f.title)]);
    await db.query(`INSERT INTO report_feature_links (tenant, template_name, module, feature)
     SELECT $1, d.template, d.module, d.feature FROM unnest($2::text[], $3::text[], $4::text[]) AS d(template, module, feature)
     ON CONFLICT (tenant, template_name) DO NOTHING`, [code, links.map((l) => l.template), links.map((l) => l.module), links.map((l) => l.feature)]);
}
/** `modules.<module>` (its features and titles) and `reports.<template>` as one flat map. */
function flattenModules(state) {
    if (!state)
        return undefined;
    const flat = {};
    for (const [m, f] of Object.entries(state.modules))
        flat[`modules.${m}`] = f;
    for (const [t, target] of Object.entries(state.reports))
        flat[`reports.${t}`] = target;
    return flat;
}
/**
 * One field per entry added, changed or removed. A set that is empty now is created, one that
 * becomes empty is deleted, anything else is updated; undefined when they hold the same entries.
 */
function diffEntries(desired, actual, summary) {
    const d = desired ?? {};
    const a = actual ?? {};
    const fields = [];
    for (const key of [...new Set([...Object.keys(d), ...Object.keys(a)])].sort()) {
        if (!(key in a))
            fields.push({ path: key, after: d[key] });
        else if (!(key in d))
            fields.push({ path: key, before: a[key] });
        else if ((0,plan/* canonicalJson */.dj)(d[key]) !== (0,plan/* canonicalJson */.dj)(a[key]))
            fields.push({ path: key, before: a[key], after: d[key] });
    }
    if (!fields.length)
        return undefined;
    const action = Object.keys(a).length === 0 ? 'create' : Object.keys(d).length === 0 ? 'delete' : 'update';
    const text = summary(Object.keys(action === 'delete' ? a : d).length);
    return { action, fields, ...(text ? { summary: `${action === 'delete' ? 'remove' : 'record'} ${text}` } : {}) };
}
/** Audit rows name what changed, not every link: counts and module names. */
function summarise(state) {
    return { modules: Object.keys(state.modules).sort(), reports: Object.keys(state.reports).length };
}
async function audit(db, host, tenant, target, action, before, after) {
    await appendAudit(db, { ...actorFromEnv(host.env), tenant, action, target, before: before ?? null, after: after ?? null });
}

;// CONCATENATED MODULE: ./src/registry/capability.ts

const KIND_LABELS = {
    'registry.modules': { plural: 'module sets', verbs: { create: 'to initialise', update: 'to update', delete: 'to remove' } },
};
const registryCapability = {
    name: 'registry',
    desiredResources: desiredRegistryResources,
    labels: KIND_LABELS,
    // Nothing of these is in the world: a registry rebuild writes them from the tenant file.
    recordKinds: ['registry.tenant', 'registry.super-users', 'registry.modules'],
};

;// CONCATENATED MODULE: ./src/registry/drift.ts
// Each tenant's last drift check (templates/registry/0008_drift_refresh.sql): when it was checked,
// whether anything differed, and the keys of the resources that did, for the dashboard. Keys only
// (`powerbi/report/<template>`, `dns/record/www`), never a value: a key that looks like a secret
// is refused. The drift workflow plans with the reader credentials, so a registry that refuses the
// write is an expected answer (`readOnly`), not a failure.


/** SQLSTATEs of a registry that may be read but not written: insufficient_privilege, read_only_sql_transaction. */
const READ_ONLY_SQLSTATES = new Set(['42501', '25006']);
/** Replaces the last check of each tenant, all in one statement, dated by the database's clock. */
async function recordDriftChecks(db, checks, run = {}) {
    const secretLike = findSecretLike(checks.map((c) => c.resources), 'resources');
    if (secretLike.length)
        throw new errors/* InternalError */.Gd(`refusing to record drift: ${secretLike.join(', ')} look(s) like a secret`);
    try {
        const { rows } = await db.query(`INSERT INTO drift_checks (tenant, checked_at, drifted, resources, github_run, run_url)
       SELECT c.tenant, clock_timestamp(), cardinality(c.resources) > 0, c.resources, $2, $3
         FROM jsonb_to_recordset($1::jsonb) AS c(tenant text, resources text[])
         JOIN tenants t ON t.code = c.tenant
       ON CONFLICT (tenant) DO UPDATE
         SET checked_at = excluded.checked_at, drifted = excluded.drifted, resources = excluded.resources,
             github_run = excluded.github_run, run_url = excluded.run_url
       RETURNING tenant`, [JSON.stringify(checks.map((c) => ({ tenant: c.tenant, resources: [...new Set(c.resources)].sort() }))), run.githubRun ?? null, run.runUrl ?? null]);
        const recorded = new Set(rows.map((r) => r.tenant));
        return { kind: 'recorded', recorded: checks.map((c) => c.tenant).filter((t) => recorded.has(t)), skipped: checks.map((c) => c.tenant).filter((t) => !recorded.has(t)) };
    }
    catch (err) {
        const code = err.code;
        if (typeof code === 'string' && READ_ONLY_SQLSTATES.has(code))
            return { kind: 'read-only', reason: err.message };
        throw err;
    }
}
async function getDriftCheck(db, tenant) {
    const { rows } = await db.query(`SELECT tenant, checked_at AS "checkedAt", drifted, resources, github_run AS "githubRun", run_url AS "runUrl"
       FROM drift_checks WHERE tenant = $1`, [tenant]);
    return rows[0];
}

;// CONCATENATED MODULE: ./src/registry/durations.ts
/** The median duration of the last `sample` rows of `table` that ended in `state`, or undefined before the first. */
async function medianRecentDurationMs(db, table, state, sample = 20) {
    const { rows } = await db.query(`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms)::float8 AS ms
       FROM (SELECT duration_ms FROM ${table} WHERE state = $1 AND duration_ms > 0 ORDER BY recorded_at DESC LIMIT $2) recent`, [state, sample]);
    return rows[0]?.ms ?? undefined;
}

;// CONCATENATED MODULE: ./src/registry/refreshes.ts

/** Records (or completes) one refresh; the same request id read again updates its row. */
async function recordRefreshRun(db, run) {
    await db.query(`INSERT INTO refresh_runs (tenant, request_id, state, started_at, ended_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (tenant, request_id) DO UPDATE
       SET state = excluded.state, started_at = excluded.started_at, ended_at = excluded.ended_at, recorded_at = now()`, [run.tenant, run.requestId.toLowerCase(), run.state, run.startTime, run.endTime ?? null]);
}
/** The tenant's refreshes, newest first. */
async function listRefreshRuns(db, tenant, limit = 20) {
    const { rows } = await db.query(`SELECT tenant, request_id AS "requestId", state, started_at AS "startedAt", ended_at AS "endedAt", duration_ms::float8 AS "durationMs"
       FROM refresh_runs WHERE tenant = $1 ORDER BY started_at DESC, request_id LIMIT $2`, [tenant, limit]);
    return rows;
}
/**
 * How long a model refresh takes across the fleet: the median of the last `sample` completed
 * refreshes of any tenant (the tenants' models come from the same templates and load alike), or
 * undefined before the first. Power BI gives no estimate or Retry-After for a refresh, so this is
 * what a new tenant's first poll waits for.
 */
function typicalRefreshMs(db, sample = 20) {
    return medianRecentDurationMs(db, 'refresh_runs', 'Completed', sample);
}

;// CONCATENATED MODULE: ./src/registry/capacity-assignments.ts

/** Records one assignment; the same activity id read again updates its row. */
async function recordCapacityAssignment(db, run) {
    await db.query(`INSERT INTO capacity_assignments (tenant, activity_id, capacity_id, state, started_at, ended_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (tenant, activity_id) DO UPDATE
       SET capacity_id = excluded.capacity_id, state = excluded.state, started_at = excluded.started_at, ended_at = excluded.ended_at, recorded_at = now()`, [run.tenant, run.activityId.toLowerCase(), run.capacityId.toLowerCase(), run.state, run.startTime, run.endTime ?? null]);
}
/**
 * How long a capacity assignment takes across the fleet: the median of the last `sample` completed
 * ones of any tenant, or undefined before the first. Power BI gives no estimate, so this is what a
 * new tenant's first status poll waits for.
 */
function typicalCapacityAssignmentMs(db, sample = 20) {
    return medianRecentDurationMs(db, 'capacity_assignments', 'CompletedSuccessfully', sample);
}

;// CONCATENATED MODULE: ./src/registry/backup.ts
// Registry backups: every table of the registry in one document, sealed as a whole under the
// registry's current key (AES-256-GCM, the envelope's cipher), so a backup file reveals nothing —
// not even tenant names. The secrets inside stay exactly as sealed: a restore copies envelopes, it
// never opens them. Tables are found in the catalog, so tables later migrations add are covered.
//
// A restore decrypts and checks everything before it writes, then writes in one transaction: a
// wrong key, a tampered file or a backup from a newer registry changes nothing.






const BACKUP_FORMAT = 'tenantops-registry-backup';
const BACKUP_VERSION = 1;
const BACKUP_AAD = `${BACKUP_FORMAT}/v${BACKUP_VERSION}`;
/** Append-only (its triggers refuse DELETE and TRUNCATE): a forced restore adds to it, never replaces it. */
const APPEND_ONLY = 'audit_log';
/** Seals every table of the registry into one backup file's text. */
async function backupRegistry(pool, keyring) {
    // One snapshot of every table, so rows that reference each other are consistent.
    const document = await (0,pg/* inTransaction */.sA)(pool, async (db) => {
        await db.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const tables = [];
        for (const name of await tablesInOrder(db)) {
            const columns = await insertableColumns(db, name);
            // Generated columns come along here and are left out on the way back in (`columns`).
            const { rows } = await db.query(`SELECT row_to_json(t) AS row FROM ${(0,pg/* ident */.bD)(name)} t`);
            tables.push({ name, columns, rows: rows.map((r) => r.row) });
        }
        const { rows } = await db.query(`SELECT version FROM ${MIGRATIONS_TABLE} ORDER BY version`);
        return { createdAt: new Date().toISOString(), migrations: rows.map((r) => r.version), tables };
    });
    const key = keyring.current;
    const iv = (0,external_node_crypto_.randomBytes)(12);
    const cipher = (0,external_node_crypto_.createCipheriv)('aes-256-gcm', key.key, iv);
    cipher.setAAD(Buffer.from(BACKUP_AAD, 'utf8'));
    const ct = Buffer.concat([cipher.update(JSON.stringify(document), 'utf8'), cipher.final()]);
    const sealed = { format: BACKUP_FORMAT, version: BACKUP_VERSION, kid: key.id, iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
    return { text: `${JSON.stringify(sealed)}\n`, summary: backup_summarise(document, key.id) };
}
/**
 * Restores a backup into the registry (migrated to at least the backup's migrations). Refuses a
 * registry that holds anything unless `force`, which replaces every table but the append-only
 * audit log (the backup's audit rows are added to it). Nothing is written unless all of it is.
 */
async function restoreRegistry(pool, keyring, text, options) {
    const document = openBackup(text, keyring, options.file);
    return (0,pg/* inTransaction */.sA)(pool, async (db) => {
        // Nobody writes while the tables are compared and replaced.
        const current = await tablesInOrder(db);
        await db.query(`LOCK TABLE ${current.map(pg/* ident */.bD).join(', ')} IN ACCESS EXCLUSIVE MODE`);
        const { rows: applied } = await db.query(`SELECT version FROM ${MIGRATIONS_TABLE}`);
        const known = new Set(applied.map((r) => r.version));
        const missing = document.migrations.filter((m) => !known.has(m));
        if (missing.length) {
            throw new errors/* EnvironmentError */.eG(`${options.file}: the backup was taken from a registry with migration(s) ${missing.join(', ')}, which this registry lacks; run a tenantops that has them (it migrates the registry first)`);
        }
        const unknown = document.tables.filter((t) => !current.includes(t.name)).map((t) => t.name);
        if (unknown.length)
            throw new errors/* EnvironmentError */.eG(`${options.file}: the backup holds table(s) ${unknown.join(', ')} that this registry does not have`);
        const occupied = [];
        for (const name of current) {
            const { rows } = await db.query(`SELECT count(*) AS n FROM ${(0,pg/* ident */.bD)(name)}`);
            if (Number(rows[0].n) > 0)
                occupied.push(`${name} (${rows[0].n})`);
        }
        if (occupied.length && !options.force) {
            throw new errors/* EnvironmentError */.eG(`the registry is not empty (${occupied.join(', ')}); restoring would replace it: pass --force to replace it with ${options.file}`);
        }
        for (const name of [...current].reverse()) {
            if (name !== APPEND_ONLY)
                await db.query(`DELETE FROM ${(0,pg/* ident */.bD)(name)}`);
        }
        for (const table of document.tables)
            await insertRows(db, table);
        const summary = backup_summarise(document, JSON.parse(text).kid);
        await appendAudit(db, { actor: options.actor, action: 'registry.restore', target: 'registry', after: { createdAt: document.createdAt, rows: summary.rows, replaced: occupied.length > 0 } });
        return { ...summary, replaced: occupied.length > 0 };
    });
}
/** Opens and checks a backup file's text; every refusal says what is wrong, never a secret. */
function openBackup(text, keyring, file) {
    let sealed;
    try {
        sealed = JSON.parse(text);
    }
    catch {
        throw new errors/* EnvironmentError */.eG(`${file} is not a tenantops registry backup: it is not JSON`);
    }
    if (sealed?.format !== BACKUP_FORMAT)
        throw new errors/* EnvironmentError */.eG(`${file} is not a tenantops registry backup (no "format": "${BACKUP_FORMAT}")`);
    if (sealed.version !== BACKUP_VERSION)
        throw new errors/* EnvironmentError */.eG(`${file}: backup version ${String(sealed.version)} is not supported; allowed: ${BACKUP_VERSION}`);
    if (typeof sealed.kid !== 'string' || typeof sealed.iv !== 'string' || typeof sealed.tag !== 'string' || typeof sealed.ct !== 'string') {
        throw new errors/* EnvironmentError */.eG(`${file} is damaged: "kid", "iv", "tag" and "ct" must be strings`);
    }
    const key = keyring.keys.get(sealed.kid);
    if (!key) {
        throw new errors/* EnvironmentError */.eG(`${file} was sealed with key id "${sealed.kid}", which is neither ${ENCRYPTION_KEY_VARIABLE} nor in ${OLD_ENCRYPTION_KEYS_VARIABLE}; provide that key`);
    }
    const iv = Buffer.from(sealed.iv, 'base64');
    const tag = Buffer.from(sealed.tag, 'base64');
    if (iv.length !== 12 || tag.length !== 16)
        throw new errors/* EnvironmentError */.eG(`${file} is damaged: bad iv or tag length`);
    let plain;
    try {
        const decipher = (0,external_node_crypto_.createDecipheriv)('aes-256-gcm', key.key, iv, { authTagLength: 16 });
        decipher.setAAD(Buffer.from(BACKUP_AAD, 'utf8'));
        decipher.setAuthTag(tag);
        plain = Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]).toString('utf8');
    }
    catch {
        throw new errors/* EnvironmentError */.eG(`${file} cannot be opened with key id "${sealed.kid}": the key under that id is not the one that sealed it, or the file was altered; nothing was restored`);
    }
    // Authenticated, so it is what backupRegistry wrote.
    return JSON.parse(plain);
}
async function insertRows(db, table) {
    if (!table.rows.length)
        return;
    const have = new Set(await insertableColumns(db, table.name));
    const columns = table.columns.filter((c) => have.has(c));
    const list = columns.map(pg/* ident */.bD).join(', ');
    const identity = await identityColumns(db, table.name);
    const overriding = columns.some((c) => identity.includes(c)) ? 'OVERRIDING SYSTEM VALUE' : '';
    const conflict = table.name === APPEND_ONLY ? 'ON CONFLICT DO NOTHING' : '';
    await db.query(`INSERT INTO ${(0,pg/* ident */.bD)(table.name)} (${list}) ${overriding}
     SELECT ${list} FROM json_populate_recordset(NULL::${(0,pg/* ident */.bD)(table.name)}, $1::json) ${conflict}`, [JSON.stringify(table.rows)]);
    // Identity columns carry on after the restored ids.
    for (const column of identity.filter((c) => columns.includes(c))) {
        await db.query(`SELECT setval(pg_get_serial_sequence($1, $2), greatest((SELECT max(${(0,pg/* ident */.bD)(column)}) FROM ${(0,pg/* ident */.bD)(table.name)}), 1))`, [table.name, column]);
    }
}
/** The registry's tables (its schema on the search path), referenced ones first; never the migrations table. */
async function tablesInOrder(db) {
    const { rows: tables } = await db.query(`SELECT c.relname AS name FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> $1 ORDER BY 1`, [MIGRATIONS_TABLE]);
    const { rows: refs } = await db.query(`SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent FROM pg_constraint c
      WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`);
    const names = tables.map((t) => t.name);
    const ordered = [];
    const visit = (name, path) => {
        if (ordered.includes(name) || path.includes(name))
            return;
        for (const r of refs)
            if (r.child === name && r.parent !== name && names.includes(r.parent))
                visit(r.parent, [...path, name]);
        ordered.push(name);
    };
    for (const name of names)
        visit(name, []);
    return ordered;
}
/** Columns a row can be inserted with: generated ones are computed again. */
async function insertableColumns(db, table) {
    const { rows } = await db.query(`SELECT column_name AS name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`, [table]);
    return rows.map((r) => r.name);
}
async function identityColumns(db, table) {
    const { rows } = await db.query(`SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'YES'`, [table]);
    return rows.map((r) => r.name);
}
function backup_summarise(document, keyId) {
    return {
        createdAt: document.createdAt,
        keyId,
        migrations: document.migrations.length,
        rows: Object.fromEntries(document.tables.map((t) => [t.name, t.rows.length])),
    };
}

;// CONCATENATED MODULE: ./src/registry/offboarding.ts
// What offboarding keeps in the registry: the record of each export (made before anything is
// deleted), and the removal of a tenant's rows once its resources are gone. The tenants row stays
// as a tombstone (lifecycle decommissioned) with its deployments and the audit log, so the run
// history and the deletion certificate keep what they refer to and the code is not reused by
// accident; every other row naming the tenant goes, whichever migration added its table.


async function recordExport(db, input) {
    const { rows } = await db.query(`INSERT INTO offboarding_exports (tenant, location, manifest, manifest_sha256, created_by, github_run)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING id, tenant, location, manifest, manifest_sha256 AS "manifestSha256", created_by AS "createdBy", github_run AS "githubRun", created_at AS "createdAt"`, [input.tenant, input.location, JSON.stringify(input.manifest), input.manifestSha256, input.createdBy, input.githubRun ?? null]);
    return rows[0];
}
async function listExports(db, tenant) {
    const { rows } = await db.query(`SELECT id, tenant, location, manifest, manifest_sha256 AS "manifestSha256", created_by AS "createdBy", github_run AS "githubRun", created_at AS "createdAt"
       FROM offboarding_exports WHERE tenant = $1 ORDER BY created_at, id`, [tenant]);
    return rows;
}
/** Run history: kept with the tombstone. */
const KEPT = new Set(['tenants', 'deployments', 'deployment_steps', 'audit_log']);
/**
 * Deletes every row naming the tenant in a table with a foreign key to tenants (children before
 * the tables they reference), in one transaction, and marks the tenant decommissioned. Returns
 * the rows deleted per table.
 */
async function deleteTenantRows(registry, tenant) {
    return (0,pg/* inTransaction */.sA)(registry, async (client) => {
        const { rows: refs } = await client.query(`SELECT n.nspname AS schema, r.relname AS "table", a.attname AS "column",
              coalesce((SELECT array_agg(DISTINCT pr.relname::text) FROM pg_constraint p JOIN pg_class pr ON pr.oid = p.confrelid
                         WHERE p.conrelid = c.conrelid AND p.contype = 'f' AND p.confrelid <> c.confrelid), '{}') AS parents
         FROM pg_constraint c
         JOIN pg_class r ON r.oid = c.conrelid
         JOIN pg_namespace n ON n.oid = r.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = 'tenants'::regclass AND array_length(c.conkey, 1) = 1`);
        const tables = refs.filter((r) => !KEPT.has(r.table));
        const deleted = {};
        for (const ref of childrenFirst(tables)) {
            const result = await client.query(`DELETE FROM ${(0,pg/* qualified */.LX)(ref.schema, ref.table)} WHERE ${(0,pg/* ident */.bD)(ref.column)} = $1`, [tenant]);
            deleted[ref.table] = result.rowCount ?? 0;
        }
        await client.query(`UPDATE tenants SET lifecycle = 'decommissioned', updated_at = now() WHERE code = $1`, [tenant]);
        return deleted;
    });
}
function childrenFirst(tables) {
    const names = new Set(tables.map((t) => t.table));
    const ordered = [];
    const done = new Set();
    let pending = [...tables].sort((a, b) => a.table.localeCompare(b.table));
    while (pending.length) {
        // A table goes once no other pending table references it.
        const ready = pending.filter((t) => !pending.some((o) => o !== t && o.parents.includes(t.table) && names.has(o.table) && !done.has(o.table)));
        if (!ready.length)
            throw new errors/* InternalError */.Gd(`registry tables naming tenants reference one another in a cycle: ${pending.map((t) => t.table).join(', ')}`);
        for (const t of ready) {
            ordered.push(t);
            done.add(t.table);
        }
        pending = pending.filter((t) => !done.has(t.table));
    }
    return ordered;
}

;// CONCATENATED MODULE: ./src/registry/index.ts
// The registry: the platform's application database (PostgreSQL). Tenants and their lifecycle
// status (the one table of allowed moves), the ids of what was provisioned for them, report
// mappings, users, modules with their features and report links, data stores, encrypted secrets,
// the deployment journal, an append-only audit log, super users' invitations and the mail outbox;
// its own migrations in templates/registry; and the `registry` capability, which plans the
// registry's record of a tenant like any resource; fleet rollouts and the identities' shared rate
// budgets; each tenant's last drift check and its model refreshes' and capacity assignments' durations.

























/***/ }),

/***/ 99619:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Xd: () => (/* reexport */ addFinding),
  au: () => (/* reexport */ didYouMean),
  ki: () => (/* reexport */ formatList),
  jV: () => (/* reexport */ formatPath),
  oV: () => (/* reexport */ locatePath),
  lx: () => (/* reexport */ missingKeys),
  WF: () => (/* reexport */ parseYamlSource),
  df: () => (/* reexport */ positionOf),
  LD: () => (/* reexport */ readList),
  vh: () => (/* reexport */ readMapping),
  E3: () => (/* reexport */ readString),
  y6: () => (/* reexport */ suggestClosest),
  C6: () => (/* reexport */ toPlainData),
  a: () => (/* reexport */ unknownKey)
});

// UNUSED EXPORTS: MAX_EXPANDED_NODES, MAX_FILE_BYTES, editDistance, parsePath

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/yaml/did-you-mean.ts
// "Did you mean" suggestions for misspelt keys, module names and the like: the closest candidate
// by edit distance, when it is close enough to be a plausible typo rather than a different word.
// One helper for every file kind, so tenant files and the catalog phrase hints the same way.
/** Levenshtein distance, with a transposition of neighbours counted as one edit (Damerau, OSA). */
function editDistance(a, b) {
    const rows = a.length + 1;
    const cols = b.length + 1;
    const d = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i < rows; i++) {
        for (let j = 1; j < cols; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length];
}
/**
 * The candidate closest to `input` (case-insensitively), or undefined when none is within a third
 * of the input's length (at least one edit, at most three).
 */
function suggestClosest(input, candidates) {
    const needle = input.toLowerCase();
    const limit = Math.min(3, Math.max(1, Math.floor(needle.length / 3)));
    let best;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(needle, candidate.toLowerCase());
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return bestDistance <= limit ? best : undefined;
}
/**
 * The hint a message puts right after what is wrong: ` (did you mean "x"?)`, or '' when nothing is
 * close. In parentheses so every finding keeps its `what is wrong; what is allowed` shape.
 */
function didYouMean(input, candidates) {
    const close = suggestClosest(input, candidates);
    return close && close !== input ? ` (did you mean ${JSON.stringify(close)}?)` : '';
}

;// CONCATENATED MODULE: ./src/yaml/messages.ts
// The messages of YAML-level faults and of mapping, list and text checks, shared by every file kind
// (tenant files, platform.yaml, the catalog): one line, `what is wrong; what is allowed`. `what`
// names the file kind (`a tenant file`, `the catalog`); `parent` is a path or a description of the
// mapping (`providers`, `a report entry`), empty at the top level.

/** `a, b, c`, or `none` for an empty list (a message never ends in a bare colon). */
function formatList(values) {
    return values.length ? values.join(', ') : 'none';
}
function inParent(parent) {
    return parent ? ` in ${parent}` : '';
}
// ---- the file as YAML -------------------------------------------------------------------------
function yamlSyntax(parserMessage) {
    // The parser appends "at line L, column C" and a source excerpt; the finding has the position.
    const first = parserMessage.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '').replace(/[.:]\s*$/, '');
    return `invalid YAML: ${first}; the file must parse as YAML before anything else is checked`;
}
function yamlWarning(parserMessage) {
    return `unsupported YAML: ${parserMessage.split('\n')[0]}; allowed: plain mappings, lists and values without tags`;
}
function multipleDocuments(what) {
    return `more than one YAML document ("---" separator); ${what} holds exactly one`;
}
function emptyFile(what, required) {
    return `the file is empty; ${what} is a mapping with the keys ${formatList(required)}`;
}
function notAMapping(what, found) {
    return `the top level is ${found}; ${what} must be a mapping of keys (key: value)`;
}
function nestedTooDeep(limit) {
    return `the YAML nests more than ${limit} levels deep here; allowed: at most ${limit} levels (lists and mappings inside each other)`;
}
function fileTooLarge(size, limit) {
    return `the file is ${size} bytes long; allowed: at most ${limit} bytes`;
}
function aliasBomb(limit) {
    return `YAML aliases would expand this file to more than ${limit} values (an alias bomb); refused without expanding; allowed: aliases expanding to at most ${limit} values`;
}
function unresolvedAlias(name) {
    return `alias *${name} refers to no anchor &${name} before it; define the anchor first or write the value out`;
}
function recursiveAlias(name) {
    return `alias *${name} refers to a node that contains it (a cycle); allowed: aliases to complete values`;
}
function duplicateKey(key, parent, firstLine) {
    return `duplicate key ${JSON.stringify(key)}${inParent(parent)} (first at line ${firstLine}); a key may appear only once in a mapping`;
}
function complexKey(parent) {
    return `a key${inParent(parent)} is a list or mapping; allowed: plain names as keys`;
}
// ---- keys of a mapping ------------------------------------------------------------------------
function unknownKey(key, parent, allowed) {
    return `unknown key ${JSON.stringify(key)}${inParent(parent)}${didYouMean(key, allowed)}; allowed: ${formatList(allowed)}`;
}
function missingKeys(parent, missing, required, condition) {
    const keys = missing.map((k) => JSON.stringify(k)).join(', ');
    const what = `missing required key${missing.length > 1 ? 's' : ''} ${keys}${inParent(parent)}`;
    return condition ? `${what}; required ${condition}` : `${what}; required: ${formatList(required)}`;
}
// ---- values read from the tree ----------------------------------------------------------------
function notAMappingValue(what, allowed) {
    return `${what} is not a mapping; allowed: a mapping with ${formatList(allowed)}`;
}
function notAList(what, allowed) {
    return `${what} is not a list; allowed: ${allowed}`;
}
function emptyValue(what, allowed) {
    return `${what} is empty; allowed: ${allowed}`;
}
function notText(what, value, allowed) {
    return `${what} is not text (${JSON.stringify(value)}); allowed: ${allowed}`;
}
function aliasNotAllowed() {
    return 'an alias (*name) is not allowed here; allowed: the value written out in full';
}

;// CONCATENATED MODULE: ./src/yaml/aliases.ts
// Alias safety measured on the tree, never by expanding it: an alias to nothing, an alias inside
// the node it names (a cycle), and aliases that would blow a small file up (a billion-laughs bomb).


/** Aliases may expand a file to at most this many nodes; real files stay far below. */
const MAX_EXPANDED_NODES = 10_000;
/**
 * Measures, without expanding, how many nodes the document would have with every alias replaced
 * by its anchor's content. One pass in document order: an anchor's size is known when its node is
 * complete, so an alias to a node still being walked is a cycle.
 */
function checkAliases(root) {
    const anchors = new Map();
    const sizes = new Map();
    let firstAlias;
    let problem;
    const size = (node) => {
        if (problem || node === null || node === undefined)
            return 0;
        if ((0,dist/* isAlias */.Vj)(node)) {
            firstAlias ??= node;
            const offset = node.range?.[0] ?? 0;
            const target = anchors.get(node.source);
            if (!target) {
                problem = { offset, message: unresolvedAlias(node.source) };
                return 0;
            }
            const known = sizes.get(target);
            if (known === undefined) {
                problem = { offset, message: recursiveAlias(node.source) };
                return 0;
            }
            return known;
        }
        if ((0,dist/* isPair */.tO)(node))
            return size(node.key) + size(node.value);
        const n = node;
        if (n.anchor)
            anchors.set(n.anchor, n);
        let total = 1;
        if ((0,dist/* isMap */.jh)(n) || (0,dist/* isSeq */.oP)(n)) {
            for (const item of n.items)
                total = Math.min(total + size(item), Number.MAX_SAFE_INTEGER);
        }
        sizes.set(n, total);
        return total;
    };
    const total = size(root);
    if (problem)
        return problem;
    if (total > MAX_EXPANDED_NODES && firstAlias) {
        return { offset: firstAlias.range?.[0] ?? 0, message: aliasBomb(MAX_EXPANDED_NODES) };
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/yaml/depth.ts
// How deep a YAML text nests, found before parsing: the parser and every walk over its tree recurse,
// so 50,000 nested `[` ended in "Maximum call stack size exceeded" instead of a finding. A scan of
// the text is approximate on purpose (it counts flow brackets outside quotes and comments, and
// block levels by indentation and `- ` markers) and errs towards counting more, never fewer.
/** Far above any real file (a tenant file nests 4 levels), far below what recursion can take. */
const MAX_DEPTH = 64;
/** The offset at which the text first nests deeper than `limit`, or undefined. */
function findTooDeep(text, limit = MAX_DEPTH) {
    const indents = [];
    let flow = 0;
    let lineStart = true;
    let indent = 0;
    let quote;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quote) {
            if (ch === '\\' && quote === '"')
                i++;
            else if (ch === quote)
                quote = undefined;
            else if (ch === '\n' && flow === 0)
                quote = undefined;
            continue;
        }
        if (ch === '\n') {
            lineStart = true;
            indent = 0;
            continue;
        }
        if (lineStart) {
            if (ch === ' ') {
                indent++;
                continue;
            }
            lineStart = false;
            if (flow === 0 && ch !== '#') {
                while (indents.length && indents.at(-1) >= indent)
                    indents.pop();
                indents.push(indent);
            }
        }
        if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
            const end = text.indexOf('\n', i);
            i = (end < 0 ? text.length : end) - 1;
            continue;
        }
        if (ch === '"' || ch === "'")
            quote = ch;
        else if (ch === '[' || ch === '{')
            flow++;
        else if ((ch === ']' || ch === '}') && flow > 0)
            flow--;
        // `- - - x` opens one block level per marker on a single line.
        else if ((ch === '-' || ch === '?') && flow === 0 && text[i + 1] === ' ')
            indents.push(indent + i);
        if (flow + indents.length > limit)
            return i;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/yaml/source.ts
// A parsed YAML file as every check sees it: its text, its tree and the line counter that turns an
// offset into `line:col`. Held only while one file is checked; results keep positions, not trees.

/** The 1-based position of a node's start, or of an offset into the text. */
function positionOf(source, at) {
    return source.lineCounter.linePos(typeof at === 'number' ? at : (at.range?.[0] ?? 0));
}
function findingAt(source, at, message) {
    return { file: source.file, ...positionOf(source, at), message };
}
/** A pair's key as the data will name it; undefined for a key that is a list or mapping. */
function keyText(pair) {
    return (0,dist/* isScalar */.jn)(pair.key) ? String(pair.key.value) : undefined;
}

;// CONCATENATED MODULE: ./src/yaml/keys.ts
// Keys the data model cannot hold faithfully: a key given twice in one mapping (the data would
// silently keep the last) and a key that is a list or mapping (the data would stringify it).


function findKeyFaults(node, path) {
    const out = [];
    if ((0,dist/* isMap */.jh)(node)) {
        const seen = new Map();
        for (const pair of node.items) {
            const key = keyText(pair);
            if (key === undefined) {
                if (pair.key)
                    out.push({ path, key: pair.key });
                continue;
            }
            const prior = seen.get(key);
            if (prior && pair.key)
                out.push({ path: [...path, key], key: pair.key, first: prior });
            else if (pair.key)
                seen.set(key, pair.key);
            out.push(...findKeyFaults(pair.value, [...path, key]));
        }
    }
    else if ((0,dist/* isSeq */.oP)(node)) {
        node.items.forEach((item, i) => out.push(...findKeyFaults(item, [...path, i])));
    }
    return out;
}

;// CONCATENATED MODULE: ./src/yaml/path.ts
// Paths into a YAML file (`superUsers[1].email`) and the line:col they point at, so a check that
// works on plain data can still report where in the file its finding belongs.


/**
 * The 1-based position of the key or value at `path`. When the path leads nowhere (a missing
 * property), the deepest existing key on the way is returned: for a missing required property
 * that is the key of the mapping that lacks it; at the top level, the start of the mapping.
 */
function locatePath(source, path, target) {
    const segments = typeof path === 'string' ? parsePath(path) : path;
    let node = source.doc.contents;
    let offset = node?.range?.[0] ?? 0;
    for (let i = 0; i < segments.length; i++) {
        if ((0,dist/* isAlias */.Vj)(node))
            node = node.resolve(source.doc);
        const seg = segments[i];
        const last = i === segments.length - 1;
        if ((0,dist/* isMap */.jh)(node)) {
            // The last pair wins, as it does when the document becomes data.
            const pair = node.items.findLast((p) => keyText(p) === String(seg));
            if (!pair)
                break;
            offset = pair.key?.range?.[0] ?? offset;
            if (last && target === 'key')
                break;
            node = pair.value;
            const value = node;
            if (last && value?.range && !((0,dist/* isScalar */.jn)(value) && value.value === null && value.range[0] === value.range[1])) {
                offset = value.range[0];
            }
        }
        else if ((0,dist/* isSeq */.oP)(node) && typeof seg === 'number' && seg < node.items.length) {
            node = node.items[seg];
            offset = node?.range?.[0] ?? offset;
        }
        else {
            break;
        }
    }
    return source.lineCounter.linePos(offset);
}
/** `superUsers[1].email` → `['superUsers', 1, 'email']`; `clusters["a.b"].port` also works. */
function parsePath(text) {
    const out = [];
    const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
    for (const m of text.matchAll(re)) {
        if (m[1] !== undefined)
            out.push(m[1]);
        else if (m[2] !== undefined)
            out.push(Number(m[2]));
        else
            out.push(JSON.parse(`"${m[3]}"`));
    }
    return out;
}
/**
 * The inverse of parsePath: the path as messages show it. `showKey` writes a key that is not a
 * plain name inside its brackets; a message about a secret passes one that hides it.
 */
function formatPath(path, showKey = JSON.stringify) {
    let out = '';
    for (const seg of path) {
        if (typeof seg === 'number')
            out += `[${seg}]`;
        else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg))
            out += out ? `.${seg}` : seg;
        else
            out += `[${showKey(seg)}]`;
    }
    return out;
}

;// CONCATENATED MODULE: ./src/yaml/load.ts
// The one loader of the repository's YAML files (tenant files, platform.yaml, the catalog): text in,
// a positioned tree and findings out. YAML-level faults (size, syntax, several documents, tags,
// an empty file, a top level that is not a mapping, unsafe aliases, duplicate and complex keys)
// nesting deep enough to exhaust the stack, become findings here, before any file-specific check runs, and with the same words for every file.







/** Files larger than this are refused before parsing (a tenant file is a few hundred bytes). */
const MAX_FILE_BYTES = 1024 * 1024;
function parseYamlSource(text, file, kind) {
    const { what } = kind;
    if (text.length > MAX_FILE_BYTES)
        return { findings: [{ file, line: 1, col: 1, message: fileTooLarge(text.length, MAX_FILE_BYTES) }] };
    const lineCounter = new dist/* LineCounter */.HN();
    const tooDeep = findTooDeep(text);
    if (tooDeep !== undefined) {
        for (let i = 0; i < text.length; i++)
            if (text.charCodeAt(i) === 10)
                lineCounter.addNewLine(i + 1);
        return { findings: [{ file, ...lineCounter.linePos(tooDeep), message: nestedTooDeep(MAX_DEPTH) }] };
    }
    // uniqueKeys off: duplicates are found below, where both positions are known for the message.
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: false, logLevel: 'error' });
    const source = { file, text, doc, lineCounter };
    const findings = [];
    const stop = (at, message) => ({ source, findings: [...findings, findingAt(source, at, message)] });
    // The first syntax error only: later ones are usually consequences of it.
    const error = doc.errors[0];
    if (error)
        return stop(error.pos[0], error.code === 'MULTIPLE_DOCS' ? multipleDocuments(what) : yamlSyntax(error.message));
    for (const w of doc.warnings)
        findings.push(findingAt(source, w.pos[0], yamlWarning(w.message)));
    const root = doc.contents;
    if (root === null || ((0,dist/* isScalar */.jn)(root) && root.value === null))
        return stop(0, emptyFile(what, kind.required));
    if (!(0,dist/* isMap */.jh)(root)) {
        const found = (0,dist/* isSeq */.oP)(root) ? 'a list' : (0,dist/* isAlias */.Vj)(root) ? 'an alias' : `a single value`;
        return stop(root.range?.[0] ?? 0, notAMapping(what, found));
    }
    const aliasProblem = checkAliases(root);
    if (aliasProblem)
        return stop(aliasProblem.offset, aliasProblem.message);
    for (const fault of findKeyFaults(root, [])) {
        const message = fault.first
            ? duplicateKey(String(fault.path.at(-1)), formatPath(fault.path.slice(0, -1)), positionOf(source, fault.first).line)
            : complexKey(formatPath(fault.path));
        findings.push(findingAt(source, fault.key, message));
    }
    return { source, root, findings };
}
/**
 * The file as plain data (aliases expanded, the last of duplicate keys kept), for checks that work
 * on data; undefined when the YAML is not sound, or after adding a finding when it cannot be built.
 */
function toPlainData(parsed) {
    if (!parsed.root)
        return undefined;
    try {
        return parsed.source.doc.toJS({ maxAliasCount: MAX_EXPANDED_NODES });
    }
    catch (err) {
        parsed.findings.push(findingAt(parsed.source, parsed.root, yamlSyntax(err.message)));
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/yaml/read-nodes.ts
// Reading a file's values straight from its positioned tree, for files checked by hand rather than
// by a JSON Schema (the catalog): each reader returns what it found or adds a finding at the exact
// key or value and returns undefined. Aliases are refused where a value is read: such files are
// written out in full, so an alias there is a mistake, not a shorthand.




function addFinding(src, at, message) {
    src.findings.push(findingAt(src.source, at, message));
}
/**
 * Checks that `node` is a mapping with only the allowed keys and every required one; returns its
 * entries by key, or undefined (with a finding) when it is not a mapping. `parent` positions the
 * finding when `node` is absent (an empty value). A required key that a misspelt key stands for
 * is not reported missing as well: one fault, one finding.
 */
function readMapping(src, node, what, keys, parent) {
    const allowed = [...keys.required, ...(keys.optional ?? [])];
    if (!node || !(0,dist/* isMap */.jh)(node)) {
        if (!refuseAlias(src, node))
            addFinding(src, node ?? parent ?? 0, notAMappingValue(what, allowed));
        return undefined;
    }
    const entries = new Map();
    const meant = new Set();
    for (const pair of node.items) {
        // A key that is a list or mapping was reported by the loader.
        const key = keyText(pair);
        if (key === undefined)
            continue;
        if (!allowed.includes(key)) {
            addFinding(src, pair.key, unknownKey(key, what, allowed));
            meant.add(suggestClosest(key, allowed));
            continue;
        }
        // The loader reported a duplicate key; keep the first.
        if (!entries.has(key))
            entries.set(key, { key: pair.key, value: pair.value ?? null });
    }
    const missing = keys.required.filter((name) => !entries.has(name) && !meant.has(name));
    if (missing.length)
        addFinding(src, node, missingKeys(what, missing, keys.required));
    return entries;
}
/** The items of a list, or undefined (with a finding) when `entry` is not a list. */
function readList(src, entry, what, allowed) {
    const node = entry.value;
    if (!node || !(0,dist/* isSeq */.oP)(node)) {
        if (!refuseAlias(src, node))
            addFinding(src, node ?? entry.key, notAList(what, allowed));
        return undefined;
    }
    return node.items;
}
/** A non-empty string value, or undefined (with a finding). */
function readString(src, entry, what, allowed) {
    const node = entry.value;
    if (refuseAlias(src, node))
        return undefined;
    if (!node || !(0,dist/* isScalar */.jn)(node) || node.value === null || node.value === '') {
        addFinding(src, node ?? entry.key, emptyValue(what, allowed));
        return undefined;
    }
    if (typeof node.value !== 'string') {
        addFinding(src, node, notText(what, node.value, allowed));
        return undefined;
    }
    return node.value;
}
function refuseAlias(src, node) {
    if (!node || !(0,dist/* isAlias */.Vj)(node))
        return false;
    addFinding(src, node, aliasNotAllowed());
    return true;
}

;// CONCATENATED MODULE: ./src/yaml/index.ts
// yaml: the one loader of the repository's YAML files with source positions — YAML-level faults as
// findings, paths mapped to line:col, readers for files checked node by node, and the one
// did-you-mean. It knows no file kind's rules: config and catalog bring those.









/***/ })

};
