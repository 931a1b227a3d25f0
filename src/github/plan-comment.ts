// The PR's plan comment, built to fit GitHub's 65,536-character limit whatever the number of
// tenants: the marker (what a merge binds to) first and always whole, then one summary line per
// tenant, then each tenant's details collapsed in <details>, cut with a note where room runs out.
// The whole plan is the run's artifact and job summary.
import { COMMENT_LIMIT, markerFor } from './comment.ts';
import { renderPlanMarker, type PlanMarker } from './plan-marker.ts';

export interface TenantPlanSection {
  tenant: string;
  /** One table row's cells after the tenant code, e.g. `+3 ~1 -0` and the hashes' short forms. */
  line: string;
  /** The tenant's plan markdown, shown collapsed. */
  details: string;
}

export interface PlanCommentOptions {
  title: string;
  /** Shown above everything (the offline banner). */
  banner?: string;
  marker: PlanMarker;
  /** Where the whole plan is, named in the cut notes. */
  whereWhole: string;
  /** Default COMMENT_LIMIT less the sticky comment's own marker line. */
  limit?: number;
}

export function renderPlanComment(sections: readonly TenantPlanSection[], options: PlanCommentOptions): string {
  const limit = options.limit ?? COMMENT_LIMIT - markerFor('plan').length - 1;
  const head = [renderPlanMarker(options.marker), `## ${options.title}`, ...(options.banner ? ['', options.banner] : []), ''].join('\n');
  // Room kept for the longest note either cut may add.
  const reserve = 200;
  let body = head;
  const rows = ['| tenant | plan |', '|---|---|'];
  let shown = 0;
  for (const s of sections) {
    const row = `| \`${s.tenant}\` | ${s.line} |`;
    if (body.length + rows.join('\n').length + row.length + reserve > limit) break;
    rows.push(row);
    shown++;
  }
  body += sections.length ? rows.join('\n') + '\n' : 'No tenant changes.\n';
  if (shown < sections.length) return body + `\n…${sections.length - shown} more tenant(s) are not listed here: see ${options.whereWhole}.\n`;
  let detailed = 0;
  for (const s of sections) {
    const block = `\n<details><summary>${s.tenant}</summary>\n\n${s.details}\n\n</details>\n`;
    if (body.length + block.length + reserve > limit) break;
    body += block;
    detailed++;
  }
  if (detailed < sections.length) body += `\n…the details of ${sections.length - detailed} tenant(s) did not fit: see ${options.whereWhole}.\n`;
  return body;
}
