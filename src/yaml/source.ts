// A parsed YAML file as every check sees it: its text, its tree and the line counter that turns an
// offset into `line:col`. Held only while one file is checked; results keep positions, not trees.

import { isScalar } from 'yaml';
import type { Document, LineCounter, Node, Pair } from 'yaml';
import type { Finding } from '../errors/index.ts';

export interface YamlSource {
  file: string;
  text: string;
  doc: Document;
  lineCounter: LineCounter;
}

/** The 1-based position of a node's start, or of an offset into the text. */
export function positionOf(source: YamlSource, at: Node | number): { line: number; col: number } {
  return source.lineCounter.linePos(typeof at === 'number' ? at : (at.range?.[0] ?? 0));
}

export function findingAt(source: YamlSource, at: Node | number, message: string): Finding {
  return { file: source.file, ...positionOf(source, at), message };
}

/** A pair's key as the data will name it; undefined for a key that is a list or mapping. */
export function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}
