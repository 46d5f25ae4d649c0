/**
 * Minimum-cost flow with node supplies: successive shortest paths with node potentials
 * (Ahuja, Magnanti & Orlin, "Network Flows", 1993, §9.7 "Successive shortest path algorithm",
 * with Dijkstra on reduced costs as in Edmonds & Karp 1972 / Tomizawa 1971).
 *
 * Why this algorithm: the assignment networks are bipartite, every need is an excess node and the
 * experts/sink are deficit nodes. The generic SSP may start each augmentation at ANY excess node,
 * so each Dijkstra starts at one need and stops at the first deficit node it settles; early on
 * that is one hop away, which makes the whole solve close to linear in the number of pairs.
 * Potentials are updated only on settled nodes (p ← p + d − D), which keeps every residual arc's
 * reduced cost non-negative without touching the rest of the graph.
 *
 * Costs are doubles; the final potentials are a dual certificate: `certify()` checks that no
 * residual arc has a negative reduced cost, i.e. the flow is optimal (complementary slackness).
 */

export interface FlowArcSpec {
  from: number;
  to: number;
  capacity: number;
  cost: number;
}

export interface MinCostFlowResult {
  /** Flow on each arc, in the order the arcs were added. */
  flow: Int32Array;
  cost: number;
  /** Units of supply that could not reach any demand (0 when feasible). */
  unrouted: number;
  /** Excess left at each node (positive: supply not routed; negative: demand not met). */
  excess: Float64Array;
  /** Nodes reachable in the residual graph from the nodes still holding excess: the violated cut. */
  stuckSide: Uint8Array;
}

export type FlowProgress = (done: number, total: number) => void;

/**
 * A network built once, solved once. Node supplies are positive for sources, negative for sinks;
 * they need not balance (unbalanced supply is reported as `unrouted`).
 */
export class MinCostFlowNetwork {
  private readonly n: number;
  private readonly supply: Float64Array;
  private from: number[] = [];
  private to: number[] = [];
  private cap: number[] = [];
  private cost: number[] = [];

  constructor(nodeCount: number) {
    this.n = nodeCount;
    this.supply = new Float64Array(nodeCount);
  }

  setSupply(node: number, amount: number): void {
    this.supply[node] = amount;
  }

  addArc(from: number, to: number, capacity: number, cost: number): number {
    this.from.push(from);
    this.to.push(to);
    this.cap.push(capacity);
    this.cost.push(cost);
    return this.from.length - 1;
  }

  get arcCount(): number {
    return this.from.length;
  }

  /**
   * Solves. `initialPotential` must make every arc's reduced cost non-negative
   * (cost + p[from] − p[to] ≥ 0); without it, potentials come from one Bellman–Ford pass,
   * which is exact for the layered (acyclic) networks the assignment builds.
   */
  solve(options: { initialPotential?: Float64Array; onProgress?: FlowProgress } = {}): MinCostFlowResult {
    const n = this.n;
    const m = this.from.length;
    // Residual graph in CSR form: arc 2k is forward, 2k+1 its reverse.
    const head = new Int32Array(2 * m);
    const resCap = new Int32Array(2 * m);
    const arcCost = new Float64Array(2 * m);
    const degree = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) {
      degree[this.from[k]! + 1]!++;
      degree[this.to[k]! + 1]!++;
    }
    for (let v = 0; v < n; v++) degree[v + 1]! += degree[v]!;
    const start = degree; // start[v] .. start[v+1]
    const fill = Int32Array.from(start.subarray(0, n));
    const adj = new Int32Array(2 * m); // residual arc ids by tail
    for (let k = 0; k < m; k++) {
      const u = this.from[k]!;
      const v = this.to[k]!;
      head[2 * k] = v;
      head[2 * k + 1] = u;
      resCap[2 * k] = this.cap[k]!;
      resCap[2 * k + 1] = 0;
      arcCost[2 * k] = this.cost[k]!;
      arcCost[2 * k + 1] = -this.cost[k]!;
      adj[fill[u]!++] = 2 * k;
      adj[fill[v]!++] = 2 * k + 1;
    }
    const tail = (a: number) => head[a ^ 1]!;

    const potential = options.initialPotential ? Float64Array.from(options.initialPotential) : new Float64Array(n);
    if (!options.initialPotential) {
      // Bellman–Ford on arcs with capacity (exact for DAGs after ≤ n passes; stops when stable).
      for (let pass = 0; pass < n; pass++) {
        let changed = false;
        for (let k = 0; k < m; k++) {
          if (this.cap[k]! <= 0) continue;
          const u = this.from[k]!;
          const v = this.to[k]!;
          const candidate = potential[u]! + this.cost[k]!;
          if (candidate < potential[v]!) {
            potential[v] = candidate;
            changed = true;
          }
        }
        if (!changed) break;
      }
    }

    const excess = Float64Array.from(this.supply);
    const totalSupply = excess.reduce((sum, x) => (x > 0 ? sum + x : sum), 0);
    const dist = new Float64Array(n).fill(Infinity);
    const settled = new Uint8Array(n);
    const parentArc = new Int32Array(n).fill(-1);
    const touched: number[] = [];
    const heap = new BinaryHeap(n);
    const stuck = new Uint8Array(n);
    // Nodes from which no deficit is reachable. Such a set is closed in the residual graph and
    // stays closed (an augmenting path can neither enter and leave it nor add arcs out of it),
    // so later searches skip it: without this, every stuck supply re-explores the same region.
    const dead = new Uint8Array(n);
    let routed = 0;
    let unrouted = 0;

