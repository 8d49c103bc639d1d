import { clearMocks, mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import { describe, expect, it, vi } from "vitest";
import { nextZoom, PageZoom, setWebviewZoom, storedZoom, ZOOM_STORAGE_KEY, zoomLabel, zoomStep } from "./zoom";

const key = (k: string, mods: Partial<Pick<KeyboardEvent, "ctrlKey" | "metaKey" | "altKey">> = { ctrlKey: true }) =>
  ({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods, preventDefault: vi.fn() }) as unknown as KeyboardEvent;

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe("zoom keys", () => {
  it("knows Ctrl/⌘ with = + - _ 0 and nothing else", () => {
    expect(["=", "+", "-", "_", "0"].map((k) => zoomStep(key(k)))).toEqual(["in", "in", "out", "out", "reset"]);
    expect(zoomStep(key("=", { metaKey: true }))).toBe("in");
    expect(zoomStep(key("=", {}))).toBeNull();
    expect(zoomStep(key("=", { ctrlKey: true, altKey: true }))).toBeNull();
    expect(zoomStep(key("s"))).toBeNull();
  });

  it("steps through the levels and stops at the ends", () => {
    expect(nextZoom(1, "in")).toBe(1.1);
    expect(nextZoom(1.75, "in")).toBe(2);
    expect(nextZoom(1, "out")).toBe(0.9);
    expect(nextZoom(3, "in")).toBe(3);
    expect(nextZoom(0.5, "out")).toBe(0.5);
    expect(nextZoom(1.3, "out")).toBe(1.25);
    expect(nextZoom(2.5, "reset")).toBe(1);
    expect(zoomLabel(0.67)).toBe("67%");
  });

  it("accepts only a known remembered level", () => {
    expect(storedZoom("1.5")).toBe(1.5);
    expect(storedZoom(null)).toBe(1);
    expect(storedZoom("")).toBe(1);
    expect(storedZoom("7")).toBe(1);
    expect(storedZoom("abc")).toBe(1);
  });
});

describe("PageZoom", () => {
  it("zooms the webview, remembers the level and restores it next time", async () => {
    const applied: number[] = [];
    const storage = memoryStorage();
    const zoom = new PageZoom(async (l) => void applied.push(l), storage);
    await zoom.restore();
    expect(applied).toEqual([]);
    const e = key("=");
    expect(await zoom.onkey(e)).toBe("110%");
    expect(e.preventDefault).toHaveBeenCalled();
    for (let i = 0; i < 4; i++) await zoom.onkey(key("+"));
    expect(zoom.level).toBe(2);
    expect(storage.data.get(ZOOM_STORAGE_KEY)).toBe("2");
    expect(await zoom.onkey(key("a"))).toBeNull();

    const again = new PageZoom(async (l) => void applied.push(l), storage);
    await again.restore();
    expect(applied.at(-1)).toBe(2);
    expect(await again.onkey(key("0"))).toBe("100%");
    expect(applied.at(-1)).toBe(1);
  });

  it("keeps working when the webview refuses (no permission)", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const zoom = new PageZoom(() => Promise.reject("webview.set_webview_zoom not allowed"), memoryStorage());
    expect(await zoom.onkey(key("-"))).toBe("90%");
    expect(warn).toHaveBeenCalledWith("Zoom to 90% failed: webview.set_webview_zoom not allowed");
    warn.mockRestore();
  });
});

describe("setWebviewZoom", () => {
  it("sends what the webview API's setZoom sends, for this webview", async () => {
    vi.stubGlobal("window", globalThis);
    const calls: [string, unknown][] = [];
    mockIPC((cmd, payload) => {
      calls.push([cmd, payload]);
      return null;
    });
    await setWebviewZoom(1.5);
    mockWindows("other");
    await setWebviewZoom(2);
    expect(calls).toEqual([
      ["plugin:webview|set_webview_zoom", { label: "main", value: 1.5 }],
      ["plugin:webview|set_webview_zoom", { label: "other", value: 2 }],
    ]);
    clearMocks();
    vi.unstubAllGlobals();
  });
});
