// Where the keyboard focus goes when what had it disappears (a form closed,
// a record deleted), so a keyboard or screen-reader user is never left on
// the page's body.

import { tick } from "svelte";

/** Focuses the first element matching one of `selectors`, after the next render. */
export async function focusFirst(selectors: readonly string[], root: ParentNode = document): Promise<boolean> {
  await tick();
  for (const s of selectors) {
    const el = root.querySelector<HTMLElement>(s);
    if (el) {
      el.focus();
      return true;
    }
  }
  return false;
}

/** The record items of the list pane. */
function items(root: ParentNode): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>("[data-testid=record-item]")];
}

/** Where the selected item sits in the list now (-1 when none is selected). */
export function selectedIndex(root: ParentNode = document): number {
  return items(root).findIndex((e) => e.getAttribute("aria-current") === "true");
}

/**
 * After a delete: once the list has one item fewer than `before` (at most
 * ~1 s), focuses the item that took the deleted one's place `index` (or the
 * last one), else the "New" button.
 */
export async function focusAfterDelete(before: number, index: number, root: ParentNode = document): Promise<void> {
  for (let frame = 0; frame < 60 && items(root).length >= before; frame++) {
    await new Promise((r) => setTimeout(r, 16));
  }
  const list = items(root);
  const next = list[Math.min(Math.max(index, 0), list.length - 1)];
  if (next) next.focus();
  else await focusFirst(["[data-testid=new-record]"], root);
}
