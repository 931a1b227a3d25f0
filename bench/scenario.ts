// What a benchmark scenario is and how its figures are judged and rendered: each scenario runs in a
// child process of its own (so its peak RSS is its own), returns its figures, and is judged against
// a target computed or stated beside it. Performance lives here, never as a timed assertion in `npm test`.

export interface Figure {
  /** What was measured, e.g. `wall time`. */
  name: string;
  value: number;
  unit: string;
  /** Target bound and its direction: `max` means value ≤ target is met. */
  target?: number;
  direction?: 'max' | 'min';
  /** How the target was computed, when it is not a plain number from the issue. */
  bound?: string;
  /** `virtual`: measured on an emulator's virtual clock, not the wall clock (labelled as such). */
  clock?: 'wall' | 'virtual';
}

export interface ScenarioResult<F extends Figure = Figure> {
  scenario: string;
  figures: F[];
  /** Peak resident set size of the scenario's process, MB. */
  peakRssMb: number;
  notes?: string[];
}

export interface Scenario {
  name: string;
  description: string;
  /** Peak RSS target in MB, checked by `npm run bench`. */
  maxRssMb?: number;
  run(): Promise<Figure[]>;
}

export function isMet(f: Figure): boolean | undefined {
  if (f.target === undefined) return undefined;
  return f.direction === 'min' ? f.value >= f.target : f.value <= f.target;
}

/** One markdown row per figure; with rounds, the value is their median and the spread follows it. */
export function renderRow(r: ScenarioResult<Figure & { rounds?: number[]; min?: number; max?: number }>, maxRssMb?: number): string[] {
  const rows: string[] = [];
  const figures = [
    ...r.figures,
    { name: 'peak RSS', value: r.peakRssMb, unit: 'MB', target: maxRssMb, direction: 'max' as const },
  ];
  for (const f of figures) {
    const met = isMet(f);
    const target = f.target === undefined ? '—' : `${f.direction === 'min' ? '≥' : '≤'} ${round(f.target)} ${f.unit}`;
    const label = 'clock' in f && f.clock === 'virtual' ? `${f.name} (virtual time)` : f.name;
    const spread = 'rounds' in f && f.rounds && f.rounds.length > 1 ? ` (${round(f.min!)}–${round(f.max!)}, ${f.rounds.length} rounds)` : '';
    rows.push(`| ${r.scenario} | ${label} | ${round(f.value)} ${f.unit}${spread} | ${target} | ${met === undefined ? '—' : met ? 'met' : '**not met**'} |`);
  }
  return rows;
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3).replace(/\.?0+$/, '');
}
