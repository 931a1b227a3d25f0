// Writes templates/reports.yaml, the catalog of the template workspace's 400 reports, from the
// provider combinations below. Deterministic (a fixed-seed generator, no clock, no Math.random):
// test/catalog/generator.test.ts checks that this output and the committed file are identical.
//
//   npx node scripts/generate-catalog.ts            rewrite templates/reports.yaml
//   npx node scripts/generate-catalog.ts --check    exit 1 when the committed file differs

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrng } from '../src/random/index.ts';

interface Persona {
  name: string;
  module: string;
  /** Only meaningful with an HR system (staff data), so only under -HR provider codes. */
  hrOnly?: boolean;
}

const PERSONAS: Persona[] = [
  ...group('operations', ['Operations Leader', 'Operations Dashboard', 'Tutor Caseload', 'Delivery Manager', 'Enrolment Pipeline', 'Withdrawals Tracker', 'Break in Learning Tracker', 'Employer Engagement', 'Centre Manager', 'Planned End Dates']),
  ...group('quality', ['Quality Manager', 'Ofsted Readiness', 'Observation of Teaching', 'Learner Voice', 'Self Assessment Report', 'Quality Improvement Plan', 'Tutor Performance', 'Curriculum Manager']),
  ...group('finance', ['Finance Director', 'ILR Funding Summary', 'Funding Forecast', 'Levy Account Tracker', 'Co-investment Tracker', 'Completion Payments', 'Employer Invoicing', 'Payments Reconciliation']),
  ...group('sales', ['Sales Manager', 'Sales Pipeline', 'Lead Conversion', 'Employer Prospects', 'Account Manager', 'Recruitment Funnel', 'Marketing Campaigns']),
  ...group('compliance', ['Compliance Officer', 'Safeguarding Lead', 'OTJ Hours Tracker', 'Evidence Audit', 'ILR Data Quality', 'Eligibility Checks', 'Prevent Duty Tracker', 'Subcontractor Monitoring', 'Contract Compliance']),
  ...group('learner-progress', ['Learner Progress Overview', 'Progress Reviews', 'English and Maths Progress', 'Functional Skills Results', 'Initial Assessment Results', 'Gateway Readiness', 'End Point Assessment Tracker', 'Achievement Rates', 'At Risk Learners', 'Learner Journey']),
  ...group('operations', ['Staff Utilisation', 'Tutor Workforce Planning'], true),
  ...group('compliance', ['Staff Training Records', 'DBS Checks Tracker'], true),
];

interface Combination {
  code: string;
  /** Distinct reports (personas) under this code. */
  reports: number;
  /** Catalog entries under this code: the reports plus their older versions. */
  entries: number;
  /** Exact version histories (oldest first) for reports the tests lean on. */
  pinned?: Record<string, string[]>;
}

// acme-training (APTEM-BKSB-HUBSPOT) must match 42 reports and beta-corp (BUD-FUNC-SF) 35. The
// pinned histories hold the traps: v1.9 → v1.10, v1.12 → v2.0, and -HR codes that carry a
// newer version of a report a tenant without that HR system must not get.
const COMBINATIONS: Combination[] = [
  {
    code: 'APTEM-BKSB-HUBSPOT', reports: 42, entries: 60,
    pinned: {
      'Operations Leader': ['1.0', '1.1', '1.2'],
      'OTJ Hours Tracker': ['1.8', '1.9', '1.10'],
      'Finance Director': ['1.11', '1.12', '2.0'],
      'Learner Progress Overview': ['2.0', '2.1'],
    },
  },
  {
    code: 'BUD-FUNC-SF', reports: 35, entries: 48,
    pinned: { 'Tutor Caseload': ['1.9', '1.10'], 'Quality Manager': ['0.9', '1.0'], 'Sales Manager': ['1.2', '1.3', '1.4'] },
  },
  { code: 'APTEM-BKSB-HUBSPOT-BREATHE', reports: 22, entries: 28, pinned: { 'Operations Leader': ['1.3'], 'OTJ Hours Tracker': ['1.11'] } },
  { code: 'BUD-FUNC-SF-CIPHR', reports: 16, entries: 19, pinned: { 'Tutor Caseload': ['2.0'] } },
  { code: 'APTEM-BKSB-SF', reports: 24, entries: 28 },
  { code: 'APTEM-FUNC-HUBSPOT', reports: 20, entries: 24 },
  { code: 'BUD-BKSB-HUBSPOT', reports: 22, entries: 26 },
  { code: 'BUD-FUNC-HUBSPOT', reports: 18, entries: 21 },
  { code: 'ONEFILE-BKSB-HUBSPOT', reports: 25, entries: 30 },
  { code: 'ONEFILE-FUNC-SF', reports: 20, entries: 23 },
  { code: 'ONEFILE-ESKILLS-DYNAMICS', reports: 18, entries: 21 },
  { code: 'SMARTAPP-BKSB-HUBSPOT', reports: 16, entries: 18 },
  { code: 'SMARTAPP-FUNC-DYNAMICS', reports: 14, entries: 16 },
  { code: 'APTEM-ESKILLS-DYNAMICS-CIPHR', reports: 12, entries: 14 },
  { code: 'ONEFILE-BKSB-SF-BREATHE', reports: 20, entries: 24 },
];

