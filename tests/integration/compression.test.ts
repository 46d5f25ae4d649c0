import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

/** A raw GET (no client that decodes for us): the status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      })
      .on("error", reject);
  });
}

describe("compressed responses", () => {
  let server: RunningTestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("sends pages gzip- or brotli-compressed, as the client prefers, and they decode to the page", async () => {
    const gzip = await rawGet(`${server.baseUrl}/salons`, { "accept-encoding": "gzip" });
    expect(gzip.status).toBe(200);
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.headers.vary).toMatch(/Accept-Encoding/i);
    expect(zlib.gunzipSync(gzip.body).toString("utf8")).toContain("</html>");

    const brotli = await rawGet(`${server.baseUrl}/salons`, { "accept-encoding": "br, gzip" });
    expect(brotli.headers["content-encoding"]).toBe("br");
    const page = zlib.brotliDecompressSync(brotli.body).toString("utf8");
    expect(page).toContain("</html>");
    expect(brotli.body.length).toBeLessThan(Buffer.byteLength(page) / 2);

    const plain = await rawGet(`${server.baseUrl}/salons`, {});
    expect(plain.headers["content-encoding"]).toBeUndefined();
  });

  it("compresses JSON and stylesheets too", async () => {
    const json = await rawGet(`${server.baseUrl}/api/openapi.json`, { "accept-encoding": "gzip" });
    expect(json.headers["content-encoding"]).toBe("gzip");
    const css = await rawGet(`${server.baseUrl}/assets/app.css`, { "accept-encoding": "gzip" });
    expect(css.headers["content-encoding"]).toBe("gzip");
  });

  it("leaves Socket.IO's own requests alone: the polling handshake still answers an open packet", async () => {
    const handshake = await rawGet(`${server.baseUrl}/socket.io/?EIO=4&transport=polling`, {
      "accept-encoding": "gzip, br",
    });
    expect(handshake.status).toBe(200);
    expect(handshake.headers["content-encoding"]).toBeUndefined();
    expect(handshake.body.toString("utf8")).toMatch(/^0\{"sid":/);
  });

  it("serves a favicon at /favicon.ico and as SVG", async () => {
    const ico = await rawGet(`${server.baseUrl}/favicon.ico`, {});
    expect(ico.status).toBe(200);
    expect(ico.headers["content-type"]).toMatch(/icon/);
    expect([...ico.body.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO header
    const svg = await rawGet(`${server.baseUrl}/assets/favicon.svg`, {});
    expect(svg.status).toBe(200);
    expect(svg.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    const page = await rawGet(`${server.baseUrl}/`, {});
    expect(page.body.toString("utf8")).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
  });
});
