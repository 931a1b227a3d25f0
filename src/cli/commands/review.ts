import { EnvironmentError } from '../../errors/index.ts';
import { apiOptionsFromEnv, createOctokit, findReviewedPlan, repositoryFromEnv } from '../../github/index.ts';
import { CAPABILITY_NAMES, parseAcceptedHashes } from '../../run/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';
import { appendStepSummary, setStepOutputs } from '../workflow-files.ts';

export const reviewCommand: Command = {
  name: 'review',
  summary: 'Find the plan hashes reviewers saw for a tenant: the merged pull request of a commit, its plan comment, the marker. Stops, changing nothing, when there is none.',
  usage: 'review --sha <commit> --tenant <code> [--accept cap=hash,...] [--json]',
  options: { sha: { type: 'string' }, tenant: { type: 'string' }, accept: { type: 'string' }, json: { type: 'boolean' } },
  help: {
    sha: 'the commit on the default branch (the merge commit)',
    tenant: 'the tenant code',
    accept: 'hashes accepted at dispatch (db=…,powerbi=…,dns=…); they replace the reviewed ones, and when they cover every capability no PR is needed',
    json: 'print {"tenant", "source", "pr", "hashes": {db, powerbi, dns}}',
  },
  async run(args, io) {
    const sha = stringOption(args, 'sha');
    const tenant = stringOption(args, 'tenant');
    if (!sha || !tenant) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const accepted = parseAcceptedHashes(stringOption(args, 'accept') ?? '');
    for (const [name, hash] of Object.entries(accepted)) {
      if (!(CAPABILITY_NAMES as string[]).includes(name)) throw new EnvironmentError(`accept-hashes: "${name}" is not a capability; allowed: ${CAPABILITY_NAMES.join(', ')}`);
      if (!/^[0-9a-f]{64}$/.test(hash)) throw new EnvironmentError(`accept-hashes: ${name} needs a 64-hex plan hash`);
    }
    let hashes: Record<string, string> = {};
    let pr: number | undefined;
    if (!CAPABILITY_NAMES.every((c) => accepted[c])) {
      const reviewed = await findReviewedPlan(createOctokit(apiOptionsFromEnv(io.env, 'review')), repositoryFromEnv(io.env, 'review'), sha, tenant);
      hashes = reviewed.hashes;
      pr = reviewed.pr.number;
    }
    hashes = { ...hashes, ...accepted };
    const source = Object.keys(accepted).length ? (pr ? 'reviewed+accepted' : 'accepted') : 'reviewed';
    const result = { tenant, source, pr: pr ?? null, hashes };
    await setStepOutputs(io.env, { hashes: Object.entries(hashes).map(([c, h]) => `${c}=${h}`).join(','), ...Object.fromEntries(Object.entries(hashes)), pr: String(pr ?? '') });
    await appendStepSummary(io.env, `### Reviewed plan of ${tenant}\n\n${pr ? `From pull request #${pr}. ` : ''}${Object.keys(accepted).length ? `Accepted at dispatch: ${Object.keys(accepted).join(', ')}.` : ''}\n\n${Object.entries(hashes).map(([c, h]) => `- ${c}: \`${h}\``).join('\n')}`);
    writeLine(io.stdout, flag(args, 'json') ? JSON.stringify(result, null, 2) : Object.entries(hashes).map(([c, h]) => `${c} ${h}`).join('\n'));
    return 0;
  },
};
