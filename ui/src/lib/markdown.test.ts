import { describe, expect, it } from "vitest";
import { excerpt, inlineText, parseInline, parseMarkdown, type Block, type List } from "./markdown";

const para = (b: Block | undefined) => {
  if (!b || b.type !== "paragraph") throw new Error(`expected a paragraph, got ${JSON.stringify(b)}`);
  return b.children;
};
const list = (b: Block | undefined): List => {
  if (!b || b.type !== "list") throw new Error(`expected a list, got ${JSON.stringify(b)}`);
  return b;
};

describe("block parsing", () => {
  it("reads headings of levels 1 to 3 and keeps #### as text", () => {
    const blocks = parseMarkdown("# One\n## Two ##\n### Three\n#### Four");
    expect(blocks.slice(0, 3)).toEqual([
      { type: "heading", level: 1, children: [{ type: "text", text: "One" }] },
      { type: "heading", level: 2, children: [{ type: "text", text: "Two" }] },
      { type: "heading", level: 3, children: [{ type: "text", text: "Three" }] },
    ]);
    expect(inlineText(para(blocks[3]))).toBe("#### Four");
  });

  it("needs a space after # (hashtags are text)", () => {
    expect(parseMarkdown("#science rocks")).toEqual([
      { type: "paragraph", children: [{ type: "text", text: "#science rocks" }] },
    ]);
  });

  it("splits paragraphs on blank lines and keeps single newlines as line breaks", () => {
    const blocks = parseMarkdown("first line\nsecond line\n\n\nnext paragraph");
    expect(blocks).toHaveLength(2);
    expect(para(blocks[0])).toEqual([
      { type: "text", text: "first line" },
      { type: "br" },
      { type: "text", text: "second line" },
    ]);
    expect(inlineText(para(blocks[1]))).toBe("next paragraph");
  });

  it("reads bullet lists with - and * and numbered lists with their start", () => {
    const blocks = parseMarkdown("- apples\n* pears\n\n3. three\n4. four");
    const bullets = list(blocks[0]);
    expect(bullets.ordered).toBe(false);
    expect(bullets.items.map((i) => inlineText(i.children))).toEqual(["apples", "pears"]);
    const numbers = list(blocks[1]);
    expect(numbers.ordered).toBe(true);
    expect(numbers.start).toBe(3);
    expect(numbers.items).toHaveLength(2);
  });

  it("nests lists by indentation", () => {
    const top = list(parseMarkdown("- fruit\n  - apple\n  - pear\n- veg\n  1. leek")[0]);
    expect(top.items).toHaveLength(2);
    const fruit = top.items[0];
    expect(fruit?.lists[0]?.items.map((i) => inlineText(i.children))).toEqual(["apple", "pear"]);
    expect(top.items[1]?.lists[0]?.ordered).toBe(true);
  });

  it("ends a list at a paragraph after a blank line, but continues an item on the next line", () => {
    const blocks = parseMarkdown("- one\n  still one\n\nafter");
    expect(list(blocks[0]).items[0]?.children).toEqual([
      { type: "text", text: "one" },
      { type: "br" },
      { type: "text", text: "still one" },
    ]);
    expect(inlineText(para(blocks[1]))).toBe("after");
  });

  it("does not take *emphasis* at the start of a line for a list item", () => {
    expect(parseMarkdown("*really* good")[0]?.type).toBe("paragraph");
  });

  it("handles Windows line endings", () => {
    expect(parseMarkdown("a\r\n\r\nb")).toHaveLength(2);
  });
});

describe("inline parsing", () => {
  it("reads bold, italic with * and _, and code", () => {
    expect(parseInline("**b** *i* _u_ `c`")).toEqual([
      { type: "strong", children: [{ type: "text", text: "b" }] },
      { type: "text", text: " " },
      { type: "em", children: [{ type: "text", text: "i" }] },
      { type: "text", text: " " },
      { type: "em", children: [{ type: "text", text: "u" }] },
      { type: "text", text: " " },
      { type: "code", text: "c" },
    ]);
  });

  it("nests italic inside bold and bold inside italic", () => {
    expect(parseInline("**bold *both***")).toEqual([
      {
        type: "strong",
        children: [
          { type: "text", text: "bold " },
          { type: "em", children: [{ type: "text", text: "both" }] },
        ],
      },
    ]);
    expect(parseInline("*it **bold** it*")).toEqual([
      {
        type: "em",
        children: [
          { type: "text", text: "it " },
          { type: "strong", children: [{ type: "text", text: "bold" }] },
          { type: "text", text: " it" },
        ],
      },
    ]);
  });

  it("keeps unclosed markers as literal text", () => {
    expect(parseInline("**bold and *it")).toEqual([{ type: "text", text: "**bold and *it" }]);
    expect(parseInline("a ` b")).toEqual([{ type: "text", text: "a ` b" }]);
    expect(parseInline("2 * 3 * 4")).toEqual([{ type: "text", text: "2 * 3 * 4" }]);
  });

  it("leaves underscores inside words alone", () => {
    expect(parseInline("snake_case_name")).toEqual([{ type: "text", text: "snake_case_name" }]);
  });

  it("does not read markers inside code", () => {
    expect(parseInline("`**not bold**`")).toEqual([{ type: "code", text: "**not bold**" }]);
  });

  it("honours backslash escapes", () => {
    expect(parseInline("\\*not italic\\*")).toEqual([{ type: "text", text: "*not italic*" }]);
  });

  it("keeps HTML as text", () => {
    const blocks = parseMarkdown("<script>alert('x')</script>\n\n**<b>hi</b>**");
    expect(para(blocks[0])).toEqual([{ type: "text", text: "<script>alert('x')</script>" }]);
    expect(para(blocks[1])).toEqual([{ type: "strong", children: [{ type: "text", text: "<b>hi</b>" }] }]);
  });

  it("stays fast on many unclosed markers", () => {
    const text = "*a _b ".repeat(4000);
    const start = performance.now();
    const out = parseInline(text);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(inlineText(out)).toBe(text);
  });
});

describe("excerpt", () => {
  it("flattens blocks to one line and shortens", () => {
    expect(excerpt("# Title\n\n- one\n- **two**")).toBe("Title one · two");
    expect(excerpt("x".repeat(200), 10)).toBe("xxxxxxxxx…");
  });
});
