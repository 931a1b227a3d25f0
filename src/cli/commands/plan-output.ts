// Writing a plan as it is rendered: section by section (a tenant at a time) to the command's
// stdout, waiting whenever the stream asks to, so a plan of 10,000 tenants never exists as one
// string. What is written is byte for byte what writeLine(render…(plan)) writes.
import { once } from 'node:events';
import { planJsonChunks, planMarkdownSections, planTextSections, type PlanView, type RenderMarkdownOptions } from '../../plan/index.ts';

export type PlanFormat = 'json' | 'markdown' | 'text';

/** The chunks of one plan's output, ending in the newline writeLine adds. */
export function* planOutputChunks(plan: PlanView, format: PlanFormat, markdown: RenderMarkdownOptions): Generator<string> {
  if (format === 'json') {
    yield* planJsonChunks(plan);
    yield '\n';
    return;
  }
  for (const lines of format === 'markdown' ? planMarkdownSections(plan, markdown) : planTextSections(plan)) {
    if (lines.length > 0) yield lines.join('\n') + '\n';
  }
}

/** Writes the chunks in order, pausing while the stream's buffer is full. */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}
