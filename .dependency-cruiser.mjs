/**
 * Layering rules (see ../shared/ARCHITECTURE.md and docs/decisions.md), checked in `npm run lint`.
 * ESLint keeps the finer rules (matching/ only through matching/index.ts, no process.env).
 */
const domainFolders = "^server/(accounts|knowledge|matches|salons|search|indexing|notifications|dashboard|shared|db)/";

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules never import each other in a circle, not even through type imports.",
      from: { path: "^(server|matching|scripts)/" },
      to: { circular: true },
    },
    {
      name: "realtime-not-http",
      severity: "error",
      comment: "The Socket.IO side shares errors, cookies and sessions through server/, never through server/http/.",
      from: { path: "^server/realtime/" },
      to: { path: "^server/http/" },
    },
    {
      name: "domain-not-outward",
      severity: "error",
      comment: "Domain folders know nothing of HTTP or Socket.IO: dependencies point inward.",
      from: { path: domainFolders },
      to: { path: "^server/(http|realtime)/" },
    },
    {
      name: "matching-not-server",
      severity: "error",
      comment: "matching/ is the pure engine: it never imports server/.",
      from: { path: "^matching/" },
      to: { path: "^server/" },
    },
    {
      name: "http-shared-not-features",
      severity: "error",
      comment: "platform/ and i18n/ are what every feature builds on; they never reach into a feature or the layout.",
      from: { path: "^server/http/(platform|i18n)/" },
      to: { path: "^server/http/", pathNot: "^server/http/(platform|i18n)/" },
    },
    {
      name: "feature-internals",
      severity: "error",
      comment:
        "A feature folder in server/http uses its own files, platform/, i18n/ and layout/. Of another feature it may " +
        "only use how that feature's records look (*.schemas.ts, *.presenter.ts, *.view-models.ts), never its routes, " +
        "pages, forms or helpers.",
      from: { path: "^server/http/([^/]+)/" },
      to: {
        path: "^server/http/[^/]+/",
        pathNot: ["^server/http/($1|platform|i18n|layout)/", "\\.(schemas|presenter|view-models)\\.ts$"],
      },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(server/db/generated|node_modules|dist)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
