// Page zoom: Ctrl+= / Ctrl+- / Ctrl+0 (⌘ on macOS) step through the levels a
// browser offers, the level is remembered on this computer, and the webview
// zooms for real (the CSS viewport shrinks, so the layouts reflow as at a
// narrower window). Needs the `core:webview:allow-set-webview-zoom` permission.

import { invoke } from "@tauri-apps/api/core";

/** The zoom levels, as in browsers (1 = 100%). */
export const ZOOM_LEVELS: readonly number[] = [0.5, 0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3];

/** Where the level is remembered (localStorage). */
export const ZOOM_STORAGE_KEY = "lp.zoom";

export type ZoomStep = "in" | "out" | "reset";

/** What a key press asks of the zoom, if anything: Ctrl/⌘ with =, +, -, _ or 0 (main keys or keypad). */
export function zoomStep(e: Pick<KeyboardEvent, "key" | "ctrlKey" | "metaKey" | "altKey">): ZoomStep | null {
  if (!(e.ctrlKey || e.metaKey) || e.altKey) return null;
  switch (e.key) {
    case "=":
    case "+":
      return "in";
    case "-":
    case "_":
      return "out";
    case "0":
      return "reset";
    default:
      return null;
  }
}

/** The level after `step` from `current` (the nearest level above or below; 100% for reset). */
export function nextZoom(current: number, step: ZoomStep): number {
  if (step === "reset") return 1;
  const min = ZOOM_LEVELS[0] as number;
  const max = ZOOM_LEVELS[ZOOM_LEVELS.length - 1] as number;
  if (step === "in") return ZOOM_LEVELS.find((l) => l > current + 0.001) ?? max;
  return [...ZOOM_LEVELS].reverse().find((l) => l < current - 0.001) ?? min;
}

/** A remembered level, or 100% when there is none or it is not one of the levels. */
export function storedZoom(text: string | null): number {
  const n = Number(text);
  return text !== null && ZOOM_LEVELS.includes(n) ? n : 1;
}

/** "150%". */
export function zoomLabel(level: number): string {
  return `${Math.round(level * 100)}%`;
}

type Storage = Pick<globalThis.Storage, "getItem" | "setItem">;

/**
 * Zooms this webview: what `getCurrentWebview().setZoom(level)` of `@tauri-apps/api/webview` sends,
 * without that module (it brings the whole window API, about 25 kB, into the bundle).
 */
export function setWebviewZoom(level: number): Promise<void> {
  const internals = (globalThis as { __TAURI_INTERNALS__?: { metadata?: { currentWebview?: { label?: string } } } }).__TAURI_INTERNALS__;
  const label = internals?.metadata?.currentWebview?.label ?? "main";
  return invoke("plugin:webview|set_webview_zoom", { label, value: level });
}

/** Applies, remembers and announces the zoom; the webview and storage can be replaced in tests. */
export class PageZoom {
  level = 1;
  #setZoom: (level: number) => Promise<void>;
  #storage: Storage | null;

  constructor(
    setZoom: (level: number) => Promise<void> = setWebviewZoom,
    storage: Storage | null = typeof localStorage === "undefined" ? null : localStorage,
  ) {
    this.#setZoom = setZoom;
    this.#storage = storage;
  }

  /** Applies the remembered level (at start; nothing happens at 100%). */
  async restore(): Promise<void> {
    this.level = storedZoom(this.#storage?.getItem(ZOOM_STORAGE_KEY) ?? null);
    if (this.level !== 1) await this.#apply();
  }

  /** Handles a key press; returns the new level's label when it was a zoom key, else null. */
  async onkey(e: KeyboardEvent): Promise<string | null> {
    const step = zoomStep(e);
    if (!step) return null;
    e.preventDefault();
    this.level = nextZoom(this.level, step);
    this.#storage?.setItem(ZOOM_STORAGE_KEY, String(this.level));
    await this.#apply();
    return zoomLabel(this.level);
  }

  async #apply(): Promise<void> {
    try {
      await this.#setZoom(this.level);
    } catch (e) {
      // Without the permission the page stays as it is; nothing else breaks.
      console.warn(`Zoom to ${zoomLabel(this.level)} failed: ${String(e)}`);
    }
  }
}
