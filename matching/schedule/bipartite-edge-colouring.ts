/**
 * Edge colouring of a bipartite multigraph with `colours` ≥ Δ colours and at most `capacity`
 * edges of one colour: meetings (edges) into slots (colours) with `capacity` tables a slot.
 *
 * - König's edge-colouring theorem (D. Kőnig, "Gráfok és alkalmazásuk…", 1916): a bipartite
 *   multigraph of maximum degree Δ has a proper Δ-edge-colouring. The constructive proof colours
 *   edges one by one; when edge uv finds colour a free at u and b free at v but a is taken at v,
 *   it swaps a and b along the a/b alternating path that starts at v (a Kempe chain). In a
 *   bipartite graph that path never reaches u, so afterwards a is free at both ends.
 *   (Schrijver, "Combinatorial Optimization", 2003, Thm 20.1 and its proof.)
 * - Equitable colouring (D. de Werra, "Balanced schedules", INFOR 9, 1971; Schrijver Thm 20.5):
 *   with k ≥ Δ colours the classes can be made to differ in size by at most one. While colour a
 *   holds more edges than colour b, the a/b subgraph (paths and even cycles) has a path that
 *   starts and ends with an a-edge; swapping it moves one edge from a to b and keeps the
 *   colouring proper. Classes then hold at most ⌈m / k⌉ ≤ capacity edges when k ≥ ⌈m / capacity⌉.
 *
 * So with k = max(Δ, ⌈m / capacity⌉) slots every meeting fits: the schedule's lower bound is exact.
 */

export interface BipartiteEdges {
  /** Vertices are 0 … vertexCount − 1; each edge joins `left[e]` and `right[e]`, one on each side. */
  vertexCount: number;
  left: Int32Array;
  right: Int32Array;
}

/**
 * Colours every edge with 0 … colours − 1, proper (no vertex has two edges of one colour) and with
 * at most `capacity` edges a colour. Requires colours ≥ maximum degree and colours × capacity ≥
 * edges; throws otherwise (the caller selects a subset first).
 */
export function colourBipartiteEdges(graph: BipartiteEdges, colours: number, capacity: number): Int32Array {
  const m = graph.left.length;
  const k = colours;
  const degree = new Int32Array(graph.vertexCount);
  for (let e = 0; e < m; e++) {
    degree[graph.left[e]!]!++;
    degree[graph.right[e]!]!++;
  }
  let maxDegree = 0;
  for (const d of degree) if (d > maxDegree) maxDegree = d;
  if (maxDegree > k || m > k * capacity) {
    throw new Error(`cannot colour ${m} edges of maximum degree ${maxDegree} with ${k} colours of ${capacity}`);
  }
  const colour = new Int32Array(m).fill(-1);
  const at = new Int32Array(graph.vertexCount * k).fill(-1); // edge of colour c at vertex v
  const size = new Int32Array(k);
  const other = (e: number, v: number) => (graph.left[e] === v ? graph.right[e]! : graph.left[e]!);
  const set = (e: number, c: number) => {
    colour[e] = c;
    at[graph.left[e]! * k + c] = e;
    at[graph.right[e]! * k + c] = e;
    size[c]!++;
  };
  const unset = (e: number) => {
    const c = colour[e]!;
    at[graph.left[e]! * k + c] = -1;
    at[graph.right[e]! * k + c] = -1;
    size[c]!--;
    colour[e] = -1;
  };
  /** The a/b alternating path from vertex v, whose first edge has colour a. */
  const chain = (v: number, a: number, b: number): number[] => {
    const path: number[] = [];
    let x = v;
    let c = a;
    for (;;) {
      const e = at[x * k + c]!;
      if (e < 0) return path;
      path.push(e);
      x = other(e, x);
      c = c === a ? b : a;
    }
  };
  const swap = (path: readonly number[], a: number, b: number) => {
    const was = path.map((e) => colour[e]!);
    for (const e of path) unset(e);
    path.forEach((e, i) => set(e, was[i] === a ? b : a));
  };

  for (let e = 0; e < m; e++) {
    const u = graph.left[e]!;
    const v = graph.right[e]!;
    // Least-used colour free at both ends if there is one (keeps classes near balance), else
    // a free at u and b free at v, and the Kempe chain from v makes a free at v.
    let both = -1;
    let a = -1;
    let b = -1;
    for (let c = 0; c < k; c++) {
      const freeU = at[u * k + c]! < 0;
      const freeV = at[v * k + c]! < 0;
      if (freeU && freeV && (both < 0 || size[c]! < size[both]!)) both = c;
      if (freeU && a < 0) a = c;
      if (freeV && b < 0) b = c;
    }
    if (both >= 0) {
      set(e, both);
      continue;
    }
    swap(chain(v, a, b), a, b);
    set(e, a);
  }

  // de Werra's balancing: move edges from classes over capacity to classes under it.
  for (;;) {
    let big = 0;
    let small = 0;
    for (let c = 1; c < k; c++) {
      if (size[c]! > size[big]!) big = c;
      if (size[c]! < size[small]!) small = c;
    }
    if (size[big]! <= capacity || size[big]! - size[small]! <= 1) break;
    let moved = false;
    // A path with an a-edge at both ends starts at a vertex that has an a-edge and no b-edge.
    for (let e = 0; e < m && size[big]! - size[small]! > 1; e++) {
      if (colour[e] !== big) continue;
      for (const end of [graph.left[e]!, graph.right[e]!]) {
        if (colour[e] !== big || at[end * k + small]! >= 0) continue;
        const path = chain(end, big, small);
        if (path.length % 2 === 1) {
          swap(path, big, small);
          moved = true;
        }
      }
    }
    if (!moved) throw new Error("balancing found no alternating path (the graph is not bipartite)");
  }
  return colour;
}