const TOTAL = 400;
const SEED = 20240611;

const HEADER = `# The template reports of the platform's template workspace: one entry per report, its name
# exactly as it stands in the workspace and the module it belongs to (templates/providers.yaml).
#
#   name: <LMS>-<ENGLISHMATHS>-<CRM>[-<HR>] - <Persona> v<major>.<minor>
#
# A tenant gets the reports whose provider code is exactly its providers (with -HR only when it
# has an HR system), each at its latest version (numeric: v1.10 is newer than v1.9), in the
# modules it has enabled. Report ids are not kept here: they are looked up by name in the
# template workspace when a plan is made, so a name must be unique there.
#
# Written by scripts/generate-catalog.ts; test/catalog/generator.test.ts keeps the two identical,
# so change the generator with the file (or retire that test once the file is edited by hand).
`;

/** The full text of templates/reports.yaml. */
export function renderReportsYaml(): string {
  const random = createPrng(SEED);
  const lines = [HEADER, 'reports:'];
  let count = 0;
  for (const combo of COMBINATIONS) {
    const entries = buildEntries(combo, random);
    count += entries.length;
    lines.push(`  # ${combo.code}: ${combo.reports} reports`);
    for (const e of entries) lines.push(`  - name: ${e.name}`, `    module: ${e.module}`);
  }
  if (count !== TOTAL) throw new Error(`the combinations add up to ${count} entries, not ${TOTAL}`);
  return lines.join('\n') + '\n';
}

function buildEntries(combo: Combination, random: () => number): { name: string; module: string }[] {
  const hasHr = combo.code.split('-').length === 4;
  const pinned = combo.pinned ?? {};
  const eligible = PERSONAS.filter((p) => (hasHr || !p.hrOnly) && !(p.name in pinned));
  const chosen = [
    ...Object.keys(pinned).map((name) => persona(name)),
    ...shuffle(eligible, random).slice(0, combo.reports - Object.keys(pinned).length),
  ];
  if (chosen.length !== combo.reports) throw new Error(`${combo.code}: not enough personas for ${combo.reports} reports`);

  const histories = new Map<string, string[]>();
  for (const p of chosen) histories.set(p.name, pinned[p.name] ?? [randomVersion(random)]);
  const free = chosen.filter((p) => !(p.name in pinned));
  const pinnedEntries = Object.values(pinned).reduce((n, h) => n + h.length, 0);
  let older = combo.entries - pinnedEntries - free.length;
  if (older < 0) throw new Error(`${combo.code}: ${combo.entries} entries cannot hold ${combo.reports} reports`);
  while (older > 0) {
    const history = histories.get(free[Math.floor(random() * free.length)].name)!;
    if (history.length >= 3) continue;
    history.unshift(previousVersion(history[0], random));
    older--;
  }
  return chosen
    .map((p) => p.name)
    .sort()
    .flatMap((name) => histories.get(name)!.map((v) => ({ name: `${combo.code} - ${name} v${v}`, module: persona(name).module })));
}

function randomVersion(random: () => number): string {
  return `${1 + Math.floor(random() * 3)}.${Math.floor(random() * 13)}`;
}

/** One or two minor steps back; from x.0 back to the previous major's late minors. */
function previousVersion(version: string, random: () => number): string {
  const [major, minor] = version.split('.').map(Number);
  const step = 1 + Math.floor(random() * 2);
  if (minor >= step) return `${major}.${minor - step}`;
  return `${major - 1}.${7 + Math.floor(random() * 3)}`;
}

function persona(name: string): Persona {
  const p = PERSONAS.find((x) => x.name === name);
  if (!p) throw new Error(`unknown persona ${name}`);
  return p;
}

function group(module: string, names: string[], hrOnly = false): Persona[] {
  return names.map((name) => (hrOnly ? { name, module, hrOnly } : { name, module }));
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}


export const REPORTS_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates', 'reports.yaml');

if (import.meta.main) {
  const text = renderReportsYaml();
  if (process.argv.includes('--check')) {
    const same = readFileSync(REPORTS_PATH, 'utf8') === text;
    console.log(same ? 'templates/reports.yaml is up to date' : 'templates/reports.yaml differs from the generator output');
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(REPORTS_PATH, text);
    console.log(`wrote ${REPORTS_PATH}`);
  }
}
