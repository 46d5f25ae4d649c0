import { createHash } from "node:crypto";
import fs from "node:fs";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";

/** A file's size and sha256 (hex), as a backup manifest records them. */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/** A pass-through stream that hashes and counts what goes through it. */
function digesting(): { stream: Transform; digest: () => FileDigest } {
  const hash = createHash("sha256");
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { stream, digest: () => ({ bytes, sha256: hash.digest("hex") }) };
}

/** Reads the file in chunks (the event loop keeps turning between them). */
export async function fileDigest(file: string): Promise<FileDigest> {
  const { stream, digest } = digesting();
  // Nothing reads the hashed chunks: resume() lets them flow and drops them.
  await pipeline(fs.createReadStream(file), stream.resume());
  return digest();
}

/** Copies `from` to `to` (created with `mode`) and returns the digest of what was written, read once. */
export async function copyWithDigest(from: string, to: string, mode = 0o600): Promise<FileDigest> {
  const { stream, digest } = digesting();
  await pipeline(fs.createReadStream(from), stream, fs.createWriteStream(to, { mode, flags: "wx" }));
  return digest();
}
