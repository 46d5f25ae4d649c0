import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { loadConfig } from "./server/config.js";

// The JS schema engine runs migrations through the same driver adapter as the app,
// so the CLI works offline (no schema-engine binary download).
export default defineConfig({
  engine: "js",
  experimental: { adapter: true },
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  async adapter() {
    const config = loadConfig();
    return new PrismaBetterSQLite3({ url: config.databaseUrl });
  },
});
