// `npm run build:openapi`: writes the OpenAPI document into the dashboard's build (web/dist/openapi.json), so a deployed
// Worker serves it as a static asset instead of spending a fifth of a second of CPU generating it on a request.
import { mkdirSync, writeFileSync } from "node:fs";
import { app } from "../src/api/app";
import { OPENAPI_ASSET_PATH, openApiDocument } from "../src/api/openapi-document";

const outfile = `web/dist${OPENAPI_ASSET_PATH}`;
mkdirSync("web/dist", { recursive: true });
writeFileSync(outfile, JSON.stringify(await openApiDocument(app)));
