// A small Markdown subset, parsed into a token tree that Svelte components
// render element by element. Nothing here ever produces HTML: text such as
// `<script>` stays text.
//
// Blocks: paragraphs (blank line between), `#`/`##`/`###` headings, bullet
// lists (`-` or `*`) and numbered lists (`1.` or `1)`), nested by indentation.
// Inline: `**bold**`, `*italic*` / `_italic_`, `` `code` ``, line breaks
// (a single newline inside a paragraph or list item), `\` escapes.
// Anything unclosed or unknown is kept as literal text.

export type Inline =
  | { type: "text"; text: string }
  | { type: "strong"; children: Inline[] }
  | { type: "em"; children: Inline[] }
  | { type: "code"; text: string }
  | { type: "br" };

export type ListItem = { children: Inline[]; lists: List[] };
export type List = { type: "list"; ordered: boolean; start: number; items: ListItem[] };
export type Block =
  | { type: "heading"; level: 1 | 2 | 3; children: Inline[] }
  | { type: "paragraph"; children: Inline[] }
  | List;

const ESCAPABLE = new Set(["\\", "*", "_", "`", "#", "-", "+", ".", "!", "[", "]", "(", ")"]);

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

// Inline parsing follows the idea of CommonMark's delimiter algorithm, much
// simplified: the text is first cut into pieces (text, code, line breaks and
// runs of `*` or `_`), then each run that can close emphasis looks back for a
// run that can open it. No recursion, and close to linear time even for text
// full of unmatched markers.

/** A run of `*` or `_` that may open or close emphasis. */
type Delim = { type: "delim"; ch: "*" | "_"; count: number; canOpen: boolean; canClose: boolean };
type Piece = Inline | Delim;
/** Pieces form a doubly linked list so that wrapping a range is cheap. */
type Link = { piece: Piece; prev: Link | null; next: Link | null };

function tokenize(s: string): Piece[] {
  const pieces: Piece[] = [];
  let buf = "";
  const flush = () => {
    if (buf) pieces.push({ type: "text", text: buf });
    buf = "";
  };
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === "\\" && i + 1 < s.length && ESCAPABLE.has(s[i + 1] as string)) {
      buf += s[i + 1];
      i += 2;
    } else if (c === "\n") {
      flush();
      pieces.push({ type: "br" });
      i += 1;
    } else if (c === "`" && s.indexOf("`", i + 1) > i + 1) {
      const j = s.indexOf("`", i + 1);
      flush();
      pieces.push({ type: "code", text: s.slice(i + 1, j) });
      i = j + 1;
    } else if (c === "*" || c === "_") {
      let j = i;
      while (s[j] === c) j += 1;
      const before = s[i - 1];
      const after = s[j];
      // `*` needs text on the inner side; `_` also must not sit inside a word (snake_case).
      const canOpen = !isSpace(after) && (c === "*" || !isWordChar(before));
      const canClose = !isSpace(before) && (c === "*" || !isWordChar(after));
      flush();
      pieces.push({ type: "delim", ch: c, count: j - i, canOpen, canClose });
      i = j;
    } else {
      buf += c;
      i += 1;
    }
  }
  flush();
  return pieces;
}

/** Inline nodes from pieces: leftover runs become text, adjacent text merges. */
function finish(pieces: Piece[]): Inline[] {
  const out: Inline[] = [];
  for (const p of pieces) {
    const node: Inline = p.type === "delim" ? { type: "text", text: p.ch.repeat(p.count) } : p;
    const last = out[out.length - 1];
    if (node.type === "text" && last?.type === "text") {
      out[out.length - 1] = { type: "text", text: last.text + node.text };
    } else if (node.type !== "text" || node.text) {
      out.push(node.type === "text" ? { ...node } : node);
    }
  }
  return out;
}

/** Parses inline Markdown (one paragraph's text, newlines included). */
export function parseInline(s: string): Inline[] {
  // Build the linked list.
  let head: Link | null = null;
  let tail: Link | null = null;
  for (const piece of tokenize(s)) {
    const link: Link = { piece, prev: tail, next: null };
    if (tail) tail.next = link;
    else head = link;
    tail = link;
  }

  // Per marker character, where the look-back for an opener may stop: below
  // it, an earlier search already found nothing.
  const bottom: Record<string, Link | null> = { "*": null, _: null };

  let closer = head;
  while (closer) {
    const c = closer.piece;
    if (c.type !== "delim" || !c.canClose || c.count === 0) {
      closer = closer.next;
      continue;
    }
    let opener = closer.prev;
    while (opener && opener !== bottom[c.ch]) {
      const o = opener.piece;
      if (o.type === "delim" && o.ch === c.ch && o.canOpen && o.count > 0) break;
      opener = opener.prev;
    }
    if (!opener || opener === bottom[c.ch]) {
      bottom[c.ch] = closer.prev;
      closer = closer.next;
      continue;
    }
    const o = opener.piece as Delim;
    const use = o.count >= 2 && c.count >= 2 ? 2 : 1;
    o.count -= use;
    c.count -= use;

    // Wrap everything between opener and closer.
    const inner: Piece[] = [];
    for (let l = opener.next; l && l !== closer; l = l.next) inner.push(l.piece);
    const node: Inline = { type: use === 2 ? "strong" : "em", children: finish(inner) };
    const wrap: Link = { piece: node, prev: opener, next: closer };
    opener.next = wrap;
    closer.prev = wrap;

    // Drop used-up runs.
    if (o.count === 0) {
      wrap.prev = opener.prev;
      if (opener.prev) opener.prev.next = wrap;
      else head = wrap;
    }
    if (c.count === 0) {
      wrap.next = closer.next;
      if (closer.next) closer.next.prev = wrap;
      closer = closer.next;
    }
    // Otherwise the same closer may close an outer opener too (`***`).
  }

  const pieces: Piece[] = [];
  for (let l = head; l; l = l.next) pieces.push(l.piece);
  return finish(pieces);
}

