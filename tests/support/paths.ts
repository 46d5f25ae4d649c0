import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const testTmpDir = path.join(repoRoot, "tmp", "tests");
