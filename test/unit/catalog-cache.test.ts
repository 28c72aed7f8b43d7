// Catalogue answers cached per provider process (core/catalog-cache.ts): shared, bounded in time,
// never kept when they failed, and asked again before an input is refused on a cached answer.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { cachedCatalog, forgetCatalogs, lookUpCatalog } from "../../src/core/catalog-cache";

beforeEach(() => {
  vi.useFakeTimers();
  forgetCatalogs();
  delete process.env.DBAAS_CATALOG_TTL_S;
});
afterEach(() => vi.useRealTimers());

function counted<T>(answers: T[]) {
  let n = 0;
  return { fetch: async () => answers[Math.min(n++, answers.length - 1)], calls: () => n };
}

describe("catalogue cache", () => {
  it("concurrent and later callers share one request until the TTL ends", async () => {
    const f = counted([["16.4"]]);
    await Promise.all([cachedCatalog("k", f.fetch), cachedCatalog("k", f.fetch)]);
    vi.advanceTimersByTime(299_000);
    await cachedCatalog("k", f.fetch);
    expect(f.calls()).toBe(1);
    vi.advanceTimersByTime(2_000);
    await cachedCatalog("k", f.fetch);
    expect(f.calls()).toBe(2);
  });

  it("DBAAS_CATALOG_TTL_S=0 turns caching off", async () => {
    process.env.DBAAS_CATALOG_TTL_S = "0";
    const f = counted([1]);
    await cachedCatalog("k", f.fetch);
    await cachedCatalog("k", f.fetch);
    expect(f.calls()).toBe(2);
  });

  it("a failed look-up is not kept", async () => {
    let n = 0;
    const fetch = async () => {
      if (n++ === 0) throw new Error("HTTP 503");
      return "ok";
    };
    await expect(cachedCatalog("k", fetch)).rejects.toThrow("503");
    expect(await cachedCatalog("k", fetch)).toBe("ok");
  });

  it("a miss in a cached answer asks again before refusing; a miss in a fresh one does not", async () => {
    const f = counted([["16.4"], ["16.4", "17.0"]]);
    await cachedCatalog("k", f.fetch);
    const hit = await lookUpCatalog("k", f.fetch, (l) => l.find((v) => v === "17.0"));
    expect(hit.found).toBe("17.0");
    expect(f.calls()).toBe(2);
    const miss = await lookUpCatalog("other", counted([["16.4"]]).fetch, (l) => l.find((v) => v === "9"));
    expect(miss.found).toBeUndefined();
  });
});
