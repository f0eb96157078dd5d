// The dashboard's built JS and CSS (web/dist/assets), raw and gzipped, and whether index.html loads each at start.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export interface AssetSize {
  file: string;
  /** Referenced by index.html (loaded on every visit) rather than imported later on demand. */
  entry: boolean;
  bytes: number;
  gzip_bytes: number;
}

const DIST = "web/dist";

export function measureBundle(dist = DIST): AssetSize[] {
  const index = readFileSync(join(dist, "index.html"), "utf8");
  const assets = readdirSync(join(dist, "assets"))
    .filter((file) => /\.(js|css)$/.test(file))
    .sort();
  if (!assets.length) throw new Error(`${dist}/assets holds no JS or CSS: was the dashboard built?`);
  return assets.map((file) => {
    const content = readFileSync(join(dist, "assets", file));
    // zlib's default level (6): about what a browser downloads when the response is compressed.
    return { file: `assets/${file}`, entry: index.includes(`assets/${file}`), bytes: content.length, gzip_bytes: gzipSync(content).length };
  });
}
