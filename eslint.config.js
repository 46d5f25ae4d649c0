import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "server/db/generated/", "tmp/", "coverage/", "data/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: "module" },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // Small progressive-enhancement scripts served to browsers.
    files: ["views/assets/**/*.js"],
    languageOptions: {
      globals: { window: "readonly", document: "readonly", HTMLElement: "readonly", HTMLFormElement: "readonly" },
    },
  },
  {
    // Dependencies point inward: the matching engine knows nothing of the server or its frameworks.
    files: ["matching/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["**/server/**", "../server", "../../server"], message: "matching/ must not import server/." },
            {
              group: ["express", "socket.io", "@prisma/*", "**/db/generated/**"],
              message: "matching/ is pure: no Express, Socket.IO or Prisma.",
            },
          ],
        },
      ],
    },
  },
  {
    // The server reaches the engine only through its public API.
    files: ["server/**/*.ts", "scripts/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "matching/(?!index\\.js$).+",
              message: "Import the matching engine through matching/index.js only.",
            },
          ],
        },
      ],
    },
  },
  {
    // config.ts is the only reader of process.env.
    files: ["server/**/*.ts", "matching/**/*.ts"],
    ignores: ["server/config.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through server/config.ts." },
      ],
    },
  },
);
