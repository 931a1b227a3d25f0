// yaml: the one loader of the repository's YAML files with source positions — YAML-level faults as
// findings, paths mapped to line:col, readers for files checked node by node, and the one
// did-you-mean. It knows no file kind's rules: config and catalog bring those.

export { parseYamlSource, toPlainData, MAX_FILE_BYTES } from './load.ts';
export type { FileKind, ParsedYaml } from './load.ts';
export { MAX_EXPANDED_NODES } from './aliases.ts';
export { positionOf } from './source.ts';
export type { YamlSource } from './source.ts';
export { formatPath, locatePath, parsePath } from './path.ts';
export type { PathSegment } from './path.ts';
export { addFinding, readList, readMapping, readString } from './read-nodes.ts';
export type { MappingEntry, SourceFindings } from './read-nodes.ts';
export { didYouMean, editDistance, suggestClosest } from './did-you-mean.ts';
export { formatList, missingKeys, unknownKey } from './messages.ts';
