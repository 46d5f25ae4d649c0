/** Worker thread body: one HiGHS solve, so that the caller can end it at its deadline. */
import { parentPort, workerData } from "node:worker_threads";
import { solveMipInThisThread, type MipRequest } from "./assignment-mip.js";

const outcome = await solveMipInThisThread(workerData as MipRequest);
parentPort!.postMessage(outcome);
