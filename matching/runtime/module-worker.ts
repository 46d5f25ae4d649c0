import { Worker } from "node:worker_threads";

/**
 * Starts a worker thread on a module that sits beside the caller: the compiled `.js` file in a
 * build, the `.ts` source when the server runs from its sources (tsx, vitest). A worker thread
 * does not inherit the TypeScript loader of the main thread, so from sources it registers tsx
 * (a development dependency) itself before loading the module.
 *
 * `callerUrl` is the caller's `import.meta.url`; `baseName` the module's name without extension.
 */
export function startModuleWorker(callerUrl: string, baseName: string, workerData: unknown): Worker {
  const fromSources = callerUrl.endsWith(".ts");
  const moduleUrl = new URL(`./${baseName}${fromSources ? ".ts" : ".js"}`, callerUrl);
  if (!fromSources) return new Worker(moduleUrl, { workerData });
  const tsx = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const bootstrap = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
