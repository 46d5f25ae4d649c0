import { SqliteFtsIndex } from "../../matching/index.js";
import { runSearchIndexContract } from "./search-index.contract.js";

runSearchIndexContract("SqliteFtsIndex", () => new SqliteFtsIndex({ file: ":memory:" }));

// As the server configures it: bulk analysis always in worker threads, the caller only writing.
runSearchIndexContract(
  "SqliteFtsIndex (keepCallerResponsive)",
  () => new SqliteFtsIndex({ file: ":memory:", keepCallerResponsive: true }),
);
