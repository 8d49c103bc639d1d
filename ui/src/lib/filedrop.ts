// Files dragged onto a pane: one implementation for every drop zone
// (badge import on the Badges list, evidence on a record's detail).

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
  return () => {
    el.removeEventListener("dragenter", enter);
    el.removeEventListener("dragover", over);
    el.removeEventListener("dragleave", leave);
    el.removeEventListener("drop", drop);
    onhover(false);
  };
}
