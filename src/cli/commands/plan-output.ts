// Writing a plan as it is rendered: part by part (a tenant at a time) to the command's stdout,
// waiting whenever the stream asks to, so a plan of 10,000 tenants never exists as one string.
// What is written is byte for byte what writeLine(render…(plan)) writes.
import { once } from 'node:events';
import { jsonRendering, markdownRendering, textRendering, type PlanRendering, type RenderMarkdownOptions } from '../../plan/index.ts';

export type PlanFormat = 'json' | 'markdown' | 'text';

/** What `plan` prints in a format, ending in the newline writeLine adds. */
export function planRendering(format: PlanFormat, markdown: RenderMarkdownOptions): PlanRendering {
  return format === 'json' ? jsonRendering() : format === 'markdown' ? markdownRendering(markdown) : textRendering();
}

/** Writes the chunks in order, pausing while the stream's buffer is full. */
export async function writeChunks(stream: NodeJS.WritableStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
}
