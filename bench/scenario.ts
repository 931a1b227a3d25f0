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
  /** For a virtual-time figure: how far its rounds may disagree, as (max − min) ÷ median; default the scenario's, else DEFAULT_TOLERANCE. */
  tolerance?: number;
}

export interface ScenarioResult<F extends Figure = Figure> {
  scenario: string;
  figures: F[];
  /** Peak resident set size of the scenario's process, MB. */
  peakRssMb: number;
  notes?: string[];
}

/**
 * Rounds for a scenario whose judged figures are all virtual time or call counts: they are
 * deterministic (bench/support/clock-settling.ts: rounds agree to 0 %), so a second round only
 * checks that, which is what the agreement check needs and all a median would get from more.
 */
export const AGREEMENT_ROUNDS = 2;
/** Rounds for a scenario timed on the wall clock (a CLI, PostgreSQL, real time): its median needs them. */
export const WALL_CLOCK_ROUNDS = 5;

export interface Scenario {
  name: string;
  description: string;
  /** Rounds `npm run bench` runs unless `--rounds N` is given: AGREEMENT_ROUNDS or WALL_CLOCK_ROUNDS (the default). */
  rounds?: number;
  /** Peak RSS target in MB, checked by `npm run bench`. */
  maxRssMb?: number;
  /** How far the rounds of its virtual-time figures may disagree ((max − min) ÷ median); default DEFAULT_TOLERANCE. */
  tolerance?: number;
  run(): Promise<Figure[]>;
}

/** The rounds a run gives a scenario: `--rounds N` when given, else its own, else WALL_CLOCK_ROUNDS. */
export function roundsOf(scenario: Pick<Scenario, 'rounds'>, override?: number): number {
  return override ?? scenario.rounds ?? WALL_CLOCK_ROUNDS;
}

export function isMet(f: Figure): boolean | undefined {
  if (f.target === undefined) return undefined;
  return f.direction === 'min' ? f.value >= f.target : f.value <= f.target;
}

/** One markdown row per figure; with rounds, the value is their median and the spread follows it. */
export function renderRow(r: ScenarioResult<Figure & { rounds?: number[]; min?: number; max?: number; spread?: number; disagree?: boolean }>, maxRssMb?: number): string[] {
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
    const verdicts = [met === undefined ? undefined : met ? 'met' : '**not met**'];
    if ('disagree' in f && f.disagree) verdicts.push(`**rounds disagree** (spread ${percent(f.spread!)} > ${percent(f.tolerance!)})`);
    rows.push(`| ${r.scenario} | ${label} | ${round(f.value)} ${f.unit}${spread} | ${target} | ${verdicts.filter(Boolean).join('; ') || '—'} |`);
  }
  return rows;
}

function round(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(3).replace(/\.?0+$/, '');
}

function percent(n: number): string {
  return `${round(n * 100)} %`;
}
