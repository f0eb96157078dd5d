// An HTML page as the text a model reads, through the Workers runtime's streaming HTMLRewriter (no DOM, no parser of
// our own): the title, headings as `#` lines, paragraphs and list items on lines of their own, links as
// `[text](absolute href)`; scripts, styles, the head and navigation chrome (nav, aside, footer, hidden parts) dropped.

/** Elements whose content is never text for the reader. */
const DROPPED = "head, script, style, noscript, template, svg, iframe, object, canvas, nav, aside, footer, [hidden], [aria-hidden=true], [role=navigation]";
/** Elements that start a block of their own: their text goes on a new paragraph. */
const BLOCKS = "p, div, section, article, main, header, table, blockquote, figure, figcaption, dl, dt, dd, address, hr, form";
const HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"] as const;

export interface PageText {
  title: string;
  text: string;
}

export async function htmlToText(page: Response, baseUrl: string): Promise<PageText> {
  const out: string[] = [];
  let title = "";
  let dropped = 0;
  let preformatted = 0;
  /** Runs `onEnd` at the element's end tag; false when it has none (void elements and `<x/>`, which the runtime refuses). */
  const atEnd = (element: Element, onEnd: () => void): boolean => {
    try {
      element.onEndTag(onEnd);
      return true;
    } catch {
      return false;
    }
  };
  const emit = (text: string) => {
    if (dropped === 0) out.push(text);
  };

  let rewriter = new HTMLRewriter()
    .on("title", {
      text(chunk) {
        title += chunk.text;
      },
    })
    .on(DROPPED, {
      element(element) {
        if (atEnd(element, () => dropped--)) dropped++;
      },
    })
    .on(BLOCKS, { element: () => emit("\n\n") })
    .on("br, tr", { element: () => emit("\n") })
    .on("td, th", { element: () => emit(" ") })
    .on("li", { element: () => emit("\n- ") })
    .on("pre", {
      element(element) {
        emit("\n\n");
        const closes = atEnd(element, () => {
          preformatted--;
          emit("\n\n");
        });
        if (closes) preformatted++;
      },
    })
    .on("a[href]", {
      element(element) {
        const href = absoluteHref(element.getAttribute("href") ?? "", baseUrl);
        if (!href || dropped > 0) return;
        if (atEnd(element, () => emit(`](${href})`))) out.push("[");
      },
    });
  for (const [index, heading] of HEADINGS.entries()) {
    rewriter = rewriter.on(heading, {
      element(element) {
        emit(`\n\n${"#".repeat(index + 1)} `);
        atEnd(element, () => emit("\n\n"));
      },
    });
  }
  rewriter = rewriter.onDocument({
    text(chunk) {
      if (dropped > 0 || !chunk.text) return;
      const text = decodeEntities(chunk.text);
      out.push(preformatted > 0 ? text : text.replace(/\s+/g, " "));
    },
  });
  await rewriter.transform(page).arrayBuffer();
  return { title: decodeEntities(title).replace(/\s+/g, " ").trim(), text: tidy(out.join("")) };
}

/** An http(s) link made absolute; in-page anchors and other schemes (javascript:, mailto:) are kept as text only. */
function absoluteHref(raw: string, baseUrl: string): string | null {
  if (raw.startsWith("#")) return null;
  try {
    const url = new URL(decodeEntities(raw.trim()), baseUrl);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Trailing spaces off every line, at most one blank line in a row, no empty list items or links. */
function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t]+$/, "").replace(/^ +(?=\S)/, ""))
    .filter((line) => line !== "-")
    .join("\n")
    .replace(/\[\s*\]\([^)]*\)/g, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", hellip: "…", copy: "©" };

/** HTMLRewriter hands text over as written, character references included. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== "#") return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
