import { describe, expect, it } from "vitest";
import { dragHasFiles, zoneAt } from "./filedrop";

// A tiny element tree: contains() as the DOM's.
type Node = { id: string; parent: Node | null; contains: (other: unknown) => boolean };
function node(id: string, parent: Node | null = null): Node {
  const n: Node = {
    id,
    parent,
    contains(other: unknown) {
      for (let cur = other as Node | null; cur; cur = cur.parent) if (cur === n) return true;
      return false;
    },
  };
  return n;
}

describe("drop zones", () => {
  const page = node("page");
  const list = node("list", page);
  const detail = node("detail", page);
  const evidence = node("evidence", detail);
  const button = node("button", evidence);
  const zones = [
    { el: list as unknown as HTMLElement, name: "badges" },
    { el: detail as unknown as HTMLElement, name: "detail" },
    { el: evidence as unknown as HTMLElement, name: "evidence" },
  ];

  it("picks the innermost zone under the point", () => {
    expect(zoneAt(zones, button as unknown as Element)?.name).toBe("evidence");
    expect(zoneAt([...zones].reverse(), button as unknown as Element)?.name).toBe("evidence");
    expect(zoneAt(zones, detail as unknown as Element)?.name).toBe("detail");
    expect(zoneAt(zones, list as unknown as Element)?.name).toBe("badges");
  });

  it("finds nothing outside every zone", () => {
    expect(zoneAt(zones, page as unknown as Element)).toBeNull();
    expect(zoneAt(zones, null)).toBeNull();
  });

  it("recognises file drags by their types", () => {
    expect(dragHasFiles(["text/uri-list", "Files"])).toBe(true);
    expect(dragHasFiles(["text/uri-list", "text/html"])).toBe(false);
    expect(dragHasFiles(null)).toBe(false);
  });
});