    const sources: number[] = [];
    for (let v = 0; v < n; v++) if (excess[v]! > 0) sources.push(v);

    for (const source of sources) {
      while (excess[source]! > 0) {
        // Dijkstra from `source` on reduced costs until the first deficit node is settled.
        dist[source] = 0;
        touched.push(source);
        heap.push(source, 0);
        let target = -1;
        const settledList: number[] = [];
        while (heap.size > 0) {
          const u = heap.pop();
          if (settled[u]) continue;
          settled[u] = 1;
          settledList.push(u);
          if (excess[u]! < 0) {
            target = u;
            break;
          }
          const du = dist[u]!;
          const pu = potential[u]!;
          for (let i = start[u]!; i < start[u + 1]!; i++) {
            const a = adj[i]!;
            if (resCap[a]! <= 0) continue;
            const v = head[a]!;
            if (settled[v] || dead[v]) continue;
            // Reduced costs are ≥ 0 in exact arithmetic; clamp rounding noise.
            let reduced = arcCost[a]! + pu - potential[v]!;
            if (reduced < 0) reduced = 0;
            const dv = du + reduced;
            if (dv < dist[v]!) {
              if (dist[v] === Infinity) touched.push(v);
              dist[v] = dv;
              parentArc[v] = a;
              heap.push(v, dv);
            }
          }
        }
        heap.clear();
        if (target < 0) {
          // No deficit reachable: this supply can never be routed (the reachable set is closed).
          unrouted += excess[source]!;
          stuck[source] = 1;
          for (const v of settledList) dead[v] = 1;
          for (const v of touched) {
            dist[v] = Infinity;
            settled[v] = 0;
            parentArc[v] = -1;
          }
          touched.length = 0;
          break;
        }
        const reach = dist[target]!;
        for (const v of settledList) potential[v]! += dist[v]! - reach;
        // Bottleneck along the path.
        let amount = Math.min(excess[source]!, -excess[target]!);
        for (let v = target; v !== source;) {
          const a = parentArc[v]!;
          if (resCap[a]! < amount) amount = resCap[a]!;
          v = tail(a);
        }
        for (let v = target; v !== source;) {
          const a = parentArc[v]!;
          resCap[a]! -= amount;
          resCap[a ^ 1]! += amount;
          v = tail(a);
        }
        excess[source]! -= amount;
        excess[target]! += amount;
        routed += amount;
        for (const v of touched) {
          dist[v] = Infinity;
          settled[v] = 0;
          parentArc[v] = -1;
        }
        touched.length = 0;
        options.onProgress?.(routed + unrouted, totalSupply);
      }
    }

    const flow = new Int32Array(m);
    let total = 0;
    for (let k = 0; k < m; k++) {
      flow[k] = resCap[2 * k + 1]!;
      total += flow[k]! * this.cost[k]!;
    }
    // The violated cut: everything reachable from stuck supplies in the residual graph.
    const stuckSide = new Uint8Array(n);
    const queue: number[] = [];
    for (let v = 0; v < n; v++) {
      if (!stuck[v]) continue;
      stuckSide[v] = 1;
      queue.push(v);
    }
    while (queue.length > 0) {
      const u = queue.pop()!;
      for (let i = start[u]!; i < start[u + 1]!; i++) {
        const a = adj[i]!;
        const v = head[a]!;
        if (resCap[a]! > 0 && !stuckSide[v]) {
          stuckSide[v] = 1;
          queue.push(v);
        }
      }
    }
    this.lastCertificate = { resCap, arcCost, head, adj, start, potential };
    return { flow, cost: total, unrouted, excess, stuckSide };
  }

  private lastCertificate:
    | {
        resCap: Int32Array;
        arcCost: Float64Array;
        head: Int32Array;
        adj: Int32Array;
        start: Int32Array;
        potential: Float64Array;
      }
    | undefined;

  /**
   * The most negative reduced cost of any residual arc after the last solve. A value ≥ −tolerance
   * proves the flow optimal for its supplies (no negative cycle in the residual graph).
   */
  certify(): number {
    const c = this.lastCertificate;
    if (!c) throw new Error("solve() first");
    let worst = 0;
    for (let u = 0; u < this.n; u++) {
      for (let i = c.start[u]!; i < c.start[u + 1]!; i++) {
        const a = c.adj[i]!;
        if (c.resCap[a]! <= 0) continue;
        const reduced = c.arcCost[a]! + c.potential[u]! - c.potential[c.head[a]!]!;
        if (reduced < worst) worst = reduced;
      }
    }
    return worst;
  }
}

/** A binary min-heap of (node, key) with lazy deletion (stale entries are skipped by the caller). */
class BinaryHeap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }

  clear(): void {
    this.size = 0;
  }

  push(node: number, key: number): void {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.nodes.length * 2);
      nodes.set(this.nodes);
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.nodes[i] = this.nodes[parent]!;
      this.keys[i] = this.keys[parent]!;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }

  pop(): number {
    const top = this.nodes[0]!;
    const lastNode = this.nodes[--this.size]!;
    const lastKey = this.keys[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= lastKey) break;
      this.nodes[i] = this.nodes[child]!;
      this.keys[i] = this.keys[child]!;
      i = child;
    }
    this.nodes[i] = lastNode;
    this.keys[i] = lastKey;
    return top;
  }
}
