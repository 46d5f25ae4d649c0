import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedInAgent } from "../support/factories.js";
import { startTestServer, type RunningTestServer } from "../support/test-app.js";

let server: RunningTestServer;
let enterprise: SignedInAgent;

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: "loopback" });
  enterprise = await signUp(server.app, server.container, { role: "enterprise" });
});
afterAll(async () => {
  await server?.close();
});

describe("caching of what belongs to one user", () => {
  it("forbids storing /api/me (it carries the CSRF token) and signed-in pages", async () => {
    for (const path of ["/api/me", "/needs", "/needs/new", "/"]) {
      const response = await enterprise.agent.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers["cache-control"], path).toBe("no-store");
    }
    const { token } = await server.container.accounts.issueToken(enterprise.userId, "headers");
    const withToken = await request(server.app).get("/api/me").set("Authorization", `Bearer ${token}`);
    expect(withToken.headers["cache-control"]).toBe("no-store");
  });

  it("forbids storing the answers that hand out a session or a token", async () => {
    const login = await request(server.app)
      .post("/api/auth/login")
      .send({ email: enterprise.email, password: enterprise.password });
    expect(login.status).toBe(200);
    expect(login.headers["cache-control"]).toBe("no-store");
  });

  it("lets public pages be cached as usual", async () => {
    const response = await request(server.app).get("/needs");
    expect(response.headers["cache-control"]).toBeUndefined();
  });
});

describe("transport security", () => {
  it("sends HSTS only over HTTPS (here: told so by a trusted proxy)", async () => {
    expect((await request(server.app).get("/healthz")).headers["strict-transport-security"]).toBeUndefined();
    const viaProxy = await request(server.app).get("/healthz").set("X-Forwarded-Proto", "https");
    expect(viaProxy.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  });

  it("sends the security headers with the Socket.IO client script", async () => {
    for (const file of ["socket.io.js", "socket.io.min.js"]) {
      const response = await fetch(`${server.baseUrl}/socket.io/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get("x-content-type-options"), file).toBe("nosniff");
      expect(response.headers.get("content-security-policy"), file).toContain("default-src 'self'");
      expect(response.headers.get("x-frame-options"), file).toBe("DENY");
      expect(response.headers.get("referrer-policy"), file).toBe("same-origin");
    }
  });
});
