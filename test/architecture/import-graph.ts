// The import graph of the TypeScript sources under a folder, and the cycles in it (no dependency: the
// TypeScript compiler's own pre-processor lists a file's imports, type-only ones included, comments ignored).

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Each source file (path relative to the root, with `/`) and the source files it imports. */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    // Unit tests beside the code wire up whatever they test (the registry of plug-ins…): not part of the layers.
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

const toKey = (root: string, path: string) => relative(root, path).split(sep).join('/');

/** Every relative import of every `.ts` file under `root` (`./x.js` resolves to `x.ts`); packages are left out. */
export function importGraph(root: string): ImportGraph {
  const absRoot = resolve(root);
  const files = sourceFiles(absRoot);
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = toKey(absRoot, resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
      targets.add(target);
    }
    graph.set(toKey(absRoot, file), [...targets].sort());
  }
  return graph;
}

/** The same graph with files merged into their folder (`runtime/point-store.ts` → `runtime`), self-edges dropped. */
export function folderGraph(graph: ImportGraph): ImportGraph {
  const folder = (file: string) => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);
  const out = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folder(file);
    const set = out.get(from) ?? new Set<string>();
    for (const t of targets) if (folder(t) !== from) set.add(folder(t));
    out.set(from, set);
  }
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

/** The strongly connected components of more than one node (or with a self-edge): each is a cycle or knot of them. */
export function cycles(graph: ImportGraph): string[][] {
  // Tarjan's algorithm, iterative so that a deep graph cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; edge: number };
      const targets = graph.get(frame.node) ?? [];
      if (frame.edge < targets.length) {
        const t = targets[frame.edge++] as string;
        if (!index.has(t)) {
          index.set(t, next);
          low.set(t, next++);
          stack.push(t);
          onStack.add(t);
          work.push({ node: t, edge: 0 });
        } else if (onStack.has(t)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(t) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent)
        low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || targets.includes(frame.node)) found.push(component.sort());
      }
    }
  }
  return found.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

/** One shortest import path from `from` back to itself inside `members`, e.g. `a.ts → b.ts → a.ts`. */
export function exampleCycle(graph: ImportGraph, members: string[]): string {
  const inside = new Set(members);
  const from = members[0] as string;
  const previous = new Map<string, string>();
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const t of graph.get(node) ?? []) {
      if (!inside.has(t)) continue;
      if (t === from) {
        const path = [from];
        for (let n: string | undefined = node; n !== undefined && n !== from; n = previous.get(n))
          path.unshift(n);
        return [from, ...path].join(' → ');
      }
      if (!previous.has(t)) {
        previous.set(t, node);
        queue.push(t);
      }
    }
  }
  return members.join(', ');
}
