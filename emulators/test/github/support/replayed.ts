// The `@octokit/fixtures` scenarios the replay test sends to the emulated GitHub, each with what
// its recording shows existed before its first request; docs/parity.md cites them as
// `fixture: <scenario>` witnesses (emulators/test/spec/parity.test.ts checks they are listed here).

/** One recorded exchange of a normalised fixture. */
export interface Recorded {
  method: string;
  path: string;
  body: unknown;
  status: number;
  response: unknown;
  headers: Record<string, string>;
}

/** Creates what a scenario starts from, through the emulator's REST API. */
export interface Seeder {
  post(what: string, body: unknown): Promise<void>;
}

/** The scenarios replayed, and what each recording shows existed before its first request. */
export const REPLAYED: Record<string, { seed?: (s: Seeder, recorded: Recorded[]) => Promise<void> }> = {
  'paginate-issues': { seed: async (s) => { for (let n = 1; n <= 13; n++) await s.post('issues', { title: `Test issue ${n}` }); } },
  'add-labels-to-issue': {},
  labels: {
    seed: async (s, recorded) => {
      for (const l of recorded[0].response as { name: string; color: string; description: string }[]) await s.post('labels', { name: l.name, color: l.color, description: l.description });
    },
  },
  'lock-issue': { seed: async (s) => void (await s.post('issues', { title: 'Lock me' })) },
  'create-status': {},
  errors: {},
};
