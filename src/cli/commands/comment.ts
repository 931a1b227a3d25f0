import { readFile } from 'node:fs/promises';
import { EnvironmentError } from '../../errors/index.ts';
import { apiOptionsFromEnv, createOctokit, parsePlanMarker, repositoryFromEnv, upsertStickyComment } from '../../github/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { writeLine } from '../io.ts';

export const commentCommand: Command = {
  name: 'comment',
  summary: "Post a plan comment made by the tenant-plan run as the pull request's sticky comment, after checking it belongs to that PR's head commit.",
  usage: 'comment --body-file <file> --head-sha <sha> [--pr N] [--untrusted]',
  options: { 'body-file': { type: 'string' }, 'head-sha': { type: 'string' }, pr: { type: 'string' }, untrusted: { type: 'boolean' } },
  help: {
    'body-file': 'the comment.md the plan run uploaded',
    'head-sha': 'the head commit of the run that made it (workflow_run.head_sha)',
    pr: 'the pull request number; default: the open PR whose head is --head-sha',
    untrusted: "the run came from a fork: refuse a body whose marker carries hashes (a fork's run has no secrets, so it cannot have planned online)",
  },
  async run(args, io) {
    const file = stringOption(args, 'body-file');
    const sha = stringOption(args, 'head-sha');
    if (!file || !sha) throw new EnvironmentError(`usage: tenantops ${this.usage}`);
    const body = await readFile(file, 'utf8');
    const marker = parsePlanMarker(body);
    if (!marker) throw new EnvironmentError(`${file} carries no plan marker`);
    if (marker.sha !== sha) throw new EnvironmentError(`${file} was made for commit ${marker.sha}, not the run's head ${sha}`);
    if (flag(args, 'untrusted') && (!marker.offline || Object.keys(marker.tenants).length)) throw new EnvironmentError(`${file} comes from a fork's run but claims an online plan: refusing to post it`);
    const repo = repositoryFromEnv(io.env, 'comment');
    const api = apiOptionsFromEnv(io.env, 'comment');
    let number = Number(stringOption(args, 'pr') ?? NaN);
    if (!Number.isInteger(number) || number < 1) {
      const octokit = createOctokit(api);
      const pulls = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', per_page: 100 });
      const pr = pulls.find((p) => p.head.sha === sha);
      if (!pr) throw new EnvironmentError(`no open pull request has head ${sha} (pushed again since?): nothing posted`);
      number = pr.number;
    }
    const result = await upsertStickyComment({ ...repo, number }, body, api);
    writeLine(io.stdout, `comment ${result.id} on #${number}: ${result.action}`);
    return 0;
  },
};
