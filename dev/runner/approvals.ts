// Deployment reviews of one run: jobs waiting for the same environment at the same time share
// ONE request and are all released (or all rejected) by its review; a job reaching the gate after
// that review asks again. Secrets of the environment reach a job only once it is approved.
// https://docs.github.com/en/actions/how-tos/deploy/configure-and-manage-deployments/review-deployments
// https://docs.github.com/en/actions/reference/workflows-and-actions/deployments-and-environments#required-reviewers
import type { ApprovalRequest, GitHubHost, Review } from './host.ts';

interface Open {
  request: ApprovalRequest;
  review: Promise<Review>;
}

export class ApprovalBoard {
  private readonly open = new Map<string, Open>();
  private readonly host: GitHubHost;
  private readonly runId: number;
  private readonly signal: AbortSignal;

  constructor(host: GitHubHost, runId: number, signal: AbortSignal) {
    this.host = host;
    this.runId = runId;
    this.signal = signal;
  }

  /** Resolves with the review that answers `job`'s wait for `environment`. */
  wait(environment: string, job: string): Promise<Review> {
    const existing = this.open.get(environment);
    if (existing) {
      existing.request.jobs.push(job);
      return existing.review;
    }
    const request: ApprovalRequest = { runId: this.runId, environment, jobs: [job] };
    const review = this.host.requestApproval(request, this.signal).finally(() => this.open.delete(environment));
    this.open.set(environment, { request, review });
    return review;
  }
}
