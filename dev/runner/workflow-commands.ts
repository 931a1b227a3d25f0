// What a step prints, read the way the runner reads it: `::command key=value::message` lines
// become annotations, groups and masks; every line that reaches the log is masked first.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
  col?: number;
  endColumn?: number;
  /**
   * Whether GitHub would show it: the runner attaches at most 10 annotations of each level to a
   * step (`_maxCountPerIssueType` in actions/runner's ExecutionContext); the rest are kept here
   * but marked hidden.
   */
  shown: boolean;
}

export const ANNOTATIONS_SHOWN_PER_LEVEL = 10;

/** Replaces every registered secret (each line of a multi-line one too) with `***`. */
export class SecretMasker {
  private values: string[] = [];

  add(value: string): void {
    const candidates = [value, ...value.split(/\r?\n/)].map((v) => v.trim()).filter((v) => v.length > 0);
    for (const v of candidates) if (!this.values.includes(v)) this.values.push(v);
    this.values.sort((a, b) => b.length - a.length);
  }

  mask(text: string): string {
    let out = text;
    for (const v of this.values) out = out.split(v).join('***');
    return out;
  }

  /** Whether a value carries a secret (a job output that does is dropped, as the runner drops it). */
  reveals(text: string): boolean {
    return this.values.some((v) => text.includes(v));
  }
}

/** Annotations of one step, counting what GitHub would show. */
export class AnnotationList {
  readonly items: Annotation[] = [];

  add(annotation: Omit<Annotation, 'shown'>): Annotation {
    const sameLevel = this.items.filter((a) => a.level === annotation.level).length;
    const item = { ...annotation, shown: sameLevel < ANNOTATIONS_SHOWN_PER_LEVEL };
    this.items.push(item);
    return item;
  }
}

export interface CommandSink {
  log(line: string): void;
  annotate(annotation: Omit<Annotation, 'shown'>): void;
  /** The deprecated `::set-output name=x::v`. */
  setOutput(name: string, value: string): void;
}

/** Reads a step's output line by line, applying workflow commands; one per step. */
export class WorkflowCommandReader {
  private stopToken: string | undefined;
  private readonly masker: SecretMasker;
  private readonly sink: CommandSink;

  constructor(masker: SecretMasker, sink: CommandSink) {
    this.masker = masker;
    this.sink = sink;
  }

  line(raw: string): void {
    if (this.stopToken !== undefined) {
      if (raw.trim() === `::${this.stopToken}::`) this.stopToken = undefined;
      else this.sink.log(this.masker.mask(raw));
      return;
    }
    const command = parseCommand(raw.trimStart());
    if (!command) {
      this.sink.log(this.masker.mask(raw));
      return;
    }
    this.apply(command, raw);
  }

  private apply(command: ParsedCommand, raw: string): void {
    const { name, props, message } = command;
    const masked = this.masker.mask(message);
    switch (name) {
      case 'error':
      case 'warning':
      case 'notice':
        this.sink.log(`##[${name}]${masked}`);
        this.sink.annotate({
          level: name,
          message: masked,
          title: props.title === undefined ? undefined : this.masker.mask(props.title),
          file: props.file,
          line: toNumber(props.line),
          endLine: toNumber(props.endLine ?? props.endline),
          col: toNumber(props.col),
          endColumn: toNumber(props.endColumn ?? props.endcolumn),
        });
        return;
      case 'debug':
      case 'group':
        this.sink.log(`##[${name}]${masked}`);
        return;
      case 'endgroup':
        this.sink.log('##[endgroup]');
        return;
      case 'add-mask':
        this.masker.add(message);
        return;
      case 'stop-commands':
        this.stopToken = message;
        return;
      case 'set-output':
        this.sink.annotate({ level: 'warning', message: 'The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.' });
        if (props.name) this.sink.setOutput(props.name, message);
        return;
      case 'set-env':
      case 'add-path':
        this.sink.annotate({ level: 'error', message: `The \`${name}\` command is disabled. Please upgrade to using Environment Files.` });
        return;
      case 'echo':
      case 'save-state':
      case 'add-matcher':
      case 'remove-matcher':
        return;
      default:
        this.sink.log(this.masker.mask(raw));
    }
  }
}

interface ParsedCommand {
  name: string;
  props: Record<string, string>;
  message: string;
}

function parseCommand(line: string): ParsedCommand | undefined {
  if (!line.startsWith('::')) return undefined;
  const end = line.indexOf('::', 2);
  if (end < 0) return undefined;
  const header = line.slice(2, end);
  const space = header.indexOf(' ');
  const name = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  if (!/^[a-z][a-z-]*$/.test(name)) return undefined;
  const props: Record<string, string> = {};
  if (space >= 0) {
    for (const pair of header.slice(space + 1).split(',')) {
      const eq = pair.indexOf('=');
      if (eq > 0) props[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { name, props, message: unescapeData(line.slice(end + 2)) };
}

// Escapes of the command format (actions/runner ActionCommand): %25 %0D %0A in data, and %3A %2C in properties too.
function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(text: string): string {
  return unescapeData(text.replace(/%3A/gi, ':').replace(/%2C/gi, ','));
}

function toNumber(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
