import { formatFinding, sortFindings } from '../../errors/index.ts';
import { loadInputs, operationFindings } from '../../run/index.ts';
import { flag, stringOption, type Command } from '../command.ts';
import { createStyle, writeLine } from '../io.ts';
import { appendStepSummary } from '../workflow-files.ts';

const ANNOTATIONS_SHOWN = 10;

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Validate tenant files, platform.yaml and operations/*.yaml: every finding of every file, as file:line:col.',
  usage: 'validate [paths...] [--json | --format text|github]',
  options: { json: { type: 'boolean' }, format: { type: 'string' } },
  choices: { format: ['text', 'github'] },
  exclusive: [['json', 'format']],
  help: {
    json: 'print {"findings": [{"file", "line", "col", "message"}]} on stdout',
    format: 'text (default) or github (workflow-command annotations on the PR diff)',
  },
  async run(args, io) {
    const loaded = await loadInputs(args.root, { paths: args.positionals });
    // Operation sequences name tenants, capacities and clusters: they are checked once those are
    // valid, and only when the whole repository is validated (paths name tenant files).
    const findings = loaded.inputs && !args.positionals.length ? sortFindings([...loaded.findings, ...(await operationFindings(loaded.inputs))]) : loaded.findings;
    const format = stringOption(args, 'format') ?? 'text';
    if (flag(args, 'json')) {
      const out = findings.map(({ file, line, col, message }) => ({ file, line, col, message }));
      writeLine(io.stdout, JSON.stringify({ findings: out }, null, 2));
    } else if (format === 'github') {
      // The workflow-command form, so the plan workflow annotates the diff without @actions/core.
      // GitHub shows 10 annotations of a kind per step: the first 10 go on the diff, every one
      // goes to the job summary.
      for (const f of findings.slice(0, ANNOTATIONS_SHOWN)) writeLine(io.stdout, `::${f.severity === 'warning' ? 'warning' : 'error'} file=${f.file},line=${f.line},col=${f.col}::${escapeCommand(f.message)}`);
      if (findings.length > ANNOTATIONS_SHOWN) writeLine(io.stdout, `::notice::${findings.length - ANNOTATIONS_SHOWN} more finding(s) are in the job summary`);
      await appendStepSummary(io.env, findings.length ? ['### Validation', '', `${findings.length} finding(s):`, '', ...findings.map((f) => `- \`${formatFinding(f)}\``)].join('\n') : '### Validation\n\nAll files valid.');
    } else {
      const style = createStyle(io.stdout, io.env);
      for (const f of findings) writeLine(io.stdout, style.red(formatFinding(f)));
      writeLine(io.stderr, findings.length ? `${findings.length} finding(s)` : style.green('all files valid'));
    }
    return findings.some((f) => f.severity !== 'warning') ? 1 : 0;
  },
};

function escapeCommand(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
