import { describe, expect, it } from "vitest";
import { LoginThrottle } from "../../../../server/accounts/login-throttle.js";

describe("LoginThrottle", () => {
  const make = () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 1000, now: () => now });
    return { throttle, advance: (ms: number) => (now += ms) };
  };

  it("refuses attempts after the allowed failures within the window", () => {
    const { throttle } = make();
    for (let i = 0; i < 3; i += 1) throttle.failed("k");
    expect(() => throttle.assertAllowed("k")).toThrow(expect.objectContaining({ code: "rate_limited" }));
    expect(() => throttle.assertAllowed("other")).not.toThrow();
  });

  it("allows attempts again once the window has passed", () => {
    const { throttle, advance } = make();
    for (let i = 0; i < 3; i += 1) throttle.failed("k");
    advance(1001);
    expect(() => throttle.assertAllowed("k")).not.toThrow();
  });

  it("forgets failures after a successful sign-in", () => {
    const { throttle } = make();
    throttle.failed("k");
    throttle.failed("k");
    throttle.succeeded("k");
    throttle.failed("k");
    expect(() => throttle.assertAllowed("k")).not.toThrow();
  });
});
