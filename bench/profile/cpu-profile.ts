// Reads a V8-format `.cpuprofile` (what `deno --cpu-prof` and `bun --cpu-prof` both write): a
// tree of call frames and a list of samples, each naming the tree node (the leaf of its stack)
// and the microseconds since the previous sample.

/** One function as the profiler names it. */
export interface Frame {
  readonly name: string;
  /** Script URL (`file:///…`, `ext:…`, `node:…`), empty for native and pseudo frames. */
  readonly url: string;
  /** 1-based line, 0 when unknown. */
  readonly line: number;
}

export interface Sample {
  /** Leaf first. */
  readonly stack: readonly Frame[];
  /** Milliseconds since the profile started. */
  readonly atMs: number;
}

export interface Profile {
  readonly samples: readonly Sample[];
  readonly durationMs: number;
}

/** The file format, the parts read here. */
export interface CpuProfileJson {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
    readonly children?: readonly number[];
  }[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The identity of a function across samples: name and place. */
export const frameKey = (frame: Frame): string => `${frame.name}\u0000${frame.url}\u0000${frame.line}`;

export function parseProfile(json: CpuProfileJson): Profile {
  const byId = new Map(json.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of json.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const stacks = new Map<number, Frame[]>();
  // Memoised per node: every sample of a node shares one stack array.
  const stackOf = (id: number): Frame[] => {
    const known = stacks.get(id);
    if (known !== undefined) return known;
    const node = byId.get(id);
    if (node === undefined) throw new Error(`profile sample names unknown node ${id}`);
    const { functionName, url, lineNumber } = node.callFrame;
    const frame = { name: functionName || "(anonymous)", url, line: lineNumber + 1 };
    const parent = parentOf.get(id);
    const stack = [frame, ...(parent === undefined ? [] : stackOf(parent))];
    stacks.set(id, stack);
    return stack;
  };
  let atUs = 0;
  const samples = json.samples.map((id, i) => {
    atUs += json.timeDeltas[i] ?? 0;
    return { stack: stackOf(id), atMs: atUs / 1000 };
  });
  return { samples, durationMs: (json.endTime - json.startTime) / 1000 };
}
