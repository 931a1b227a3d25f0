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

import { existsSync } from 'node:fs';
import path from 'node:path';
import { isScalar, type Node } from 'yaml';
import type { Finding } from '../errors/index.ts';
import { addFinding, didYouMean, parseYamlSource, positionOf, readList, readMapping, readString, type SourceFindings } from '../yaml/index.ts';
import { readTemplateFile } from './providers.ts';
import type { TemplateReport } from './types.ts';

export const PINS_FILE = 'templates/pins.yaml';
const KIND = { what: 'the pins file', required: ['pins'] };

export interface TemplatePin {
  name: string;
  tenants: { code: string; line: number; col: number }[];
  /** Catalog entries this pin holds its tenants at. */
  reports: TemplateReport[];
  file: string;
}

/** Key of "the same report in another version": provider code and persona. */
export function reportKey(r: Pick<TemplateReport, 'providerCode' | 'persona'>): string {
  return `${r.providerCode}\u0000${r.persona}`;
}

export function parsePins(text: string, catalog: readonly TemplateReport[], file = PINS_FILE): { pins: TemplatePin[]; findings: Finding[] } {
  const src = parseYamlSource(text, file, KIND);
  const pins: TemplatePin[] = [];
  if (!src.root) return { pins, findings: src.findings };
  const byName = new Map(catalog.map((r) => [r.name, r]));
  const top = readMapping(src, src.root, KIND.what, KIND);
  const entry = top?.get('pins');
  const items = entry && readList(src, entry, '"pins"', 'a list of {name, tenants, reports}');
  const pinNames = new Set<string>();
  // tenant + report key → the pin that holds it, so two pins cannot disagree about one report.
  const held = new Map<string, string>();
  for (const item of items ?? []) {
    const fields = readMapping(src, item, 'a pin', { required: ['name', 'tenants', 'reports'], optional: ['reason'] });
    if (!fields) continue;
    const name = fields.get('name') && readString(src, fields.get('name')!, 'pin name', 'a short name, e.g. operations-leader-rollback');
    if (name === undefined) continue;
    if (pinNames.has(name)) addFinding(src, fields.get('name')!.value!, `pin ${JSON.stringify(name)} is declared twice; allowed: each pin name once`);
    pinNames.add(name);
    const tenants = scalars(src, fields.get('tenants'), '"tenants"', 'a list of tenant codes').map(({ value, node }) => ({ code: value, ...position(src, node) }));
    const reports: TemplateReport[] = [];
    for (const { value, node } of scalars(src, fields.get('reports'), '"reports"', 'a list of report names with their version, as in templates/reports.yaml')) {
      const report = byName.get(value);
      if (!report) {
        addFinding(src, node, `report ${JSON.stringify(value)} is not in templates/reports.yaml${didYouMean(value, [...byName.keys()])}; allowed: a report name with its version, as the catalog lists it`);
        continue;
      }
      const twice = reports.find((r) => reportKey(r) === reportKey(report));
      if (twice) {
        addFinding(src, node, `pin ${JSON.stringify(name)} holds ${JSON.stringify(report.persona)} at two versions (${twice.name}); allowed: one version of a report per pin`);
        continue;
      }
      reports.push(report);
      for (const t of tenants) {
        const key = `${t.code}\u0000${reportKey(report)}`;
        const other = held.get(key);
        if (other && other !== name) addFinding(src, node, `tenant ${t.code} is already pinned to a version of ${JSON.stringify(report.persona)} by pin ${JSON.stringify(other)}; allowed: one pin per tenant and report`);
        held.set(key, name);
      }
    }
    pins.push({ name, tenants, reports, file });
  }
  return { pins, findings: src.findings };
}

/** Reads `<root>/templates/pins.yaml` when it exists: no file means no pins. */
export function loadPins(root: string, catalog: readonly TemplateReport[]): { pins: TemplatePin[]; findings: Finding[] } {
  if (!existsSync(path.join(root, PINS_FILE))) return { pins: [], findings: [] };
  return parsePins(readTemplateFile(root, PINS_FILE), catalog, PINS_FILE);
}

/** The pinned reports of one tenant, by report key. */
export function pinsOf(pins: readonly TemplatePin[], tenant: string): Map<string, TemplateReport> {
  const out = new Map<string, TemplateReport>();
  for (const pin of pins) if (pin.tenants.some((t) => t.code === tenant)) for (const r of pin.reports) out.set(reportKey(r), r);
  return out;
}

function scalars(src: SourceFindings, entry: ReturnType<NonNullable<ReturnType<typeof readMapping>>['get']>, what: string, allowed: string): { value: string; node: Node }[] {
  if (!entry) return [];
  const out: { value: string; node: Node }[] = [];
  for (const node of readList(src, entry, what, allowed) ?? []) {
    if (!isScalar(node) || typeof node.value !== 'string' || node.value === '') {
      addFinding(src, node, `${what} holds ${isScalar(node) ? JSON.stringify(node.value) : 'a nested value'}; allowed: ${allowed}`);
      continue;
    }
    out.push({ value: node.value, node });
  }
  return out;
}

function position(src: SourceFindings, node: Node): { line: number; col: number } {
  return positionOf(src.source, node);
}