const HEADING = /^(#{1,3})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const HEADING_EMPTY = /^(#{1,3})[ \t]*$/;
const LIST_ITEM = /^([ \t]*)([-*+]|(\d{1,9})[.)])[ \t]+(.*)$/;

/** Indentation width, counting a tab as four spaces. */
function indentWidth(ws: string): number {
  let n = 0;
  for (const ch of ws) n += ch === "\t" ? 4 : 1;
  return n;
}

/** Parses a Markdown-subset document into blocks. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, "\n").split("\n");
  const blocks: Block[] = [];

  let para: string[] | null = null;
  // Open lists, outermost first; each knows its indentation.
  let stack: { indent: number; list: List }[] = [];
  // Lines of the list item being read (joined with line breaks when closed).
  let itemLines: string[] | null = null;
  let item: ListItem | null = null;

  const closeItem = () => {
    if (item && itemLines) item.children = parseInline(itemLines.join("\n"));
    item = null;
    itemLines = null;
  };
  const closeList = () => {
    closeItem();
    stack = [];
  };
  const closePara = () => {
    if (para) blocks.push({ type: "paragraph", children: parseInline(para.join("\n")) });
    para = null;
  };

  for (const line of lines) {
    if (line.trim() === "") {
      closePara();
      closeList();
      continue;
    }

    const li = LIST_ITEM.exec(line);
    if (li) {
      closePara();
      closeItem();
      const indent = indentWidth(li[1] ?? "");
      const ordered = li[3] !== undefined;
      const start = ordered ? Number(li[3]) : 1;
      const newList = (): List => ({ type: "list", ordered, start, items: [] });

      // Leave lists indented deeper than this item.
      while (stack.length > 1 && (stack[stack.length - 1] as { indent: number }).indent > indent) stack.pop();
      let top = stack[stack.length - 1];

      if (!top) {
        const list = newList();
        blocks.push(list);
        stack.push({ indent, list });
      } else if (indent > top.indent) {
        // Deeper: a list nested in the previous item.
        const parent = top.list.items[top.list.items.length - 1];
        const list = newList();
        if (parent) parent.lists.push(list);
        else top.list.items.push({ children: [], lists: [list] });
        stack.push({ indent, list });
      } else if (top.list.ordered !== ordered) {
        // Same level but another marker type: a new list beside it.
        const list = newList();
        stack.pop();
        const outer = stack[stack.length - 1];
        const parent = outer?.list.items[outer.list.items.length - 1];
        if (parent) parent.lists.push(list);
        else blocks.push(list);
        stack.push({ indent, list });
      }
      top = stack[stack.length - 1] as { indent: number; list: List };
      item = { children: [], lists: [] };
      itemLines = [li[4] ?? ""];
      top.list.items.push(item);
      continue;
    }

    // A non-item line right after an item continues that item.
    if (itemLines) {
      itemLines.push(line.trim());
      continue;
    }
    closeList();

    const h = HEADING.exec(line) ?? HEADING_EMPTY.exec(line);
    if (h && line.trimStart() === line) {
      closePara();
      const level = (h[1] as string).length as 1 | 2 | 3;
      blocks.push({ type: "heading", level, children: parseInline(h[2] ?? "") });
      continue;
    }

    if (para) para.push(line.trim());
    else para = [line.trim()];
  }
  closePara();
  closeList();
  return blocks;
}

/** The plain text of inline tokens (for excerpts and tests). */
export function inlineText(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case "text":
        case "code":
          return n.text;
        case "br":
          return "\n";
        default:
          return inlineText(n.children);
      }
    })
    .join("");
}

/** A one-line plain-text excerpt of a Markdown document (list previews). */
export function excerpt(source: string, max = 120): string {
  const text = parseMarkdown(source)
    .map((b) => (b.type === "list" ? b.items.map((i) => inlineText(i.children)).join(" · ") : inlineText(b.children)))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
