import {
  SearchUnavailableError,
  type IndexSchema,
  type SearchDocument,
  type SearchIndex,
  type SearchRequest,
} from "../../matching/index.js";

/**
 * A real engine behind a switch that simulates an outage: while `down`, every call fails
 * the way an unreachable engine does. Used to prove writes survive search outages.
 */
export class OutageSearchIndex implements SearchIndex {
  down = false;
  constructor(private readonly inner: SearchIndex) {}
  get engine() {
    return this.inner.engine;
  }
  private guard(): void {
    if (this.down) throw new SearchUnavailableError("connect ECONNREFUSED (simulated outage)");
  }
  async applySchema(index: string, schema: IndexSchema) {
    this.guard();
    return this.inner.applySchema(index, schema);
  }
  async upsert(index: string, documents: readonly SearchDocument[]) {
    this.guard();
    return this.inner.upsert(index, documents);
  }
  async remove(index: string, ids: readonly string[]) {
    this.guard();
    return this.inner.remove(index, ids);
  }
  async listIds(index: string) {
    this.guard();
    return this.inner.listIds(index);
  }
  async search(index: string, request: SearchRequest) {
    this.guard();
    return this.inner.search(index, request);
  }
  async health() {
    return this.down ? { ok: false, engine: this.engine, detail: "unreachable" } : this.inner.health();
  }
  async close() {
    return this.inner.close();
  }
}
