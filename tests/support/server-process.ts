// The tests start server processes the way the benchmarks do.
export { startServerProcess, type ServerProcess } from "../../scripts/lib/server-process.js";
