/**
 * Live refill round trip: a scheduled docking event with `--participants` participants (half
 * needs, half experts; 5,000 by default), every one checked in, three meetings each over six
 * slots; `--sockets` participants (200) connected to /notifications and one organizer watching
 * the event on /events. The organizer marks `--no-shows` experts absent one after another
 * (HTTP), and each round trip is measured from sending the request to receiving that no-show's
 * `refill:proposed` on the organizer's socket. The server (app + Socket.IO) runs in this process
 * on a fresh migrated SQLite database; the clients are socket.io-client connections on loopback.
 *
 *   npm run bench:event-refill [-- --participants 5000 --sockets 200 --no-shows 60]
 *
 * Aim: refill round trip ≤ 300 ms p95. The last line is one JSON object, e.g.
 *   {"participants":5000,"sockets":200,"noShows":60,"refillRoundTripP50Ms":…,"refillRoundTripP95Ms":…,…}
 */
import { benchmarkFlags, parseCommandFlags } from "../cli/cli-flags.js";
import { measureRefillRoundTrip, refillOptionsSchema } from "./refill-round-trip.js";

const args = benchmarkFlags({
  name: "bench:event-refill",
  usage: "usage: npm run bench:event-refill [-- --participants 5000 --sockets 200 --no-shows 60 --seed N]",
  parse: (argv) =>
    parseCommandFlags(
      argv,
      {
        participants: { type: "string" },
        sockets: { type: "string" },
        "no-shows": { type: "string" },
        seed: { type: "string" },
      },
      refillOptionsSchema,
    ),
});
console.log(JSON.stringify(await measureRefillRoundTrip(args)));
