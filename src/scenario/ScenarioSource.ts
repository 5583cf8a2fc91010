import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { ScenarioProblem } from './ScenarioProblem.js';

/**
 * A scenario file's text parsed as YAML (JSON is YAML too), keeping the syntax tree so any field
 * path can be traced back to a line and column for error messages.
 *
 * @example
 * const source = ScenarioSource.parse('network:\n  layers: [2, -1]\n', 'a.yaml');
 * source.locate(['network', 'layers', 1]); // { line: 2, column: 15 }
 */
export class ScenarioSource {
  private constructor(
    readonly file: string,
    readonly text: string,
    readonly data: unknown,
    /** YAML syntax errors; when there are any, `data` is undefined. */
    readonly problems: readonly ScenarioProblem[],
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Parses `text`; syntax errors become {@link ScenarioProblem}s rather than exceptions.
   *
   * @example
   * ScenarioSource.parse('a: [1,', 'bad.yaml').problems.length; // 1
   */
  static parse(text: string, file: string): ScenarioSource {
    const lines = new LineCounter();
    // yaml's own uniqueKeys check compares every key with every other (9 s for 20,000 keys):
    // duplicates are found below with a set per mapping instead.
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const problems = [...doc.errors.map((e) => e.pos[0]), ...duplicateKeys(doc)].map((offset, i): ScenarioProblem => {
      const pos = lines.linePos(offset);
      const message = i < doc.errors.length ? firstLine(doc.errors[i]!.message) : 'Map keys must be unique';
      return { file, line: pos.line, column: pos.col, path: [], message: `YAML syntax: ${message}` };
    });
    let data: unknown;
    if (problems.length === 0) {
      try {
        data = doc.toJS({ maxAliasCount });
      } catch (e) {
        // yaml refuses aliases that expand past the cap (a "billion laughs" file) with a ReferenceError.
        if (!(e instanceof ReferenceError)) throw e;
        const pos = lines.linePos(firstAlias(doc) ?? 0);
        problems.push({ file, line: pos.line, column: pos.col, path: [], message: `YAML aliases expand to more than ${maxAliasCount} nodes`, hint: 'write the repeated values out, or reuse fewer anchors' });
      }
    }
    return new ScenarioSource(file, text, data, problems, doc, lines);
  }

  /**
   * Line and column of the value at `path`, or of its deepest existing ancestor (a missing field
   * points at the mapping that should hold it). With `key`, points at the key of the last segment
   * instead of its value (for unknown keys).
   *
   * @example
   * source.locate(['network', 'extra'], { key: true });
   */
  locate(path: readonly PropertyKey[], options: { key?: boolean } = {}): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let at: Node | null = (node as Node | null) ?? null;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i];
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === segment);
        if (pair && options.key && i === path.length - 1 && isScalar(pair.key)) {
          at = pair.key;
          break;
        }
        next = pair?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
      }
      if (next === undefined || next === null || typeof next !== 'object' || !('range' in next)) break;
      node = next;
      at = next as Node;
    }
    const pos = this.lines.linePos(at?.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  }

  /**
   * The text of line `line` (1-based), for code frames in error messages.
   *
   * @example
   * source.lineText(2); // '  layers: [2, -1]'
   */
  lineText(line: number): string {
    return (this.#lines ??= this.text.split(/\r?\n/))[line - 1] ?? '';
  }

  #lines: string[] | undefined;
}

/**
 * yaml's cap on alias expansion (each alias counts the nodes it stands for). Its default, 100,
 * calls a scenario that reuses one anchor 120 times an attack; 10,000 still stops a file whose
 * aliases expand exponentially, and a scenario file is at most 1 MiB anyway.
 */
const maxAliasCount = 10_000;

/** Where each repeated key of a mapping is (a duplicated key is an error, not a silent override). */
function duplicateKeys(doc: Document.Parsed): number[] {
  const at: number[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key) && isScalar(pair.key)) at.push(pair.key.range?.[0] ?? 0);
        seen.add(key);
      }
    },
  });
  return at;
}

function firstAlias(doc: Document.Parsed): number | undefined {
  let at: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node)) at = node.range?.[0];
      return visit.BREAK;
    },
  });
  return at;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
