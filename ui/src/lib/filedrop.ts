// Files dragged onto a pane: one implementation for every drop zone
// (badge import on the Badges list, evidence on a record's detail).
//
// Two sources feed the same zones: the webview's own drag events (files
// dragged within reach of the page), and drops from other programs such as a
// file manager, which the core takes from the window (WebKitGTK does not hand
// those to the page as files) and reports through a channel with the point
// where they happened. The zone under that point receives the files; their
// bytes come from the core by drop token and index, never by path.

import { Channel, invoke } from "@tauri-apps/api/core";
import type { FileDropEvent } from "./bindings/FileDropEvent";
import { toApiError } from "./api";
import { showError } from "./overlays.svelte";

type Zone = { el: HTMLElement; onhover: (hovering: boolean) => void; ondrop: (files: File[]) => void };
const zones = new Set<Zone>();
let watching = false;

/** The innermost registered zone containing the element at (x, y). */
export function zoneAt<T extends { el: HTMLElement }>(candidates: Iterable<T>, hit: Element | null): T | null {
  if (!hit) return null;
  let best: T | null = null;
  for (const z of candidates) {
    if (z.el.contains(hit) && (!best || best.el.contains(z.el))) best = z;
  }
  return best;
}

async function onNativeDrop(e: FileDropEvent): Promise<void> {
  const target = e.phase === "leave" ? null : zoneAt(zones, document.elementFromPoint(e.x, e.y));
  for (const z of zones) z.onhover(e.phase === "over" && z === target);
  if (e.phase !== "drop" || !target) return;
  const files: File[] = [];
  for (const [index, name] of e.names.entries()) {
    try {
      const bytes = await invoke<ArrayBuffer>("dropped_file", { token: e.token, index });
      files.push(new File([bytes], name));
    } catch (err) {
      showError(toApiError(err).message);
    }
  }
  if (files.length) target.ondrop(files);
}

function watchNativeDrops(): void {
  if (watching || typeof window === "undefined" || !("__TAURI_INTERNALS__" in window)) return;
  watching = true;
  const channel = new Channel<FileDropEvent>();
  channel.onmessage = (e) => void onNativeDrop(e);
  invoke("watch_file_drops", { channel }).catch(() => {
    watching = false;
  });
}

/** Whether a drag carries files (on dragenter/dragover only the types are known). */
export function dragHasFiles(types: readonly string[] | DOMStringList | null | undefined): boolean {
  if (!types) return false;
  return Array.from(types as ArrayLike<string>).includes("Files");
}

/**
 * Listens on `el` for files dragged over it: `onhover(true)` while files hover
 * (nested elements counted, so moving over children does not flicker),
 * `onhover(false)` when they leave or drop, `ondrop(files)` with the dropped
 * files. Returns the function that stops listening.
 */
export function listenForFileDrops(
  el: HTMLElement,
  onhover: (hovering: boolean) => void,
  ondrop: (files: File[]) => void,
): () => void {
  let depth = 0;
  const enter = (e: DragEvent) => {
    if (!dragHasFiles(e.dataTransfer?.types)) return;
    e.preventDefault();
    depth += 1;
    onhover(true);
  };
  const over = (e: DragEvent) => {
    if (!dragHasFiles(e.dataTransfer?.types)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    onhover(true);
  };
  const leave = () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) onhover(false);
  };
  const drop = (e: DragEvent) => {
    const files = [...(e.dataTransfer?.files ?? [])];
    depth = 0;
    onhover(false);
    if (!files.length) return;
    e.preventDefault();
    ondrop(files);
  };
  el.addEventListener("dragenter", enter);
  el.addEventListener("dragover", over);
  el.addEventListener("dragleave", leave);
  el.addEventListener("drop", drop);
  const zone: Zone = { el, onhover, ondrop };
  zones.add(zone);
  watchNativeDrops();
  return () => {
    zones.delete(zone);
    el.removeEventListener("dragenter", enter);
    el.removeEventListener("dragover", over);
    el.removeEventListener("dragleave", leave);
    el.removeEventListener("drop", drop);
    onhover(false);
  };
}
