import { SqliteFtsIndex } from "../../matching/index.js";
import { runSearchIndexContract } from "./search-index.contract.js";

runSearchIndexContract("SqliteFtsIndex", () => new SqliteFtsIndex({ file: ":memory:" }));
